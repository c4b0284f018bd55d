/**
 * `custos parse <path> [--tz ZONE] [--json]`: reads a chat export (file, folder or zip) and prints
 * its transcript, storing nothing. With `--json` the output is the transcript schema of the
 * chat-export fixtures README. Nothing partial is printed on failure: the JSON is spooled to a
 * temporary file and copied to stdout only once the whole export has parsed.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { parseError } from '../../../core/errors.ts';
import { PARSERS, SummaryCollector, detectExport } from '../../../core/transcript/registry.ts';
import { readTranscript, transcriptJsonChunks } from '../../../core/transcript/transcript-json.ts';
import type { CommandContext } from '../program.ts';
import { renderTranscript } from '../render-transcript.ts';
import { chooseTimeZone, regionArg, timeZoneArg } from './common.ts';

interface ParseOptions {
  tz?: string;
  json?: boolean;
  region?: string;
}

export function registerParse(program: Command, ctx: CommandContext): void {
  program
    .command('parse')
    .description(
      'print the transcript of a chat export (file, folder or zip) without storing anything',
    )
    .argument('<path>', 'chat export: a file, a folder (Telegram, Messenger, Instagram) or a zip')
    .option(
      '--tz <zone>',
      'IANA time zone of the device that made the export (naive local times)',
      timeZoneArg,
    )
    .option('--region <cc>', 'default region for phone numbers without a country code', regionArg)
    .option('--json', 'print the transcript as JSON (the fixtures README schema)')
    .action(
      ctx.action(async (path: string, opts: ParseOptions) => {
        const { deps } = ctx;
        const { zone, defaulted } = chooseTimeZone(opts.tz, deps.env);
        if (defaulted) deps.stderr.write(`custos: no --tz given; reading local times in ${zone}\n`);
        const source = await deps.openExport(path);
        const spoolDir = await mkdtemp(join(tmpdir(), 'custos-parse-'));
        const spool = join(spoolDir, 'transcript.json');
        try {
          const { parser, detection } = await detectExport(source, PARSERS);
          const parts = parser.parse(source, detection, {
            timeZone: zone,
            ...(opts.region ? { defaultRegion: opts.region } : {}),
          });
          const header = { format: detection.format, parser: parser.info, assumedTimezone: zone };
          const summary = new SummaryCollector();
          await pipeline(
            Readable.from(transcriptJsonChunks(header, parts, summary)),
            createWriteStream(spool),
          );
          if (summary.summary.messageCount === 0) {
            throw parseError(
              'PARSE_NO_MESSAGES',
              `recognised as ${detection.format} but no message could be read; expected at least one message`,
              { file: source.label },
            );
          }
          if (opts.json) {
            await pipeline(createReadStream(spool), deps.stdout, { end: false });
          } else {
            const t = await readTranscript(
              createReadStream(spool) as AsyncIterable<Uint8Array>,
              spool,
            );
            deps.stdout.write(renderTranscript(t, `${source.label}`));
          }
          return 0;
        } finally {
          await source.close?.();
          await rm(spoolDir, { recursive: true, force: true });
        }
      }),
    );
}
