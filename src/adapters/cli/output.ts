/** Writing to the terminal: backpressure-aware writes, progress bars on a TTY, small formatters. */
import { once } from 'node:events';
import cliProgress from 'cli-progress';

/** Writes text, waiting for the stream to drain when its buffer is full. */
export async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** `1.5 MB`, `980 B`. Decimal units (SI), as disk sizes are sold. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  do {
    v /= 1000;
    u++;
  } while (v >= 1000 && u < units.length - 1);
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

/** Files at least this large get a progress bar when stderr is a terminal. */
export const PROGRESS_MIN_BYTES = 16 * 1024 * 1024;

/** A byte progress bar on stderr; a no-op when stderr is not a TTY. */
export function progressBar(
  stderr: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
  total: number | undefined,
): { update(done: number): void; stop(): void } {
  if (!stderr.isTTY || total === undefined || total < PROGRESS_MIN_BYTES)
    return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr,
      format: `${label} [{bar}] {percentage}% | {done} of {size} | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { done: formatBytes(0), size: formatBytes(total) });
  return {
    update: (done) => bar.update(done, { done: formatBytes(done), size: formatBytes(total) }),
    stop: () => bar.stop(),
  };
}
