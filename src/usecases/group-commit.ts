/**
 * Group commit: units of work that arrive while one is committing wait and are committed
 * together in the next transaction, so that many small writes share one fsync (SQLite in WAL
 * mode with `synchronous=FULL` spends milliseconds per commit). Each caller still gets its own
 * result only after its writes are durable. If a shared transaction fails, every unit in it is
 * retried alone, so one bad unit cannot fail the others.
 */
import type { Repositories, UnitOfWork } from '../ports/repositories.ts';

interface Pending {
  readonly work: (repos: Repositories) => Promise<unknown>;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

export class GroupCommit {
  private readonly queue: Pending[] = [];
  private draining = false;

  /** @param maxBatch - most units in one transaction. */
  constructor(
    private readonly uow: UnitOfWork,
    private readonly maxBatch = 64,
  ) {}

  /** Runs `work` in a transaction shared with other units queued at the same time. */
  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) {
        // Start on the next turn of the event loop, so that requests read in this one join the batch.
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        let results: unknown[] | undefined;
        try {
          results = await this.uow.run(async (repos) => {
            const out: unknown[] = [];
            for (const p of batch) out.push(await p.work(repos));
            return out;
          });
        } catch {
          results = undefined;
        }
        if (results) batch.forEach((p, i) => p.resolve(results[i]));
        else {
          for (const p of batch) {
            try {
              p.resolve(await this.uow.run(p.work));
            } catch (e) {
              p.reject(e);
            }
          }
        }
        // Let the requests that arrived during the commit queue up before the next batch.
        if (this.queue.length > 0) await new Promise<void>((r) => setImmediate(r));
      }
    } finally {
      this.draining = false;
    }
  }
}

const shared = new WeakMap<UnitOfWork, GroupCommit>();

/** The group committer of a unit of work (one per store). */
export function groupCommitFor(uow: UnitOfWork): GroupCommit {
  let g = shared.get(uow);
  if (!g) {
    g = new GroupCommit(uow);
    shared.set(uow, g);
  }
  return g;
}
