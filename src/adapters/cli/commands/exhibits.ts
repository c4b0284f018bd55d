/** `custos exhibits [--json]`: lists the exhibits in the store (references, hashes, status). */
import type { Command } from 'commander';
import { dataDirOption, type CommandContext } from '../program.ts';
import { formatBytes } from '../output.ts';

export function registerExhibits(program: Command, ctx: CommandContext): void {
  program
    .command('exhibits')
    .description('list the exhibits in the store')
    .option('--json', 'print one JSON object per exhibit')
    .action(
      ctx.action(async (opts: { json?: boolean }, cmd: Command) => {
        const { deps } = ctx;
        const app = await deps.openApp({ dataDir: dataDirOption(cmd) });
        try {
          const total = await app.uow.read.exhibits.count();
          for (let offset = 0; offset < total; offset += 500) {
            for (const e of await app.uow.read.exhibits.list({ limit: 500, offset })) {
              if (opts.json) deps.stdout.write(`${JSON.stringify(e)}\n`);
              else {
                const what =
                  e.kind === 'original'
                    ? `${e.form} "${e.originalName ?? ''}"`
                    : `${e.kind} of ${e.sourceSha256?.slice(0, 12)}…`;
                deps.stdout.write(
                  `${e.ref.padEnd(8)} ${e.status.padEnd(12)} ${formatBytes(e.sizeBytes).padStart(9)}  ${e.sha256.slice(0, 16)}…  ${what}${e.format ? ` [${e.format}]` : ''}\n`,
                );
              }
            }
          }
          if (!opts.json && total === 0)
            deps.stdout.write(`no exhibits yet in ${app.location.dataDir}\n`);
          return 0;
        } finally {
          await app.close();
        }
      }),
    );
}
