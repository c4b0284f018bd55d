/**
 * A small history router: path patterns with `:params`, a hook that re-renders on navigation,
 * and `navigate()`. No dependency; the server answers unknown paths with `index.html`.
 */
import { useEffect, useState } from 'react';

/** A route's path pattern, e.g. `/cases/:id`. */
export type Pattern = string;

/** Parameters captured from a path (`/cases/:id` on `/cases/abc` gives `{ id: 'abc' }`). */
export type Params = Readonly<Record<string, string>>;

/**
 * Matches `path` against `pattern`. Segments are compared literally except `:name`, which captures
 * one non-empty segment (URI-decoded). A trailing slash is ignored.
 *
 * @returns the captured parameters, or null when the path does not match.
 */
export function matchPath(pattern: Pattern, path: string): Params | null {
  const split = (s: string): string[] => s.replace(/\/+$/, '').split('/').filter(Boolean);
  const want = split(pattern);
  const got = split(path);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(g);
      } catch {
        return null;
      }
      params[w.slice(1)] = value;
    } else if (w !== g) return null;
  }
  return params;
}

const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

/** Goes to `to` (a path, optionally with `?query` and `#hash`) without reloading the page. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  notify();
}

export interface Location {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

function current(): Location {
  const { pathname, search, hash } = window.location;
  return { pathname, search, hash };
}

/** The current location; the component re-renders on every navigation. */
export function useLocation(): Location {
  const [loc, setLoc] = useState<Location>(current);
  useEffect(() => {
    const l = (): void => setLoc(current());
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return loc;
}
