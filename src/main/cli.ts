/**
 * Composition root of the `custos` command: wires the command-line adapter to the file-system
 * export sources, the evidence store and the web desk. Only the module of the command being run
 * is loaded (a `parse` does not load the web server, PDF fonts or the database), so every command
 * starts quickly; `--help` and unknown commands load them all to list them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliDeps } from '../adapters/cli/deps.ts';
import type { DeskCliDeps } from '../adapters/cli/desk-deps.ts';
import { runProgram, type CliCommand } from '../adapters/cli/program.ts';
import { PACKAGE_ROOT } from './package-root.ts';

type Loader = () => Promise<CliCommand[]>;

/** Every top-level command, in help order, loaded on demand. */
const COMMANDS: readonly (readonly [name: string, load: Loader])[] = [
  ['ingest', async () => [(await import('../adapters/cli/commands/ingest.ts')).registerIngest]],
  ['parse', async () => [(await import('../adapters/cli/commands/parse.ts')).registerParse]],
  ['triage', async () => [(await import('../adapters/cli/commands/triage.ts')).registerTriage]],
  ['show', async () => [(await import('../adapters/cli/commands/show.ts')).registerShow]],
  ['selectors', async () => [(await import('../adapters/cli/commands/selectors.ts')).registerSelectors]],
  ['exhibits', async () => [(await import('../adapters/cli/commands/exhibits.ts')).registerExhibits]],
  ['verify', async () => [(await import('../adapters/cli/commands/verify.ts')).registerVerify]],
  ['log', async () => [(await import('../adapters/cli/commands/log.ts')).registerLog]],
  ['serve', async () => [(await import('../adapters/cli/commands/desk.ts')).registerServe]],
  ['demo', async () => [(await import('../adapters/cli/commands/desk.ts')).registerDemo]],
  ['cases', async () => [(await import('../adapters/cli/commands/desk.ts')).registerCases]],
  ['retention', async () => [(await import('../adapters/cli/commands/retention.ts')).registerRetention]],
  ['blobs', async () => [(await import('../adapters/cli/commands/retention.ts')).registerBlobs]],
  [
    'bundle',
    async () => {
      const [{ bundleCommand }, { bundleIo }] = await Promise.all([import('../adapters/cli/commands/bundle.ts'), import('../adapters/render/index.ts')]);
      return [bundleCommand(bundleIo)];
    },
  ],
];


function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The command named in `argv` (skipping global options and their values), if any. */
export function commandName(argv: readonly string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--data') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a;
  }
  return undefined;
}

async function loadCommands(argv: readonly string[]): Promise<CliCommand[]> {
  const name = commandName(argv);
  const wanted = COMMANDS.find(([n]) => n === name);
  const chosen = wanted && !argv.includes('--help') && !argv.includes('-h') ? [wanted] : COMMANDS;
  return (await Promise.all(chosen.map(([, load]) => load()))).flat();
}

/** The web desk's dependencies, loaded only by the commands that use them. */
function lazyDesk(env: NodeJS.ProcessEnv): DeskCliDeps {
  const load = async () => (await import('./desk-cli.ts')).deskCliDeps(env);
  return {
    openDesk: async (options) => (await load()).openDesk(options),
    serve: async (options) => (await load()).serve(options),
    examplesDir: join(PACKAGE_ROOT, 'examples'),
    totpCode: async (secret) => (await load()).totpCode(secret),
    untilStopped: async () => (await load()).untilStopped(),
  };
}

/** Runs `custos` with `argv` (as `process.argv`) and returns the exit code. */
export async function main(argv: readonly string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  const env = overrides.env ?? process.env;
  const deps: CliDeps = {
    openExport: async (path) => (await import('../adapters/files/export-source.ts')).openPathSource(path),
    handedIn: async (path) => (await import('../adapters/files/export-source.ts')).handedInFromPath(path),
    // The data directory and database come from the CLI's environment (CUSTOS_DATA, DATABASE_URL).
    openApp: async (options) => {
      const { openAppContext, resolveDataDir } = await import('./context.ts');
      return openAppContext({ dataDir: resolveDataDir(options.dataDir, env), databaseUrl: env.DATABASE_URL || null });
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    desk: lazyDesk(env),
    ...overrides,
  };
  return runProgram(argv, deps, await loadCommands(argv), packageVersion());
}
