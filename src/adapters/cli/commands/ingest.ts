/**
 * `custos ingest <path…> [--tz ZONE] [--by INITIALS] [--note TEXT] [--json]`: the main job. For each
 * path: store the original byte-exact, record it as an exhibit with its custody event, parse it and
 * store the transcript as a derived exhibit; then sign a checkpoint over the custody log. Prints
 * per file: exhibit reference, SHA-256, size, detected format, message count, participants, first
 * and last timestamp — or why parsing failed (the original is stored anyway).
 */
import type { Command } from 'commander';
import { CustosError, isCustosError } from '../../../core/errors.ts';
import { normalizeInitials } from '../../../core/evidence/exhibit-ref.ts';
import { checkpointNow } from '../../../usecases/custody/checkpoints.ts';
import { ingestEvidence, type IngestResult } from '../../../usecases/evidence/ingest-evidence.ts';
import { formatBytes, progressBar } from '../output.ts';
import { dataDirOption, type CommandContext } from '../program.ts';
import { EXIT_INVALID, EXIT_OK } from '../exit-codes.ts';
import { chooseRegion, chooseTimeZone, regionArg, timeZoneArg } from './common.ts';

interface IngestOptions {
  tz?: string;
  by?: string;
  note?: string;
  json?: boolean;
  region?: string;
}

function resultJson(path: string, r: IngestResult) {
  return {
    path,
    exhibit: r.original.ref,
    sha256: r.original.sha256,
    sizeBytes: r.original.sizeBytes,
    form: r.original.form,
    status: r.original.status,
    ...(r.transcript
      ? {
          transcript: r.transcript.ref,
          transcriptSha256: r.transcript.sha256,
          parser: r.transcript.parser,
        }
      : {}),
    ...(r.summary
      ? {
          format: r.summary.format,
          messageCount: r.summary.messageCount,
          participants: r.summary.participants,
          firstTimestamp: r.summary.firstTimestamp,
          lastTimestamp: r.summary.lastTimestamp,
          notes: r.summary.notes,
        }
      : {}),
    ...(r.assessment
      ? {
          triage: {
            band: r.assessment.band,
            score: r.assessment.score,
            imminent: r.assessment.imminent,
            rulesetVersion: r.assessment.rulesetVersion,
          },
        }
      : {}),
    ...(r.selectorCount !== undefined ? { selectors: r.selectorCount } : {}),
    ...(r.failure ? { failure: r.failure } : {}),
    identicalTo: r.identicalTo,
  };
}

