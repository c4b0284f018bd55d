/**
 * Composition root of the web application (issue 5): the desk's services over the store, the
 * HTTP server, the web build, the first-start setup link. `custos serve` and `npm start` use it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { argon2Passwords } from '../adapters/auth/argon2-passwords.ts';
import { otpTotp, totpCode } from '../adapters/auth/totp.ts';
import { buildServer } from '../adapters/http/server.ts';
import { summaryDocuments } from '../adapters/render/summary-pdf.ts';
import type { DeskApp, HttpConfig } from '../adapters/http/types.ts';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/desk-services.ts';
import { issueSetupLink } from '../usecases/accounts/setup.ts';
import {
  DEFAULT_DESK_CONFIG,
  type DeskConfig,
  type DeskContext,
} from '../usecases/desk-context.ts';
import { runProgrammeSweep } from '../usecases/programme/sweep.ts';
import { storedSelectorSource, storedTriageReader } from '../usecases/reports/stored-analyses.ts';
import { openAppContext, resolveDataDir } from './context.ts';

/** The package root (where `web/`, `dist/web` and `examples/` are). */
import { PACKAGE_ROOT } from './package-root.ts';

export { PACKAGE_ROOT };

/** Host and port from the environment: `HOST` (default 127.0.0.1), `PORT` (default 8080). */
export function listenAddress(
  env: NodeJS.ProcessEnv,
  options: { host?: string | undefined; port?: number | undefined } = {},
): { host: string; port: number } {
  const host = options.host ?? env.HOST ?? '127.0.0.1';
  const port = options.port ?? (env.PORT ? Number(env.PORT) : 8080);
  return { host, port };
}

/** The desk settings: defaults, with the public base URL from `CUSTOS_PUBLIC_URL` or the listen address. */
export function deskConfig(
  env: NodeJS.ProcessEnv,
  address: { host: string; port: number },
  overrides: Partial<DeskConfig> = {},
): DeskConfig {
  const shownHost =
    address.host === '0.0.0.0' || address.host === '::'
      ? '127.0.0.1'
      : address.host.includes(':')
        ? `[${address.host}]`
        : address.host;
  return {
    ...DEFAULT_DESK_CONFIG,
    publicBaseUrl:
      env.CUSTOS_PUBLIC_URL?.replace(/\/+$/, '') ?? `http://${shownHost}:${address.port}`,
    ...overrides,
  };
}

export interface OpenDeskOptions {
  readonly dataDir?: string | undefined;
  /** PostgreSQL URL; `null` forces SQLite; undefined reads `DATABASE_URL`. */
  readonly databaseUrl?: string | null | undefined;
  readonly config?: DeskConfig;
  /** Replaces the wall clock (tests). */
  readonly clock?: Clock;
  /** Replaces argon2id parameters (tests). */
  readonly passwords?: PasswordHasher;
}

