/**
 * `custos triage <path|exhibit-ref|transcript.json|conversations.jsonl> [--json]`: the
 * grooming-risk triage of a conversation (research note §6; output contract of
 * `test/fixtures/triage/README.md`, "Scoring"). Triage recommends and explains; only an officer
 * decides anything about a person.
 *
 * Inputs:
 * - `*.jsonl`: one conversation per line in the dev set's input view
 *   (`{id, messages[{index, speaker, ts, text}]}`); prints one assessment per line (JSON Lines
 *   with `--json`), in input order;
 * - a transcript JSON as printed by `custos parse --json` (shape `Transcript`): one assessment;
 * - any other file, folder or zip: parsed as a chat export (like `custos parse`), then assessed;
 * - an exhibit reference (`AB/2`) that is not a path: the stored assessment of the exhibit's
 *   transcript (made and stored, with its custody event, when missing or from an older ruleset).
 *
 * Exit codes: 0 assessed; 1 the input was read but is invalid (the message names the file and
 * line and says what was expected); 2 usage. Nothing is printed when an input line is invalid.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { CustosError } from '../../../core/errors.ts';
import { parseExport } from '../../../core/transcript/registry.ts';
import type { Transcript } from '../../../core/transcript/types.ts';
import {
  assessConversation,
  assessmentToJson,
  assessTranscript,
  BAND_RANGES,
} from '../../../core/triage/index.ts';
import type {
  TriageAssessment,
  TriageConversation,
  TriageMessage,
} from '../../../core/triage/index.ts';
import { assessmentOfExhibit } from '../../../usecases/triage/store-assessment.ts';
import { write } from '../output.ts';
import { dataDirOption, type CommandContext } from '../program.ts';
import { actorFor, chooseTimeZone, timeZoneArg } from './common.ts';

interface TriageCliOptions {
  json?: boolean;
  tz?: string;
  by?: string;
  top?: string;
}

/** One assessed conversation and the message texts its reasons cite (for readable output). */
export interface TriageResult {
  readonly assessment: TriageAssessment;
  /** message index → text, for printing cited lines. */
  readonly texts: ReadonlyMap<number, string>;
}

