// Signing in: a cookie-mode login (API.md §1.1), so the session lives in HttpOnly cookies the
// console never sees; and the password reset (§1.4) whose e-mailed link opens the console at
// `/?resetToken=…`.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox, Field, useAction } from '../ui';

type Step = 'sign-in' | 'forgot' | 'reset';

/** The reset token of an e-mailed link, read once from the address. */
function resetTokenInAddress(): string | null {
  return new URLSearchParams(window.location.search).get('resetToken');
}

/** Drops `?resetToken=…` from the address so a reload or a shared link does not carry it. */
function forgetResetToken(): void {
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
}

function Card({ children, label }: { children: ComponentChildren; label: string }) {
  return (
    <main class="sign-in">
      <div class="sign-in-card" role="group" aria-label={label}>
        <h1>
          <img src="/favicon.svg" alt="" width={28} height={28} /> Sluice
        </h1>
        {children}
      </div>
    </main>
  );
}

export function SignInPage({ notice, onSignedIn }: { notice?: string; onSignedIn: () => void }) {
  const [resetToken] = useState(resetTokenInAddress);
  const [step, setStep] = useState<Step>(resetToken ? 'reset' : 'sign-in');
  const [message, setMessage] = useState<string | undefined>(notice);
  const show = (next: Step, text?: string) => {
    setStep(next);
    setMessage(text);
  };
  if (step === 'forgot') return <ForgotPassword onDone={(text) => show('sign-in', text)} />;
  if (step === 'reset' && resetToken)
    return (
      <ResetPassword
        token={resetToken}
        onDone={(text) => {
          forgetResetToken();
          show('sign-in', text);
        }}
      />
    );
  return <SignInForm message={message} onSignedIn={onSignedIn} onForgot={() => show('forgot')} />;
}

function SignInForm({
  message,
  onSignedIn,
  onForgot,
}: {
  message?: string;
  onSignedIn: () => void;
  onForgot: () => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useAction(async () => {
    await api('/api/Authentication', {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', username, password }),
    });
    onSignedIn();
  });
  return (
    <Card label="Sign in">
      <form
        class="sign-in-form"
        onSubmit={(event) => {
          event.preventDefault();
          void signIn.invoke();
        }}
      >
        <p class="muted">Sign in to manage processes and watch them run.</p>
        {message && <p class="notice">{message}</p>}
        <Field label="User name">
          <input
            name="username"
            autocomplete="username"
            required
            autofocus
            value={username}
            onInput={(event) => setUsername(event.currentTarget.value)}
          />
        </Field>
        <Field label="Password">
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </Field>
        <ErrorBox error={signIn.error} />
        <button type="submit" class="primary" disabled={signIn.busy}>
          {signIn.busy ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" class="link-button" onClick={onForgot}>
          Forgot your password?
        </button>
      </form>
    </Card>
  );
}

function ForgotPassword({ onDone }: { onDone: (message?: string) => void }) {
  const [email, setEmail] = useState('');
  const request = useAction(async () => {
    const answer = await api<{ message?: string }>('/api/Users/password/forgot', {
      method: 'POST',
      body: { email },
    });
    onDone(answer?.message ?? 'If the address is known, a reset e-mail was sent.');
  });
  return (
    <Card label="Reset your password">
      <form
        class="sign-in-form"
        onSubmit={(event) => {
          event.preventDefault();
          void request.invoke();
        }}
      >
        <p class="muted">
          Enter the e-mail address of your account; a link to choose a new password is sent to it
          when the server can send mail.
        </p>
        <Field label="E-mail address">
          <input
            type="email"
            autocomplete="email"
            required
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </Field>
        <ErrorBox error={request.error} />
        <button type="submit" class="primary" disabled={request.busy}>
          Send the link
        </button>
        <button type="button" class="link-button" onClick={() => onDone()}>
          Back to sign in
        </button>
      </form>
    </Card>
  );
}

function ResetPassword({ token, onDone }: { token: string; onDone: (message?: string) => void }) {
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const update = useAction(async () => {
    if (password !== repeated) throw new Error('The two passwords differ.');
    await api('/api/Users/password/update', { method: 'POST', body: { token, password } });
    onDone('Your password is changed. Sign in with the new one.');
  });
  return (
    <Card label="Choose a new password">
      <form
        class="sign-in-form"
        onSubmit={(event) => {
          event.preventDefault();
          void update.invoke();
        }}
      >
        <p class="muted">Choose a new password (8 to 128 characters).</p>
        <Field label="New password">
          <input
            type="password"
            autocomplete="new-password"
            required
            minLength={8}
            maxLength={128}
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </Field>
        <Field label="New password again">
          <input
            type="password"
            autocomplete="new-password"
            required
            value={repeated}
            onInput={(event) => setRepeated(event.currentTarget.value)}
          />
        </Field>
        <ErrorBox error={update.error} />
        <button type="submit" class="primary" disabled={update.busy}>
          Set the password
        </button>
        <button type="button" class="link-button" onClick={() => onDone()}>
          Back to sign in
        </button>
      </form>
    </Card>
  );
}
