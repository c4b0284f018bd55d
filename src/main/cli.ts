/**
 * Composition root of the `custos` command: wires the command-line adapter to the file-system
 * export sources and the evidence store.
 */
import { readFileSync } from 'node:fs';
import { handedInFromPath, openPathSource } from '../adapters/files/export-source.ts';
import type { CliDeps } from '../adapters/cli/deps.ts';
import { runProgram, type CliCommand } from '../adapters/cli/program.ts';
import { registerExhibits } from '../adapters/cli/commands/exhibits.ts';
import { registerIngest } from '../adapters/cli/commands/ingest.ts';
import { registerLog } from '../adapters/cli/commands/log.ts';
import { registerParse } from '../adapters/cli/commands/parse.ts';
import { registerTriage } from '../adapters/cli/commands/triage.ts';
import { registerShow } from '../adapters/cli/commands/show.ts';
import { registerSelectors } from '../adapters/cli/commands/selectors.ts';
import { registerVerify } from '../adapters/cli/commands/verify.ts';
import { bundleCommand } from '../adapters/cli/commands/bundle.ts';
import { bundleIo } from '../adapters/render/index.ts';
import { registerCases, registerDemo, registerServe } from '../adapters/cli/commands/desk.ts';
import { deskCliDeps } from './desk-cli.ts';
import { openAppContext, resolveDataDir } from './context.ts';

/** Every top-level command, in help order. */
const COMMANDS: readonly CliCommand[] = [
  registerIngest,
  registerParse,
  registerTriage,
  registerShow,
  registerSelectors,
  registerExhibits,
  registerVerify,
  registerLog,
  registerServe,
  registerDemo,
  registerCases,
  bundleCommand(bundleIo),
];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Runs `custos` with `argv` (as `process.argv`) and returns the exit code. */
export async function main(
  argv: readonly string[],
  overrides: Partial<CliDeps> = {},
): Promise<number> {
  const env = overrides.env ?? process.env;
  const deps: CliDeps = {
    openExport: (path) => openPathSource(path),
    handedIn: (path) => handedInFromPath(path),
    // The data directory and database come from the CLI's environment (CUSTOS_DATA, DATABASE_URL).
    openApp: (options) =>
      openAppContext({
        dataDir: resolveDataDir(options.dataDir, env),
        databaseUrl: env.DATABASE_URL || null,
      }),
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    desk: deskCliDeps(env),
    ...overrides,
  };
  return runProgram(argv, deps, COMMANDS, packageVersion());
}