function invalid(file: string, line: number | undefined, message: string): CustosError {
  return new CustosError('invalid-input', 'TRIAGE_BAD_INPUT', message, {
    location: line === undefined ? { file } : { file, line },
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks one conversation of a `.jsonl` input (the dev set's input view).
 *
 * @throws CustosError `TRIAGE_BAD_INPUT` naming the file and line.
 */
export function readConversation(value: unknown, file: string, line: number): TriageConversation {
  if (!isRecord(value)) throw invalid(file, line, 'expected a JSON object {"id", "messages"}');
  const id = value.id;
  if (typeof id !== 'string' || id === '')
    throw invalid(file, line, 'expected a non-empty string "id"');
  const msgs = value.messages;
  if (!Array.isArray(msgs))
    throw invalid(file, line, `conversation ${id}: expected "messages" to be an array`);
  const messages: TriageMessage[] = [];
  msgs.forEach((m: unknown, k: number) => {
    if (!isRecord(m))
      throw invalid(
        file,
        line,
        `conversation ${id}, messages[${k}]: expected an object {"index", "speaker", "ts", "text"}`,
      );
    const { index, speaker, ts, text } = m;
    if (!Number.isInteger(index) || (index as number) < 0)
      throw invalid(
        file,
        line,
        `conversation ${id}, messages[${k}]: expected "index" to be an integer >= 0`,
      );
    if (speaker !== null && typeof speaker !== 'string')
      throw invalid(
        file,
        line,
        `conversation ${id}, messages[${k}]: expected "speaker" to be a string or null`,
      );
    if (typeof ts !== 'string' || Number.isNaN(Date.parse(ts)))
      throw invalid(
        file,
        line,
        `conversation ${id}, messages[${k}]: expected "ts" to be an ISO 8601 timestamp`,
      );
    if (typeof text !== 'string')
      throw invalid(
        file,
        line,
        `conversation ${id}, messages[${k}]: expected "text" to be a string`,
      );
    messages.push({ index: index as number, speaker, ts, text });
  });
  return { id, messages };
}

/**
 * Checks a transcript JSON (`custos parse --json`, shape `Transcript`).
 *
 * @throws CustosError `TRIAGE_BAD_INPUT` naming the file (and the message index at fault).
 */
export function readTranscriptValue(value: unknown, file: string): Transcript {
  if (!isRecord(value) || !Array.isArray(value.messages))
    throw invalid(
      file,
      1,
      'expected a transcript JSON object with a "messages" array (as printed by custos parse --json)',
    );
  value.messages.forEach((m: unknown, k: number) => {
    if (!isRecord(m)) throw invalid(file, undefined, `messages[${k}]: expected an object`);
    if (!Number.isInteger(m.index))
      throw invalid(file, undefined, `messages[${k}]: expected an integer "index"`);
    if (m.sender !== null && typeof m.sender !== 'string')
      throw invalid(file, undefined, `messages[${k}]: expected "sender" to be a string or null`);
    if (typeof m.timestamp !== 'string' || Number.isNaN(Date.parse(m.timestamp)))
      throw invalid(
        file,
        undefined,
        `messages[${k}]: expected "timestamp" to be an ISO 8601 timestamp`,
      );
    if (typeof m.text !== 'string')
      throw invalid(file, undefined, `messages[${k}]: expected "text" to be a string`);
  });
  return value as unknown as Transcript;
}

/** 1-based line of a character offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Whether a parsed JSON document looks like a Custos transcript rather than a chat export. */
function isTranscriptShape(v: unknown): boolean {
  return (
    isRecord(v) &&
    Array.isArray(v.messages) &&
    typeof v.format === 'string' &&
    isRecord(v.parser) &&
    Array.isArray(v.participants)
  );
}

/**
 * Assesses every conversation of a `.jsonl` file (the dev set's input view), streaming the
 * file line by line.
 *
 * @throws CustosError `TRIAGE_BAD_INPUT` for a line that is not valid JSON or not a
 *   conversation (file and line named).
 */
export async function triageJsonl(path: string): Promise<TriageResult[]> {
  const out: TriageResult[] = [];
  const rl = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let line = 0;
  for await (const raw of rl) {
    line++;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw invalid(
        path,
        line,
        `not valid JSON (${e instanceof Error ? e.message : String(e)}); expected one conversation object per line`,
      );
    }
    const conversation = readConversation(value, path, line);
    out.push({
      assessment: assessConversation(conversation),
      texts: new Map(conversation.messages.map((m) => [m.index, m.text])),
    });
  }
  if (out.length === 0)
    throw invalid(path, undefined, 'no conversation found; expected one JSON object per line');
  return out;
}

function transcriptResult(t: Transcript, id: string | null): TriageResult {
  return {
    assessment: assessTranscript(t, { conversationId: id }),
    texts: new Map(t.messages.map((m) => [m.index, m.text])),
  };
}

/** Top reasons by contribution (then line), for readable output. */
function topReasons(a: TriageAssessment, n: number): TriageAssessment['reasons'] {
  return [...a.reasons]
    .sort((x, y) => y.contribution - x.contribution || x.line - y.line)
    .slice(0, n);
}

/** Readable rendering: band, score, focal speaker, IMMINENT trigger, top reasons with cited lines. */
export function renderAssessment(r: TriageResult, label: string, top = 5): string {
  const a = r.assessment;
  const [lo, hi] = BAND_RANGES[a.band];
  const out: string[] = [];
  out.push(
    `${label}: ${a.band} (score ${a.score}; band range ${lo}–${hi})${a.focalSpeaker !== null ? `, indicators from speaker ${JSON.stringify(a.focalSpeaker)}` : ''}`,
  );
  if (a.imminent.triggered) {
    out.push(
      `  IMMINENT: concrete meeting logistics (${a.imminent.facets.join(', ')}) on line${a.imminent.lines.length === 1 ? '' : 's'} ${a.imminent.lines.join(', ')}` +
        `${a.imminent.resolvedTime !== null ? `, meeting time resolved as ${a.imminent.resolvedTime}` : ''}; after risk line${a.imminent.prerequisiteLines.length === 1 ? '' : 's'} ${a.imminent.prerequisiteLines.join(', ')}`,
    );
  }
  if (a.stages.covered.length > 0)
    out.push(`  stages: ${a.stages.covered.join(', ')} (furthest: ${a.stages.furthest ?? '-'})`);
  const reasons = topReasons(a, top);
  if (reasons.length > 0) out.push(`  top reasons (${reasons.length} of ${a.reasons.length}):`);
  for (const reason of reasons) {
    const text = r.texts.get(reason.line) ?? '';
    const cited = text.slice(reason.span[0], reason.span[1]);
    out.push(
      `    +${reason.contribution}  ${reason.indicator} (${reason.stage}), line ${reason.line}, rule ${reason.ruleId}${reason.kind === 'combination' ? ` with lines ${(reason.with ?? []).join(', ')}` : ''}`,
    );
    out.push(`          ${JSON.stringify(cited)}`);
  }
  for (const c of a.context.counterIndicators) {
    const scored = a.context.speakers.some((s) => s.speaker === c.speaker && s.scored);
    out.push(
      `  ${scored ? 'role hint' : 'not scored'}: speaker ${JSON.stringify(c.speaker)} (${c.kind}) — ${c.note}`,
    );
  }
  out.push(`  ${a.disclaimer}`);
  return `${out.join('\n')}\n`;
}

/** The kind of input a path or reference names. */
export type TriageInput =
  | { readonly kind: 'jsonl'; readonly path: string }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'exhibit'; readonly ref: string };

/** Decides what `arg` is: a `.jsonl` file, another existing path, or an exhibit reference. */
export async function classifyInput(arg: string): Promise<TriageInput> {
  const st = await stat(arg).catch(() => null);
  if (st !== null)
    return st.isFile() && arg.toLowerCase().endsWith('.jsonl')
      ? { kind: 'jsonl', path: arg }
      : { kind: 'path', path: arg };
  if (/^[A-Za-z]{2,4}\/\d+$/.test(arg)) return { kind: 'exhibit', ref: arg.toUpperCase() };
  throw new CustosError(
    'usage',
    'TRIAGE_NO_INPUT',
    `${arg}: no such file, folder or zip, and not an exhibit reference such as AB/2`,
  );
}

/**
 * Runs the triage command: assesses the input and writes the result to `ctx.deps.stdout`.
 *
 * @returns the exit code (0).
 * @throws CustosError (mapped to exit codes by the program): `TRIAGE_BAD_INPUT` (1),
 *   `TRIAGE_NO_INPUT` (2), parse errors of chat exports (1), store errors for exhibit refs.
 */
export async function runTriageCommand(
  arg: string,
  opts: TriageCliOptions,
  ctx: CommandContext,
  cmd: Command,
): Promise<number> {
  const { deps } = ctx;
  const top = opts.top === undefined ? 5 : Number(opts.top);
  if (!Number.isInteger(top) || top < 1)
    throw new CustosError(
      'usage',
      'TRIAGE_BAD_OPTION',
      `--top ${opts.top}: expected a whole number of reasons, at least 1`,
    );
  const input = await classifyInput(arg);
  let results: TriageResult[];
  let labels: string[];
  if (input.kind === 'jsonl') {
    results = await triageJsonl(input.path);
    labels = results.map((r) => r.assessment.conversationId ?? '?');
  } else if (input.kind === 'exhibit') {
    const app = await deps.openApp({ dataDir: dataDirOption(cmd) });
    try {
      const { transcriptExhibit, record } = await assessmentOfExhibit(
        app,
        input.ref,
        actorFor(opts.by, deps.env),
      );
      const texts = new Map<number, string>();
      if (!opts.json) {
        const { readTranscript } = await import('../../../core/transcript/transcript-json.ts');
        const t = await readTranscript(
          app.blobs.open(transcriptExhibit.sha256),
          transcriptExhibit.ref,
        );
        for (const m of t.messages) texts.set(m.index, m.text);
      }
      results = [
        { assessment: { ...record.assessment, conversationId: transcriptExhibit.ref }, texts },
      ];
      labels = [transcriptExhibit.ref];
    } finally {
      await app.close();
    }
  } else {
    const st = await stat(input.path);
    let transcript: Transcript | null = null;
    if (st.isFile() && input.path.toLowerCase().endsWith('.json')) {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(input.path, 'utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        const pos = /position (\d+)/.exec(e instanceof Error ? e.message : '');
        throw invalid(
          input.path,
          pos ? lineOf(text, Number(pos[1])) : 1,
          `not valid JSON (${e instanceof Error ? e.message : String(e)}); expected a transcript (custos parse --json) or a chat export`,
        );
      }
      if (isTranscriptShape(value)) transcript = readTranscriptValue(value, input.path);
    }
    if (transcript === null) {
      const { zone, defaulted } = chooseTimeZone(opts.tz, deps.env);
      if (defaulted) deps.stderr.write(`custos: no --tz given; reading local times in ${zone}\n`);
      const source = await deps.openExport(input.path);
      try {
        transcript = await parseExport(source, { timeZone: zone });
      } finally {
        await source.close?.();
      }
    }
    results = [transcriptResult(transcript, null)];
    labels = [input.path];
  }
  if (opts.json) {
    for (const r of results) await write(deps.stdout, `${assessmentToJson(r.assessment)}\n`);
  } else {
    for (let i = 0; i < results.length; i++)
      await write(deps.stdout, renderAssessment(results[i] as TriageResult, labels[i] ?? '?', top));
  }
  return 0;
}

/** Registers `custos triage` (see the file comment). */
export function registerTriage(program: Command, ctx: CommandContext): void {
  program
    .command('triage')
    .description(
      'rank a conversation by risk to the child, with the lines that explain it (recommends; an officer decides)',
    )
    .argument(
      '<input>',
      'conversations.jsonl, a transcript JSON (custos parse --json), a chat export (file, folder or zip) or an exhibit reference such as AB/2',
    )
    .option('--json', 'print the assessment as JSON (one line per conversation)')
    .option(
      '--tz <zone>',
      'IANA time zone of the device that made a chat export (naive local times)',
      timeZoneArg,
    )
    .option('--top <n>', 'how many reasons readable output shows (default 5)')
    .option('--by <initials>', 'who is assessing an exhibit (default $CUSTOS_INITIALS)')
    .action(
      ctx.action(async (input: string, opts: TriageCliOptions, cmd: Command) =>
        runTriageCommand(input, opts, ctx, cmd),
      ),
    );
}
