/** Runs the `custos` CLI in-process with captured output, for tests. */
import { PassThrough } from 'node:stream';
import { main } from '../../src/main/cli.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `custos <args>`; `env` replaces the environment the CLI sees (defaults: none of the CUSTOS_ variables). */
export async function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await main(['node', 'custos', ...args], { stdout: out, stderr: err, env });
  return { code, stdout, stderr };
}
