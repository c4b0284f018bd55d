/**
 * A real Custos server for the end-to-end specs: a fresh data directory (and, for PostgreSQL, a
 * fresh database), the desk's services with the wall clock (the browser's TOTP codes and timers
 * use real time) and cheap argon2 parameters, the HTTP server with the built web app, listening on
 * 127.0.0.1 on a free port, and the first-admin setup link.
 */
import type { DialectName } from '../../../src/adapters/db/connect.ts';
import { buildServer } from '../../../src/adapters/http/server.ts';
import type { DeskApp } from '../../../src/adapters/http/types.ts';
import { openDeskContext } from '../../../src/main/desk.ts';
import { issueSetupLink } from '../../../src/usecases/accounts/setup.ts';
import {
  DEFAULT_DESK_CONFIG,
  type DeskConfig,
  type DeskContext,
} from '../../../src/usecases/desk-context.ts';
import { testEnvironment } from '../../support/databases.ts';
import { TEST_PASSWORDS } from '../../support/desk.ts';

export interface E2eServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly ctx: DeskContext;
  readonly app: DeskApp;
  /** The one-time setup link, `<url>/setup#token=…`. */
  readonly setupUrl: string;
  readonly dialect: DialectName;
  close(): Promise<void>;
}

/** Starts a server on `dialect` serving the web app from `webRoot`. */
export async function startE2eServer(dialect: DialectName, webRoot: string): Promise<E2eServer> {
  const env = await testEnvironment(dialect);
  // The base URL is known only once the server listens; links are made after that.
  const config: { -readonly [K in keyof DeskConfig]: DeskConfig[K] } = { ...DEFAULT_DESK_CONFIG };
  const ctx = await openDeskContext({
    dataDir: env.dataDir,
    databaseUrl: env.databaseUrl ?? null,
    config,
    passwords: TEST_PASSWORDS,
  });
  let app: DeskApp | undefined;
  try {
    // Sign-in is rate-limited per IP; every spec signs in from 127.0.0.1, so the limits are raised
    // here (the limits themselves are tested beside the server).
    app = await buildServer(ctx, {
      webRoot,
      publicRateLimit: 10_000,
      authRateLimit: 10_000,
      debugErrors: true,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const bound = app.server.address();
    if (!bound || typeof bound !== 'object') throw new Error('the server did not bind a TCP port');
    const url = `http://127.0.0.1:${bound.port}`;
    config.publicBaseUrl = url;
    const setup = await issueSetupLink(ctx);
    if (!setup) throw new Error('a fresh store should need setup');
    const running = app;
    return {
      url,
      ctx,
      app: running,
      setupUrl: setup.url,
      dialect,
      async close() {
        await running.close();
        await ctx.close();
        await env.cleanup();
      },
    };
  } catch (e) {
    await app?.close();
    await ctx.close();
    await env.cleanup();
    throw e;
  }
}
