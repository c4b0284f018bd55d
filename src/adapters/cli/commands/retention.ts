/**
 * Retention at the command line (docs/retention.md, docs/operator-guide.md):
 * - `custos retention classes [--set <class>=<months>]… [--json]`: the retention classes and their
 *   review periods; `--set` changes a period (an operator setting, recorded in the custody log);
 * - `custos retention resume`: completes disposals whose keys were not destroyed (after a crash);
 * - `custos blobs encrypt`: encrypts blobs stored before encryption at rest, for their holders.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { resumeDisposals } from '../../../usecases/retention/dispose-case.ts';
import { encryptPlaintextBlobs } from '../../../usecases/retention/encrypt-store.ts';
import {
  retentionClassRows,
  setRetentionPeriods,
} from '../../../usecases/retention/retention-settings.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { dataDirOption, type CommandContext } from '../program.ts';
import { actorFor } from './common.ts';

function periodArg(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const m = /^([a-z0-9-]+)=(\d{1,4})$/.exec(value.trim());
  if (!m)
    throw new InvalidArgumentError(`${JSON.stringify(value)} is not <class>=<months>, e.g. nfa=72`);
  return { ...previous, [m[1] as string]: Number(m[2]) };
}

export function registerRetention(program: Command, ctx: CommandContext): void {
  const retention = program
    .command('retention')
    .description('retention classes, review periods, and completing interrupted disposals');
  retention
    .command('classes')
    .description('list the retention classes and their review periods; --set changes one')
    .option('--set <class=months>', 'set a review period in months (repeatable)', periodArg)
    .option('--by <initials>', 'who is changing it (default $CUSTOS_INITIALS)')
    .option('--json', 'print JSON')
    .action(
      ctx.action(
        async (
          opts: { set?: Record<string, number>; by?: string; json?: boolean },
          cmd: Command,
        ) => {
          const app = await ctx.deps.openApp({ dataDir: dataDirOption(cmd) });
          try {
            const rows = opts.set
              ? await setRetentionPeriods(app, opts.set, actorFor(opts.by, ctx.deps.env))
              : await retentionClassRows(app);
            if (opts.json) ctx.deps.stdout.write(`${JSON.stringify({ classes: rows })}\n`);
            else
              for (const r of rows)
                ctx.deps.stdout.write(
                  `${r.id.padEnd(18)} review every ${String(r.reviewMonths).padStart(4)} months  ${r.label}\n`,
                );
            return EXIT_OK;
          } finally {
            await app.close();
          }
        },
      ),
    );
  retention
    .command('resume')
    .description('complete disposals whose keys were not destroyed yet (after a crash)')
    .action(
      ctx.action(async (_opts: unknown, cmd: Command) => {
        const app = await ctx.deps.openApp({ dataDir: dataDirOption(cmd) });
        try {
          const n = await resumeDisposals(app);
          ctx.deps.stdout.write(`${n} pending disposal${n === 1 ? '' : 's'} completed\n`);
          return EXIT_OK;
        } finally {
          await app.close();
        }
      }),
    );
}

export function registerBlobs(program: Command, ctx: CommandContext): void {
  program
    .command('blobs')
    .description('the blob store')
    .command('encrypt')
    .description(
      'encrypt blobs stored before encryption at rest (each for the holders of its exhibits), then overwrite and unlink the plaintext',
    )
    .option('--by <initials>', 'who is running it (default $CUSTOS_INITIALS)')
    .option('--json', 'print JSON')
    .action(
      ctx.action(async (opts: { by?: string; json?: boolean }, cmd: Command) => {
        const app = await ctx.deps.openApp({ dataDir: dataDirOption(cmd) });
        try {
          const r = await encryptPlaintextBlobs(app, actorFor(opts.by, ctx.deps.env));
          if (opts.json) ctx.deps.stdout.write(`${JSON.stringify(r)}\n`);
          else
            ctx.deps.stdout.write(
              `${r.encrypted} plaintext blob${r.encrypted === 1 ? '' : 's'} encrypted (${r.bytes} bytes; ${r.unreferenced} not referenced by any exhibit, kept for the intake holder)\n`,
            );
          return EXIT_OK;
        } finally {
          await app.close();
        }
      }),
    );
}
