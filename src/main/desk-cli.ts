/** The desk commands' dependencies for the `custos` program (see `adapters/cli/desk-deps.ts`). */
import { join } from 'node:path';
import type { DeskCliDeps } from '../adapters/cli/desk-deps.ts';
import { resolveDataDir } from './context.ts';
import {
  currentTotpCode,
  deskConfig,
  listenAddress,
  openDeskContext,
  PACKAGE_ROOT,
  startServer,
} from './desk.ts';

export function deskCliDeps(env: NodeJS.ProcessEnv): DeskCliDeps {
  return {
    openDesk: (options) =>
      openDeskContext({
        dataDir: resolveDataDir(options.dataDir, env),
        databaseUrl: env.DATABASE_URL || null,
        config: deskConfig(env, listenAddress(env)),
      }),
    serve: (options) => startServer({ ...options, env }),
    examplesDir: join(PACKAGE_ROOT, 'examples'),
    totpCode: currentTotpCode,
    untilStopped: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}
