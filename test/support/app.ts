/**
 * A real AppContext for tests: temp data dir, SQLite or PostgreSQL (see `databases.ts`), a fixed
 * custody key origin, and a controllable clock.
 */
import type { DialectName } from '../../src/adapters/db/connect.ts';
import { openAppContext } from '../../src/main/context.ts';
import type { HandedIn } from '../../src/ports/evidence-input.ts';
import type { AppContext } from '../../src/usecases/app-context.ts';
import { testEnvironment, type TestEnvironment } from './databases.ts';

/** A clock tests can move: starts at 2026-01-05T09:00:00Z, advances 1 ms per read unless set. */
export class TestClock {
  ms = Date.UTC(2026, 0, 5, 9, 0, 0);
  now(): number {
    return this.ms++;
  }
}

export interface TestApp extends AppContext {
  readonly env: TestEnvironment;
  readonly testClock: TestClock;
}

/** Opens a fresh store on `dialect`; call `close()` to remove it. */
export async function openTestApp(dialect: DialectName): Promise<TestApp> {
  const env = await testEnvironment(dialect);
  const app = await openAppContext({ dataDir: env.dataDir, databaseUrl: env.databaseUrl ?? null });
  const testClock = new TestClock();
  return {
    ...app,
    clock: testClock,
    env,
    testClock,
    async close() {
      await app.close();
      await env.cleanup();
    },
  };
}

/** A handed-in single file from bytes or text. */
export function handedInFile(name: string, content: string | Uint8Array): HandedIn {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    kind: 'file',
    label: name,
    file: {
      path: name,
      size: bytes.length,
      async *open() {
        for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
      },
    },
  };
}

/** A handed-in folder from path → content. */
export function handedInFolder(name: string, files: Record<string, string | Uint8Array>): HandedIn {
  return {
    kind: 'folder',
    label: name,
    files: Object.entries(files).map(([path, content]) => {
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      return {
        path,
        size: bytes.length,
        async *open() {
          yield bytes;
        },
      };
    }),
  };
}