/** Opens the store and the desk's services. */
export async function openDeskContext(options: OpenDeskOptions = {}): Promise<DeskContext> {
  const app = await openAppContext({
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
  });
  const clock = options.clock ?? app.clock;
  return {
    ...app,
    clock,
    passwords: options.passwords ?? argon2Passwords(),
    totp: otpTotp(clock),
    triage: storedTriageReader,
    selectors: storedSelectorSource,
    config: options.config ?? DEFAULT_DESK_CONFIG,
    documents: summaryDocuments,
  };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    if (name.name === 'node_modules' || name.name.startsWith('.')) continue;
    const p = join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web app with Vite when its sources exist and `dist/web` is missing or older than
 * them. Quietly does nothing when there are no sources or Vite is not installed.
 * @returns what happened, for the log.
 */
export function ensureWebBuild(
  root: string,
  log: (line: string) => void,
): 'built' | 'up-to-date' | 'no-sources' | 'no-vite' | 'failed' {
  const sources = join(root, 'web');
  if (!existsSync(join(sources, 'index.html'))) return 'no-sources';
  const built = join(root, 'dist', 'web', 'index.html');
  const config = join(root, 'vite.config.ts');
  const sourceTime = Math.max(
    newestMtime(sources),
    existsSync(config) ? statSync(config).mtimeMs : 0,
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sourceTime) return 'up-to-date';
  if (!existsSync(join(root, 'node_modules', '.bin', 'vite'))) return 'no-vite';
  log('building the web app (vite build)…');
  const r = spawnSync('npx', ['vite', 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return r.status === 0 ? 'built' : 'failed';
}

/** How often the server sends due programme reminders and records suspensions, minutes. */
export const PROGRAMME_SWEEP_MINUTES = 15;

export interface ServeOptions {
  readonly dataDir?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** Lines for the operator (the setup link, the address). */
  readonly log: (line: string) => void;
  /** Skip the web build (tests). */
  readonly build?: boolean;
  readonly http?: Partial<HttpConfig>;
}

export interface RunningServer {
  readonly url: string;
  readonly app: DeskApp;
  readonly ctx: DeskContext;
  /** The first-admin setup link, when no admin exists yet. */
  readonly setupUrl: string | null;
  close(): Promise<void>;
}

/**
 * Starts the server: builds the web app if needed, opens the store, listens, and prints the
 * one-time setup link while no admin account exists.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { env, log } = options;
  const address = listenAddress(env, options);
  if (options.build !== false) {
    const r = ensureWebBuild(PACKAGE_ROOT, log);
    if (r === 'failed')
      log(
        'the web app could not be built; the API is served without it (run `npm run build:web` to see why)',
      );
    if (r === 'no-vite')
      log(
        'the web app is not built and Vite is not installed (run `npm ci`); serving the API only',
      );
  }
  const ctx = await openDeskContext({
    dataDir: resolveDataDir(options.dataDir, env),
    databaseUrl: env.DATABASE_URL || null,
    config: deskConfig(env, address),
  });
  let app: DeskApp;
  try {
    app = await buildServer(ctx, {
      webRoot: join(PACKAGE_ROOT, 'dist', 'web'),
      secureCookies:
        env.CUSTOS_SECURE_COOKIES === '1' ||
        (env.CUSTOS_PUBLIC_URL?.startsWith('https://') ?? false),
      trustProxy: env.CUSTOS_TRUST_PROXY === '1',
      logger: env.CUSTOS_HTTP_LOG === '1',
      ...options.http,
    });
    await app.listen({ host: address.host, port: address.port });
  } catch (e) {
    await ctx.close();
    throw e;
  }
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : address.port;
  const url = `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${port}`;
  log(
    `Custos is serving ${url} (data: ${ctx.location.dataDir}, database: ${ctx.location.dialect})`,
  );
  // With port 0 (tests) the real port is known only now.
  const setup = await issueSetupLink(
    address.port === 0 ? { ...ctx, config: deskConfig(env, { host: address.host, port }) } : ctx,
  );
  if (setup) {
    log('');
    log('No admin account exists yet. Open this one-time link to create the first admin');
    log(`(it works once and expires at ${setup.expiresAt}; restart the server for a new one):`);
    log(`  ${setup.url}`);
    log('');
  }
  // Programme reminders and recorded suspensions (the task gate refuses at the exact moment anyway).
  const sweep = (): void => {
    runProgrammeSweep(ctx).catch((e: unknown) =>
      log(`programme reminders failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  sweep();
  const sweeper = setInterval(sweep, PROGRAMME_SWEEP_MINUTES * 60_000);
  sweeper.unref();
  return {
    url,
    app,
    ctx,
    setupUrl: setup?.url ?? null,
    async close() {
      clearInterval(sweeper);
      await app.close();
      await ctx.close();
    },
  };
}

/** The current TOTP code of a secret (for `custos demo code`). */
export function currentTotpCode(secret: string): Promise<string> {
  return totpCode(secret, { now: () => Date.now() });
}
