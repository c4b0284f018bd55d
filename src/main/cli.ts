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
import { registerShow } from '../adapters/cli/commands/show.ts';
import { registerVerify } from '../adapters/cli/commands/verify.ts';
import { openAppContext } from './context.ts';

/** Every top-level command, in help order. */
const COMMANDS: readonly CliCommand[] = [
  registerIngest,
  registerParse,
  registerShow,
  registerExhibits,
  registerVerify,
  registerLog,
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
  const deps: CliDeps = {
    openExport: (path) => openPathSource(path),
    handedIn: (path) => handedInFromPath(path),
    openApp: (options) =>
      openAppContext(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    ...overrides,
  };
  return runProgram(argv, deps, COMMANDS, packageVersion());
}
