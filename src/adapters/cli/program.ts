/**
 * The `custos` command-line program (commander). Each command lives in `commands/<name>.ts` and
 * registers itself; errors are printed once, without stack traces for expected failures, and mapped
 * to exit codes through `exit-codes.ts`.
 */
import { Command, CommanderError } from 'commander';
import { isCustosError } from '../../core/errors.ts';
import type { CliDeps } from './deps.ts';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, exitCodeFor } from './exit-codes.ts';

/** What a command module receives. */
export interface CommandContext {
  readonly deps: CliDeps;
  /**
   * Wraps an async action: its returned number (default 0) becomes the exit code; a thrown
   * CustosError is printed as `custos: <message>` and mapped to its exit code.
   */
  action<A extends unknown[]>(
    fn: (...args: A) => Promise<number | void>,
  ): (...args: A) => Promise<void>;
}

/** A command module: registers one top-level command (with its subcommands). */
export type CliCommand = (program: Command, ctx: CommandContext) => void;

/** The global `--data` option, for commands that open the store. */
export function dataDirOption(cmd: Command): string | undefined {
  const opts = cmd.optsWithGlobals<{ data?: string }>();
  return opts.data;
}

/**
 * Runs the program over `argv` (as `process.argv`).
 * @returns the exit code.
 */
export async function runProgram(
  argv: readonly string[],
  deps: CliDeps,
  commands: readonly CliCommand[],
  version: string,
): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('custos')
    .description(
      'Evidence intake, custody log and triage for a police-supervised online child-protection programme',
    )
    .version(version)
    .option(
      '--data <dir>',
      'data directory (default: $CUSTOS_DATA or ./custos-data); PostgreSQL is used when DATABASE_URL is set',
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
    });
  const ctx: CommandContext = {
    deps,
    action:
      (fn) =>
      async (...args) => {
        try {
          exitCode = (await fn(...args)) ?? EXIT_OK;
        } catch (e) {
          if (isCustosError(e)) {
            deps.stderr.write(`custos: ${e.message}\n`);
            exitCode = exitCodeFor(e.category);
            if (e.category === 'internal' && deps.env.CUSTOS_DEBUG)
              deps.stderr.write(`${e.stack ?? ''}\n`);
          } else {
            deps.stderr.write(
              `custos: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
            );
            exitCode = EXIT_INVALID;
          }
        }
      },
  };
  for (const register of commands) register(program, ctx);
  const override = (c: Command): void => {
    c.exitOverride();
    c.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return EXIT_OK;
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    throw e;
  }
  return exitCode;
}