function resultText(path: string, r: IngestResult, timeZone: string): string {
  const o = r.original;
  // Labels in one column, values in the next.
  const row = (label: string, value: string) => `  ${label.padEnd(12)} ${value}`;
  const lines = [
    `${o.ref}  ${path}`,
    row('SHA-256', o.sha256),
    row('size', `${o.sizeBytes} bytes (${formatBytes(o.sizeBytes)}), ${o.form}`),
  ];
  if (r.identicalTo.length)
    lines.push(`  identical to ${r.identicalTo.join(', ')} (bytes stored once)`);
  if (r.summary && r.transcript) {
    const s = r.summary;
    lines.push(
      row('format', s.format),
      row('messages', String(s.messageCount)),
      row('participants', s.participants.join(', ') || '(none named)'),
      row('first', s.firstTimestamp ?? '-'),
      row('last', `${s.lastTimestamp ?? '-'}   (local times read in ${timeZone})`),
      row(
        'transcript',
        `${r.transcript.ref} (${r.transcript.parser?.name} ${r.transcript.parser?.version}), SHA-256 ${r.transcript.sha256}`,
      ),
    );
    for (const n of s.notes) lines.push(row('note', n.message));
    if (r.assessment) {
      const a = r.assessment.assessment;
      const top = [
        ...new Set(a.reasons.filter((x) => x.kind === 'evidence').map((x) => x.indicator)),
      ]
        .slice(0, 4)
        .join(', ');
      lines.push(
        row(
          'triage',
          `${a.band} (score ${a.score}${a.imminent.triggered ? `, imminent: meeting logistics on line${a.imminent.lines.length > 1 ? 's' : ''} ${a.imminent.lines.join(', ')}` : ''})${top ? ` — ${top}` : ''}`,
        ),
      );
      lines.push(row('', "a recommendation for the officers' queue; an officer decides"));
    }
    lines.push(
      row(
        'selectors',
        `${r.selectorCount ?? 0} online-identifier occurrences stored (custos selectors ${r.transcript.ref})`,
      ),
    );
  } else if (r.failure) {
    lines.push(
      `  NOT PARSED: ${r.failure.message}`,
      `  The original is stored as ${o.ref}; the parse failure is recorded in the custody log.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function registerIngest(program: Command, ctx: CommandContext): void {
  program
    .command('ingest')
    .description(
      'store chat exports or other files as exhibits under the custody log and derive transcripts',
    )
    .argument('<path...>', 'files, folders or zips as handed in')
    .option(
      '--by <initials>',
      'initials of the person producing the exhibits (exhibit references AB/1, AB/2…); default $CUSTOS_INITIALS',
    )
    .option(
      '--tz <zone>',
      'IANA time zone of the device that made the export (default $CUSTOS_TZ or Europe/London)',
      timeZoneArg,
    )
    .option(
      '--region <cc>',
      'default region for phone numbers written without a country code (default $CUSTOS_REGION or GB)',
      regionArg,
    )
    .option('--note <text>', 'how the evidence came in (kept with the exhibit)')
    .option('--json', 'print one JSON object per file')
    .action(
      ctx.action(async (paths: string[], opts: IngestOptions, cmd: Command) => {
        const { deps } = ctx;
        const rawInitials = opts.by ?? deps.env.CUSTOS_INITIALS;
        if (!rawInitials)
          throw new CustosError(
            'usage',
            'INGEST_NO_INITIALS',
            'say who is producing the exhibits: --by <initials> (for example --by AB), or set CUSTOS_INITIALS',
          );
        const initials = normalizeInitials(rawInitials);
        const { zone, defaulted } = chooseTimeZone(opts.tz, deps.env);
        if (defaulted && !opts.json)
          deps.stderr.write(`custos: no --tz given; local times in exports are read in ${zone}\n`);
        // Check every path exists before storing anything.
        const inputs = [];
        for (const p of paths) {
          try {
            inputs.push({ path: p, handedIn: await deps.handedIn(p) });
          } catch (e) {
            if (!isCustosError(e, 'SOURCE_NOT_FOUND')) throw e;
            throw new CustosError(
              'usage',
              'SOURCE_NOT_FOUND',
              `${e.message}; nothing was ingested (every path is checked before anything is stored)`,
            );
          }
        }
        const app = await deps.openApp({ dataDir: dataDirOption(cmd) });
        let exit = EXIT_OK;
        try {
          for (const { path, handedIn } of inputs) {
            const total =
              handedIn.kind === 'file'
                ? handedIn.file.size
                : handedIn.files.reduce((n, f) => n + (f.size ?? 0), 0);
            const bar = progressBar(deps.stderr, handedIn.label.slice(0, 30), total);
            let result: IngestResult;
            try {
              result = await ingestEvidence(app, {
                handedIn,
                initials,
                actor: `cli:${initials}`,
                timeZone: zone,
                ...(opts.note ? { note: opts.note } : {}),
                defaultRegion: opts.region ?? chooseRegion(deps.env),
                onProgress: (phase, done) => {
                  if (phase === 'store') bar.update(done);
                },
              });
            } finally {
              bar.stop();
            }
            if (result.failure) exit = EXIT_INVALID;
            deps.stdout.write(
              opts.json
                ? `${JSON.stringify(resultJson(path, result))}\n`
                : resultText(path, result, zone),
            );
          }
          const cp = await checkpointNow(app.uow, app.key, app.clock);
          if (!opts.json)
            deps.stdout.write(
              `custody log: ${cp.size} events, signed checkpoint root ${cp.root}\n`,
            );
        } finally {
          await app.close();
        }
        return exit;
      }),
    );
}
