/**
 * The signed-in session as the screens see it (`GET /session`): who, which stage of sign-in,
 * the CSRF token and the capabilities that decide which screens the navigation offers.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { SessionInfo, StaffRole } from '../../src/contracts/index.ts';
import { onUnauthenticated, setCsrfToken } from './api/client.ts';
import { api } from './api/endpoints.ts';

export interface SessionState {
  /** Null until the first `GET /session` answered. */
  readonly info: SessionInfo | null;
  readonly error: unknown;
  /** Asks the server again. */
  readonly refresh: () => Promise<SessionInfo | null>;
  /** Takes a `SessionInfo` a sign-in route answered. */
  readonly set: (info: SessionInfo) => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider(props: { readonly children: ReactNode }): ReactNode {
  const [info, setInfo] = useState<SessionInfo | null>(null);
  const [error, setError] = useState<unknown>(null);

  const refresh = useCallback(async (): Promise<SessionInfo | null> => {
    try {
      const s = await api.session();
      setInfo(s);
      setError(null);
      return s;
    } catch (e) {
      setError(e);
      return null;
    }
  }, []);

  const set = useCallback((s: SessionInfo) => {
    setCsrfToken(s.csrfToken);
    setInfo(s);
  }, []);

  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => void refresh());
  }, [refresh]);

  return (
    <SessionContext.Provider value={{ info, error, refresh, set }}>
      {props.children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** True when the session may open the screen `capability` names. */
export function hasCapability(info: SessionInfo | null, capability: string): boolean {
  return info?.signedIn === true && info.capabilities.includes(capability);
}

/** The first page of each role after signing in. */
export function homeFor(role: StaffRole | undefined): string {
  switch (role) {
    case 'officer':
      return '/queue';
    case 'volunteer':
      return '/tasks';
    case 'auditor':
      return '/access-log';
    case 'admin':
      return '/users';
    case 'manager':
      return '/welfare';
    default:
      return '/sign-in';
  }
}
