/**
 * `custos verify [--json]`: re-hashes every original and derived exhibit, compares the exhibit,
 * selector and assessment rows with their signed custody events, recomputes every custody leaf,
 * node and checkpoint, and names the first bad entry. Exit 3 on any mismatch.
 */
import type { Command } from 'commander';
import type { VerificationProblem } from '../../../usecases/custody/verify-custody-log.ts';
import { verifyStore } from '../../../usecases/evidence/verify-store.ts';
import { EXIT_INTEGRITY, EXIT_OK } from '../exit-codes.ts';
import { dataDirOption, type CommandContext } from '../program.ts';
import { actorFor } from './common.ts';

/** One problem as a line: its message, after its subject unless the message starts with it. */
export function describeProblem(p: VerificationProblem): string {
  return p.message.startsWith(p.subject) ? p.message : `${p.subject}: ${p.message}`;
}

export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description(
      'check the whole store: every exhibit re-hashed, exhibit, selector and assessment rows compared with their custody events, every custody event, node and checkpoint recomputed',
    )
    .option('--by <initials>', 'who is verifying (default $CUSTOS_INITIALS)')
    .option('--json', 'print the report as JSON')
    .action(
      ctx.action(async (opts: { json?: boolean; by?: string }, cmd: Command) => {
        const { deps } = ctx;
        const app = await deps.openApp({ dataDir: dataDirOption(cmd) });
        try {
          const report = await verifyStore(app, actorFor(opts.by, deps.env));
          if (opts.json) {
            deps.stdout.write(`${JSON.stringify(report)}\n`);
          } else {
            deps.stdout.write(
              `${report.exhibits} exhibits (${report.blobs} stored files re-hashed), ${report.events} custody events, ${report.nodes} tree nodes, ${report.checkpoints} signed checkpoints checked\n`,
            );
            if (report.ok)
              deps.stdout.write('OK: every exhibit, custody event, node and checkpoint verifies\n');
            else {
              const first = report.problems[0];
              deps.stdout.write(
                `MISMATCH: first bad entry is ${first ? describeProblem(first) : '?'}\n`,
              );
              for (const p of report.problems.slice(1, 20))
                deps.stdout.write(`  also ${describeProblem(p)}\n`);
              if (report.problems.length > 20)
                deps.stdout.write(`  … and ${report.problems.length - 20} more\n`);
            }
            deps.stdout.write(
              report.verifiedEvent === null
                ? "(nothing recorded: the custody log's head, events and tree nodes disagree; restore the store from a backup)\n"
                : `(recorded as custody event ${report.verifiedEvent})\n`,
            );
          }
          return report.ok ? EXIT_OK : EXIT_INTEGRITY;
        } finally {
          await app.close();
        }
      }),
    );
}
