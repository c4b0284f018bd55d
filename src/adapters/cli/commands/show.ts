/** `custos show <exhibit-ref> [--json]`: prints an exhibit's transcript readably; records `viewed`. */
import type { Command } from 'commander';
import { dataDirOption, type CommandContext } from '../program.ts';
import { renderTranscript } from '../render-transcript.ts';
import { viewExhibit } from '../../../usecases/evidence/view-exhibit.ts';
import { EXIT_INVALID } from '../exit-codes.ts';
import { formatBytes } from '../output.ts';
import { actorFor } from './common.ts';

export function registerShow(program: Command, ctx: CommandContext): void {
  program
    .command('show')
    .description("print an exhibit's transcript (the viewing is recorded in the custody log)")
    .argument(
      '<exhibit-ref>',
      'exhibit reference, e.g. AB/1 (an original) or AB/2 (its transcript)',
    )
    .option('--by <initials>', 'who is viewing (default $CUSTOS_INITIALS)')
    .option('--json', 'print the exhibit record and transcript as JSON')
    .action(
      ctx.action(async (ref: string, opts: { json?: boolean; by?: string }, cmd: Command) => {
        const { deps } = ctx;
        const app = await deps.openApp({ dataDir: dataDirOption(cmd) });
        try {
          const view = await viewExhibit(app, ref, actorFor(opts.by, deps.env));
          if (opts.json) {
            deps.stdout.write(
              `${JSON.stringify({ exhibit: view.exhibit, transcriptExhibit: view.transcriptExhibit ?? null, transcript: view.transcript ?? null })}\n`,
            );
            return view.transcript ? 0 : EXIT_INVALID;
          }
          const ex = view.exhibit;
          const head = [
            `${ex.ref}  ${ex.kind}${ex.originalName ? ` "${ex.originalName}"` : ''}, ${formatBytes(ex.sizeBytes)}, SHA-256 ${ex.sha256}`,
            `  acquired ${ex.acquiredAt} by ${ex.acquiredBy}${ex.note ? ` — ${ex.note}` : ''}`,
          ];
          if (view.original && view.original !== ex)
            head.push(`  derived from ${view.original.ref} (SHA-256 ${view.original.sha256})`);
          if (!view.transcript) {
            head.push(
              ex.failure
                ? `  not parsed: ${ex.failure.message}`
                : '  no transcript has been derived from this exhibit',
            );
            deps.stdout.write(`${head.join('\n')}\n`);
            return EXIT_INVALID;
          }
          const te = view.transcriptExhibit;
          if (te && te !== ex) head.push(`  transcript ${te.ref}, SHA-256 ${te.sha256}`);
          deps.stdout.write(renderTranscript(view.transcript, head.join('\n')));
          return 0;
        } finally {
          await app.close();
        }
      }),
    );
}
