// Owns the console's addresses: hash routes (`#/processes/<id>?tab=…`), so any path the server
// answers with index.html works and reloads keep the page.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** The path after `#`, e.g. `/processes/abc`. */
  path: string;
  segments: string[];
  query: URLSearchParams;
}

type QueryInput = Record<string, string | number | undefined | null>;

const CHANGED = 'sluice:route';

export function currentRoute(): Route {
  const hash = window.location.hash.replace(/^#/, '');
  const [path = '', search = ''] = hash.split('?');
  const clean = path.startsWith('/') ? path : `/${path}`;
  return {
    path: clean,
    segments: clean.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(search),
  };
}

export function href(path: string, query: QueryInput = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const search = params.toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

/** Goes to a page, adding a history entry (the Back button returns). */
export function navigate(path: string, query: QueryInput = {}): void {
  window.location.hash = href(path, query);
}

/**
 * Changes the query of the current page without a history entry (typing in a search field
 * should not fill the Back button's history).
 */
export function replaceQuery(changes: QueryInput): void {
  const route = currentRoute();
  const query: QueryInput = Object.fromEntries(route.query);
  Object.assign(query, changes);
  window.history.replaceState(null, '', href(route.path, query));
  window.dispatchEvent(new Event(CHANGED));
}

/** The current route, re-rendering on every change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('hashchange', update);
    window.addEventListener(CHANGED, update);
    return () => {
      window.removeEventListener('hashchange', update);
      window.removeEventListener(CHANGED, update);
    };
  }, []);
  return route;
}

export function Link({
  to,
  query,
  class: className,
  children,
  ...rest
}: {
  to: string;
  query?: QueryInput;
  class?: string;
  children: ComponentChildren;
  title?: string;
  'aria-current'?: 'page' | undefined;
}) {
  return (
    <a href={href(to, query)} class={className} {...rest}>
      {children}
    </a>
  );
}
