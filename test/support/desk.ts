/**
 * Test support for the desk (web application): a real DeskContext on SQLite or PostgreSQL with a
 * movable clock and cheap argon2 parameters, factories for staff accounts, and an HTTP client over
 * `fastify.inject` that signs in like a browser (cookie, TOTP, CSRF header).
 */
import { argon2Passwords } from '../../src/adapters/auth/argon2-passwords.ts';
import { otpTotp, totpCode } from '../../src/adapters/auth/totp.ts';
import type { DialectName } from '../../src/adapters/db/connect.ts';
import { buildServer, type RegisteredRoute } from '../../src/adapters/http/server.ts';
import type { DeskApp, HttpConfig } from '../../src/adapters/http/types.ts';
import { openAppContext } from '../../src/main/context.ts';
import type { StaffRole } from '../../src/policies/roles.ts';
import { requiresTotp } from '../../src/policies/roles.ts';
import type { User } from '../../src/ports/account-repositories.ts';
import {
  DEFAULT_DESK_CONFIG,
  type DeskActor,
  type DeskConfig,
  type DeskContext,
} from '../../src/usecases/desk-context.ts';
import {
  storedSelectorSource,
  storedTriageReader,
} from '../../src/usecases/reports/stored-analyses.ts';
import { TestClock } from './app.ts';
import { testEnvironment, type TestEnvironment } from './databases.ts';

/** Cheap argon2id for tests (the real parameters are in `argon2Passwords()`). */
export const TEST_PASSWORDS = argon2Passwords({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

export interface TestDesk extends DeskContext {
  readonly env: TestEnvironment;
  readonly testClock: TestClock;
}

/** A fresh desk on `dialect`; `close()` removes it. */
export async function openTestDesk(
  dialect: DialectName,
  config: Partial<DeskConfig> = {},
): Promise<TestDesk> {
  const env = await testEnvironment(dialect);
  const app = await openAppContext({ dataDir: env.dataDir, databaseUrl: env.databaseUrl ?? null });
  const testClock = new TestClock();
  return {
    ...app,
    clock: testClock,
    passwords: TEST_PASSWORDS,
    totp: otpTotp(testClock),
    triage: storedTriageReader,
    selectors: storedSelectorSource,
    config: { ...DEFAULT_DESK_CONFIG, ...config },
    env,
    testClock,
    async close() {
      await app.close();
      await env.cleanup();
    },
  };
}

/** A fixed base32 TOTP secret per role (tests only). */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** The password every test account gets. */
export const TEST_PASSWORD = 'correct horse battery staple';

let counter = 0;

/**
 * Creates an active staff account (password {@link TEST_PASSWORD}; TOTP enrolled with
 * {@link TEST_TOTP_SECRET} for the roles that need it).
 */
export async function buildUser(
  desk: DeskContext,
  role: StaffRole,
  overrides: Partial<User> = {},
): Promise<User & { actor: DeskActor }> {
  counter++;
  const now = new Date(desk.clock.now()).toISOString();
  const user: User = {
    id: desk.ids.newId(),
    username: `${role}${counter}`,
    displayName: `${role[0]?.toUpperCase() ?? ''}${role.slice(1)} ${counter}`,
    initials: `${role.slice(0, 2).toUpperCase()}${String.fromCharCode(65 + (counter % 26))}`,
    role,
    status: 'active',
    passwordHash: await desk.passwords.hash(TEST_PASSWORD),
    totpSecret: requiresTotp(role) ? TEST_TOTP_SECRET : null,
    totpPendingSecret: null,
    createdAt: now,
    updatedAt: now,
    lastSignInAt: null,
    ...overrides,
  };
  await desk.uow.run((r) => r.accounts.users.insert(user));
  return { ...user, actor: { role, userId: user.id, sessionId: `test-session-${user.id}` } };
}

/** The current TOTP code for the test secret at the desk's clock. */
export function currentCode(desk: DeskContext, secret = TEST_TOTP_SECRET): Promise<string> {
  return totpCode(secret, desk.clock);
}

const usedSteps = new WeakMap<object, Map<string, number>>();

/**
 * A code is good once (RFC 6238 §5.2): when this account already signed in during the current
 * 30-second step of a test clock, the clock moves on to the next step, as a person would wait.
 */
function nextUnusedStep(desk: DeskContext, username: string): void {
  const clock = desk.clock;
  if (!(clock instanceof TestClock)) return;
  let used = usedSteps.get(clock);
  if (!used) usedSteps.set(clock, (used = new Map<string, number>()));
  const step = Math.floor(clock.ms / 30_000);
  const last = used.get(username);
  if (last !== undefined && last >= step) clock.ms = (last + 1) * 30_000;
  used.set(username, Math.floor(clock.ms / 30_000));
}

export interface InjectResult {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, unknown>;
  readonly raw: string;
}

/** A browser-like client: keeps the session cookie and the CSRF token. */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(
    readonly app: DeskApp,
    readonly ip = '203.0.113.7',
  ) {}

  async request(
    method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<InjectResult> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = `custos_session=${this.cookie}`;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in headers))
      h['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({
      method,
      url,
      headers: h,
      remoteAddress: this.ip,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    const set = res.cookies.find((c) => c.name === 'custos_session');
    if (set) this.cookie = set.value === '' ? undefined : set.value;
    let parsed: unknown = undefined;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      parsed = undefined;
    }
    const maybe = parsed as { csrfToken?: unknown } | undefined;
    if (maybe && typeof maybe.csrfToken === 'string') this.csrf = maybe.csrfToken;
    return { status: res.statusCode, body: parsed, headers: res.headers, raw: res.body };
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown = {}, headers: Record<string, string> = {}) =>
    this.request('POST', url, body, headers);
}

/** Signs a client in as `user` (password, then TOTP when enrolled). */
export async function signIn(
  desk: DeskContext,
  app: DeskApp,
  user: Pick<User, 'username' | 'totpSecret'>,
  ip?: string,
): Promise<Client> {
  const c = new Client(app, ip);
  const r = await c.post('/api/v1/auth/login', {
    username: user.username,
    password: TEST_PASSWORD,
  });
  if (r.status !== 200) throw new Error(`sign-in of ${user.username} failed: ${r.status} ${r.raw}`);
  if (user.totpSecret) {
    nextUnusedStep(desk, user.username);
    const t = await c.post('/api/v1/auth/totp', { code: await currentCode(desk, user.totpSecret) });
    if (t.status !== 200) throw new Error(`TOTP of ${user.username} failed: ${t.status} ${t.raw}`);
  }
  return c;
}

/** A server over the desk, for `inject`; `routes` collects every registered route. */
export async function testServer(
  desk: DeskContext,
  http: Partial<HttpConfig> = {},
): Promise<{ app: DeskApp; routes: RegisteredRoute[] }> {
  const routes: RegisteredRoute[] = [];
  const app = await buildServer(
    desk,
    { debugErrors: true, publicRateLimit: 10_000, authRateLimit: 10_000, ...http },
    (r) => routes.push(r),
  );
  await app.ready();
  return { app, routes };
}

/** A multipart/form-data body with one or more files (field name `file`). */
export function multipartBody(files: readonly { name: string; content: Uint8Array | string }[]): {
  body: Buffer;
  contentType: string;
} {
  const boundary = `----custos${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
    );
    parts.push(Buffer.from(f.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
