// The console's shell: the session (detected on load, so a reload stays signed in), the top bar
// with the workspace switcher and sign-out, the navigation, and the page of the current route.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, errorMessage, selectWorkspace, whenSignedOut } from './api';
import type { CurrentUser, Workspace } from './model';
import { InstancePage } from './pages/instance';
import { InstancesPage } from './pages/instances';
import { NewProcessPage } from './pages/process-new';
import { ProcessPage } from './pages/process';
import { ProcessesPage } from './pages/processes';
import { ApiKeysPage } from './pages/resources/api-keys';
import { CredentialsPage } from './pages/resources/credentials';
import { DataTypesPage } from './pages/resources/data-types';
import { SchedulesPage } from './pages/resources/schedules';
import { UsagePage } from './pages/resources/usage';
import { WebhooksPage } from './pages/resources/webhooks';
import { RunPage } from './pages/run';
import { SignInPage } from './pages/sign-in';
import { Link, useRoute, type Route } from './router';
import { ErrorBox, Loading, PageHeader } from './ui';

interface Session {
  workspaces: Workspace[];
  user: CurrentUser | null;
}

/** undefined while the first check runs; null when signed out. */
type SessionState = Session | null | undefined;

const WORKSPACE_KEY = 'sluice.workspaceId';

function storedWorkspace(): string | null {
  try {
    return window.localStorage.getItem(WORKSPACE_KEY);
  } catch {
    return null;
  }
}

function rememberWorkspace(id: string): void {
  try {
    window.localStorage.setItem(WORKSPACE_KEY, id);
  } catch {
    // Storage may be disabled; the choice then lasts until the next reload.
  }
}

/** The last workspace chosen in this browser if still accessible, else the personal one. */
function initialWorkspace(workspaces: Workspace[]): string | undefined {
  const usable = workspaces.filter((w) => w.hasAccess !== false);
  const stored = storedWorkspace();
  if (stored && usable.some((w) => w.id === stored)) return stored;
  return (usable.find((w) => w.type === 1) ?? usable[0])?.id;
}

/** Every user's own workspace is called "Personal"; any other name gets the hint. */
function workspaceLabel(workspace: Workspace): string {
  if (workspace.type !== 1 || /^personal$/i.test(workspace.workspace)) return workspace.workspace;
  return `${workspace.workspace} (personal)`;
}

const NAVIGATION: { section: string; path: string; label: string }[] = [
  { section: 'processes', path: '/processes', label: 'Processes' },
  { section: 'instances', path: '/instances', label: 'Instances' },
  { section: 'schedules', path: '/schedules', label: 'Schedules' },
  { section: 'webhooks', path: '/webhooks', label: 'Webhooks' },
  { section: 'credentials', path: '/credentials', label: 'Credentials' },
  { section: 'data-types', path: '/data-types', label: 'Data types' },
  { section: 'api-keys', path: '/api-keys', label: 'API keys' },
  { section: 'usage', path: '/usage', label: 'Usage' },
];

function page(route: Route): ComponentChildren {
  const [section = 'processes', id, sub] = route.segments;
  switch (section) {
    case 'processes':
      if (id === 'new' && !sub) return <NewProcessPage />;
      if (id && sub === 'run') return <RunPage processId={id} />;
      if (id && !sub) return <ProcessPage processId={id} />;
      if (!id) return <ProcessesPage />;
      break;
    case 'instances':
      if (id && !sub) return <InstancePage instanceId={id} />;
      if (!id) return <InstancesPage />;
      break;
    case 'schedules':
      return <SchedulesPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'credentials':
      return <CredentialsPage />;
    case 'data-types':
      return <DataTypesPage />;
    case 'api-keys':
      return <ApiKeysPage />;
    case 'usage':
      return <UsagePage />;
  }
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no page at <code>#{route.path}</code>. <Link to="/processes">Go to processes</Link>
        .
      </p>
    </>
  );
}

export function App() {
  const [session, setSession] = useState<SessionState>(undefined);
  const [checkError, setCheckError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [workspaceId, setWorkspaceId] = useState<string | undefined>(undefined);
  const signedIn = useRef(false);
  const route = useRoute();

  const loadSession = useCallback(async () => {
    setCheckError(undefined);
    try {
      // The CLI's own probe (API.md §1.5): it answers only with a valid session.
      const workspaces = await api<Workspace[]>('/api/Workspaces');
      const user = await api<CurrentUser>('/api/Users/me').catch(() => null);
      const chosen = initialWorkspace(workspaces);
      selectWorkspace(chosen);
      setWorkspaceId(chosen);
      signedIn.current = true;
      setNotice(undefined);
      setSession({ workspaces, user });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        setSession(null);
      } else {
        setCheckError(error);
      }
    }
  }, []);

  useEffect(() => {
    whenSignedOut(() => {
      if (signedIn.current) setNotice('Your session has ended. Sign in again.');
      signedIn.current = false;
      setSession(null);
    });
    void loadSession();
  }, [loadSession]);

  const signOut = async () => {
    try {
      await api('/api/Authentication/logOut', { method: 'POST' });
      setNotice('You are signed out.');
    } catch (error) {
      setNotice(
        `Signing out failed on the server (${errorMessage(error)}); the session was dropped here.`,
      );
    }
    signedIn.current = false;
    setSession(null);
  };

  const switchWorkspace = (id: string) => {
    selectWorkspace(id);
    rememberWorkspace(id);
    setWorkspaceId(id);
  };

  if (checkError !== undefined)
    return (
      <main class="sign-in">
        <div class="sign-in-card">
          <h1>Sluice</h1>
          <p>The server could not be reached.</p>
          <ErrorBox error={checkError} />
          <button type="button" class="primary" onClick={() => void loadSession()}>
            Try again
          </button>
        </div>
      </main>
    );
  if (session === undefined) return <Loading label="Connecting…" />;
  if (session === null) return <SignInPage notice={notice} onSignedIn={() => void loadSession()} />;

  const section = route.segments[0] ?? 'processes';
  const userName =
    [session.user?.firstName, session.user?.lastName].filter(Boolean).join(' ') ||
    session.user?.userName ||
    'Signed in';
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="#/processes">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          Sluice
        </a>
        <label class="workspace-switcher">
          <span>Workspace</span>
          <select
            aria-label="Workspace"
            value={workspaceId}
            onChange={(event) => switchWorkspace(event.currentTarget.value)}
          >
            {session.workspaces.map((workspace) => (
              <option key={workspace.id} value={workspace.id} disabled={!workspace.hasAccess}>
                {workspaceLabel(workspace)}
              </option>
            ))}
          </select>
        </label>
        <span class="topbar-spacer" />
        <span class="user" title={session.user?.email ?? undefined}>
          {userName}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <nav class="sidenav" aria-label="Main">
        <ul>
          {NAVIGATION.map((item) => (
            <li key={item.section}>
              <Link
                to={item.path}
                class={section === item.section ? 'active' : undefined}
                aria-current={section === item.section ? 'page' : undefined}
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* Keyed by workspace: switching reloads every page's data for the new workspace. */}
      <main class="content" key={workspaceId}>
        {page(route)}
      </main>
    </div>
  );
}
