/**
 * A minimal HTTP client for seeding and for specs that call the API directly: keeps the session
 * cookie, sends the CSRF token, parses answers with the contract schemas. Used where a spec needs
 * users or data without clicking through every screen.
 */
import type { z } from 'zod';
import {
  API_PREFIX,
  CSRF_HEADER,
  CreatedUser,
  ErrorBody,
  SessionInfo,
  TotpEnrolment,
} from '../../../src/contracts/index.ts';
import { totpNow } from './browser.ts';

export interface RawAnswer {
  readonly status: number;
  readonly json: unknown;
  readonly headers: Headers;
}

export class ApiSession {
  private cookies = new Map<string, string>();
  csrf: string | null = null;

  constructor(readonly base: string) {}

  /** The `name=value` cookie pairs to hand a browser context. */
  cookieList(): { name: string; value: string }[] {
    return [...this.cookies].map(([name, value]) => ({ name, value }));
  }

  async raw(
    method: string,
    path: string,
    body?: unknown,
    opts: { csrf?: boolean; form?: FormData; headers?: Record<string, string> } = {},
  ): Promise<RawAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (this.cookies.size)
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && (opts.csrf ?? true) && this.csrf) headers[CSRF_HEADER] = this.csrf;
    let payload: BodyInit | undefined;
    if (opts.form) payload = opts.form;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.base}${path.startsWith('/api/') ? path : API_PREFIX + path}`, {
      method,
      headers,
      body: payload,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) {
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c))
          this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json, headers: res.headers };
  }

  /** Calls the API and parses a 2xx answer with `schema`; throws with the ErrorBody otherwise. */
  async call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
    opts: { form?: FormData; headers?: Record<string, string> } = {},
  ): Promise<z.output<S>> {
    const r = await this.raw(method, path, body, opts);
    if (r.status < 200 || r.status > 299) {
      const e = ErrorBody.safeParse(r.json);
      throw new Error(
        `${method} ${path} answered ${r.status} ${e.success ? `${e.data.error.code}: ${e.data.error.message}` : JSON.stringify(r.json)}`,
      );
    }
    const out = schema.parse(r.json);
    const s = SessionInfo.safeParse(r.json);
    if (s.success && 'csrfToken' in (r.json as object)) this.csrf = s.data.csrfToken;
    return out;
  }

  /** Signs in with password and, when asked, a TOTP code from `secret`. */
  async signIn(username: string, password: string, secret: string | null): Promise<SessionInfo> {
    let s = await this.call('POST', '/auth/login', SessionInfo, { username, password });
    if (s.stage === 'totp-required') {
      if (!secret) throw new Error(`${username} needs a TOTP secret`);
      s = await this.call('POST', '/auth/totp', SessionInfo, { code: await totpNow(secret) });
    }
    return s;
  }

  /** Enrols TOTP for a session that must (or may) enrol; returns the secret. */
  async enrolTotp(): Promise<string> {
    const e = await this.call('POST', '/auth/totp/enrolment', TotpEnrolment, {});
    await this.call('POST', '/auth/totp/enrolment/confirm', SessionInfo, {
      code: await totpNow(e.secret),
    });
    return e.secret;
  }
}

export interface Account {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  /** Base32 TOTP secret (null for volunteers who did not enrol). */
  readonly secret: string | null;
  readonly id: string;
}

export const PASSWORD = 'correct horse battery staple';

/**
 * Creates an account as `admin` and accepts the invitation over the API (enrolling TOTP when the
 * role needs it). Invented names only.
 */
export async function seedAccount(
  base: string,
  admin: ApiSession,
  who: {
    username: string;
    displayName: string;
    initials: string;
    role: 'volunteer' | 'officer' | 'manager' | 'auditor' | 'admin';
  },
): Promise<Account> {
  const created = await admin.call('POST', '/users', CreatedUser, who);
  const s = new ApiSession(base);
  const info = await s.call('POST', '/auth/invites/accept', SessionInfo, {
    token: created.invite.token,
    password: PASSWORD,
  });
  let secret: string | null = null;
  if (info.stage === 'totp-enrolment-required') secret = await s.enrolTotp();
  return {
    username: who.username,
    displayName: who.displayName,
    password: PASSWORD,
    secret,
    id: created.user.id,
  };
}
