/**
 * Shared helpers for benchmarks: child processes measured for wall time and peak RSS, medians,
 * and machine details. Benchmarks print ratios against a reference measured in the same run;
 * nothing here asserts a target (targets are reported, not enforced as tests).
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

export const ROOT = join(import.meta.dirname, '..');
export const WORK = join(ROOT, 'bench', '.work');
mkdirSync(WORK, { recursive: true });

/** Reporter preloaded into measured Node children: prints peak RSS (KiB) to fd 3 at exit. */
export const RSS_REPORTER = join(ROOT, 'bench', 'rss-reporter.mjs');

export interface Measured {
  readonly ms: number;
  /** Peak resident set size in MiB (Node children only; `undefined` for other commands). */
  readonly rssMiB: number | undefined;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command and measures its wall time (ms). For `node` commands, peak RSS is taken from the
 * child's own `process.resourceUsage().maxRSS` via a preloaded reporter.
 */
export function measure(
  cmd: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Measured> {
  const isNode = cmd === process.execPath || cmd === 'node';
  const fullArgs = isNode ? ['--import', RSS_REPORTER, ...args] : [...args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(isNode ? process.execPath : cmd, fullArgs, {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let rss = '';
    const keep = (prev: string, d: Buffer) => (prev + d.toString()).slice(-1_000_000); // bounded capture
    child.stdout.on('data', (d: Buffer) => (stdout = keep(stdout, d)));
    child.stderr.on('data', (d: Buffer) => (stderr = keep(stderr, d)));
    (child.stdio[3] as NodeJS.ReadableStream | null)?.on(
      'data',
      (d: Buffer) => (rss += d.toString()),
    );
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const kib = Number(rss.trim());
      resolve({ ms, rssMiB: isNode && kib > 0 ? kib / 1024 : undefined, code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Median of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** One line describing the machine, for the results file. */
export function machine(): string {
  const c = cpus();
  return `${c[0]?.model ?? 'unknown CPU'} × ${c.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

/** Prints a result line and a ratio against a target, e.g. `ratio 1.12 (target ≤ 1.25: met)`. */
export function ratioLine(
  name: string,
  ratio: number,
  target: { max?: number; min?: number },
): string {
  const met =
    (target.max === undefined || ratio <= target.max) &&
    (target.min === undefined || ratio >= target.min);
  const t = target.max !== undefined ? `≤ ${target.max}` : `≥ ${target.min}`;
  return `${name}: ratio ${ratio.toFixed(2)} (target ${t}: ${met ? 'met' : 'NOT met'})`;
}
