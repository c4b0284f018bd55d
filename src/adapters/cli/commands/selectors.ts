/**
 * `custos selectors <exhibit-ref> [--json]`: lists the online identifiers (selectors) of an
 * exhibit's transcript — kind, normalized value, the text as written, and where (message index
 * and UTF-16 span). The listing is recorded as a `viewed` custody event (reason `selectors`).
 * `--extract` first extracts and records them for a transcript stored before extraction existed.
 */
import type { Command } from 'commander';
import type { StoredSelector } from '../../../ports/selector-repository.ts';
import { listSelectors } from '../../../usecases/selectors/list-selectors.ts';
import { extractExhibitSelectors } from '../../../usecases/selectors/record-selectors.ts';
import { EXIT_INVALID } from '../exit-codes.ts';
import { write } from '../output.ts';
import { dataDirOption, type CommandContext } from '../program.ts';
import { actorFor, regionArg } from './common.ts';

interface SelectorsOptions {
  json?: boolean;
  by?: string;
  extract?: boolean;
  region?: string;
}

/** Where an occurrence is, for people: `message 3, characters 12–24`. */
function where(s: StoredSelector): string {
  const parts: string[] = [];
  if (s.source === 'participant') {
    parts.push(
      s.messageIndex !== undefined
        ? `participant, first in message ${s.messageIndex}`
        : "participant (export's participant list)",
    );
    if (s.messageCount !== undefined && s.messageCount > 0)
      parts.push(`${s.messageCount} message${s.messageCount === 1 ? '' : 's'}`);
  } else if (s.source === 'metadata') parts.push('transcript title');
  else {
    parts.push(
      `${s.source === 'attachment' ? 'attachment of message' : 'message'} ${s.messageIndex ?? '?'}`,
    );
    if (s.span) parts.push(`characters ${s.span[0]}–${s.span[1]}`);
  }
  return parts.join(', ');
}

/** Registers `custos selectors` (see the file comment). */
export function registerSelectors(program: Command, ctx: CommandContext): void {
  program
    .command('selectors')
    .description(
      "list the online identifiers (phone numbers, usernames, ids, e-mail addresses, links) in an exhibit's transcript (the viewing is recorded)",
    )
    .argument(
      '<exhibit-ref>',
      'exhibit reference, e.g. AB/1 (an original) or AB/2 (its transcript)',
    )
    .option('--by <initials>', 'who is viewing (default $CUSTOS_INITIALS)')
    .option('--json', 'print the selectors as JSON')
    .option(
      '--extract',
      'extract and record the selectors first if they were never recorded (exhibits stored before extraction existed)',
    )
    .option(
      '--region <cc>',
      'with --extract: default region for phone numbers without a country code',
      regionArg,
    )
    .action(
      ctx.action(async (ref: string, opts: SelectorsOptions, cmd: Command) => {
        const { deps } = ctx;
        const app = await deps.openApp({ dataDir: dataDirOption(cmd) });
        try {
          const actor = actorFor(opts.by, deps.env);
          if (opts.extract) {
            const r = await extractExhibitSelectors(
              app,
              ref,
              actor,
              opts.region ? { defaultRegion: opts.region } : {},
            );
            deps.stderr.write(
              r.recorded
                ? `recorded ${r.stored} selector occurrence(s) of ${r.transcriptExhibit.ref}\n`
                : `selectors of ${r.transcriptExhibit.ref} were already recorded\n`,
            );
          }
          const listing = await listSelectors(app, ref, actor);
          const te = listing.transcriptExhibit;
          if (opts.json) {
            const groups = listing.groups.map((g) => ({
              matchKey: g.matchKey,
              kind: g.kind,
              kinds: g.kinds,
              value: g.value,
              display: g.display,
              platform: g.platform ?? null,
              confidence: g.confidence,
              occurrences: g.occurrences.map((o) => o.ordinal),
            }));
            const head = {
              exhibit: listing.exhibit.ref,
              transcriptExhibit: te?.ref ?? null,
              extracted: listing.extracted,
            };
            await write(
              deps.stdout,
              `${JSON.stringify({ ...head, selectors: listing.selectors, groups })}\n`,
            );
            return te ? 0 : EXIT_INVALID;
          }
          const ex = listing.exhibit;
          if (!te) {
            await write(
              deps.stdout,
              `${ex.ref}  ${ex.kind}: no transcript has been derived${ex.failure ? ` (not parsed: ${ex.failure.message})` : ''}, so it has no selectors\n`,
            );
            return EXIT_INVALID;
          }
          const lines = [
            `${te.ref}  transcript${listing.original && listing.original !== te ? ` of ${listing.original.ref}` : ''}: ${listing.groups.length} identifier(s), ${listing.selectors.length} occurrence(s)`,
          ];
          if (!listing.extracted)
            lines.push(
              '  selectors were never extracted from this transcript; run again with --extract to record them',
            );
          for (const g of listing.groups) {
            const kinds =
              g.kinds.length > 1 ? `${g.kind} (also ${g.kinds.slice(1).join(', ')})` : g.kind;
            lines.push(
              '',
              `${kinds}  ${g.value}${g.display !== g.value ? `  (${g.display})` : ''}  [${g.confidence}]`,
            );
            for (const o of g.occurrences) {
              lines.push(
                `    ${where(o)}: ${JSON.stringify(o.raw)}${o.flags ? `  {${o.flags.join(', ')}}` : ''}`,
              );
              lines.push(`      ${o.why}`);
            }
          }
          await write(deps.stdout, `${lines.join('\n')}\n`);
          return 0;
        } finally {
          await app.close();
        }
      }),
    );
}
