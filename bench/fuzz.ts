/**
 * `npm run fuzz`: feeds every chat-export parser ≥ 10^5 random and mutated inputs (fast-check) and
 * checks the parser contract (types.ts, `ChatParser.parse`): a transcript, or a CustosError of
 * category `invalid-input` with a `PARSE_*` code and a location; nothing else, no hang. Then checks
 * that time grows linearly on pathological long lines: the input is doubled three times, and the
 * median time ratio of a doubling must stay at most 3 (linear is about 2, quadratic about 4; the
 * median ignores one step such as a buffer size crossed once). Timings are the best of three, so a
 * busy machine does not fail it.
 *
 * Usage: `npm run fuzz [-- --runs N] [-- --only NAME]`. Exits 1 on the first contract violation,
 * printing the counterexample (fast-check shrinks it).
 *
 * A parser is added by one entry in TARGETS (see fuzz-corpus.ts for the shape).
 */
import fc from 'fast-check';
import {
  applyMutations,
  FUZZ_TARGETS,
  runCase,
  type FuzzTarget,
} from '../src/core/transcript/formats/fuzz-corpus.ts';
import { mutationArbitrary } from '../test/support/mutations.ts';
import { whatsappParser } from '../src/core/transcript/formats/whatsapp/whatsapp-parser.ts';

const WHATSAPP_SEED = `05/03/2024, 14:22 - Messages and calls are end-to-end encrypted.
05/03/2024, 14:22 - Alex: Are you still coming on Thursday?
05/03/2024, 14:23 - ~\u202fRiley: yes
second line
06/03/2024, 10:00 - Sam: IMG-20240306-WA0001.jpg (file attached)
caption
06/03/2024, 10:01 - Sam: <Media omitted>
06/03/2024, 10:02 - Alex: This message was deleted
27/10/2024, 01:30 - Alex: fold <This message was edited>
`;

/** Every parser fuzzed. */
const TARGETS: readonly FuzzTarget[] = [
  ...FUZZ_TARGETS,
  {
    name: 'whatsapp-txt',
    parser: whatsappParser,
    format: 'whatsapp-txt-android',
    fileName: 'chat.txt',
    seeds: [WHATSAPP_SEED],
    lineBased: true,
  },
];

const args = process.argv.slice(2);
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(argValue('--runs') ?? 100_000);
const ONLY = argValue('--only');
const enc = new TextEncoder();

const mutationArb = mutationArbitrary(512);

interface Summary {
  cases: number;
  transcripts: number;
  messages: number;
  codes: Map<string, number>;
  slowestMs: number;
}

async function fuzz(target: FuzzTarget): Promise<Summary> {
  const s: Summary = { cases: 0, transcripts: 0, messages: 0, codes: new Map(), slowestMs: 0 };
  const record = async (bytes: Uint8Array, chunk: number) => {
    const t0 = performance.now();
    const r = await runCase(target, bytes, chunk);
    s.slowestMs = Math.max(s.slowestMs, performance.now() - t0);
    s.cases++;
    if (r.ok) {
      s.transcripts++;
      s.messages += r.messages;
    } else s.codes.set(r.code, (s.codes.get(r.code) ?? 0) + 1);
  };
  const seeds = target.seeds.map((x) => enc.encode(x));
  const mutated = fc.asyncProperty(
    fc.nat({ max: seeds.length - 1 }),
    fc.array(mutationArb, { minLength: 1, maxLength: 8 }),
    fc.integer({ min: 1, max: 4096 }),
    async (seed, muts, chunk) => {
      await record(applyMutations(seeds[seed] as Uint8Array, muts), chunk);
    },
  );
  const random = fc.asyncProperty(
    fc.uint8Array({ maxLength: 2048 }),
    fc.integer({ min: 1, max: 1024 }),
    async (bytes, chunk) => {
      await record(bytes, chunk);
    },
  );
  const text = fc.asyncProperty(
    fc.string({ unit: 'binary', maxLength: 1024 }),
    fc.integer({ min: 1, max: 1024 }),
    async (str, chunk) => {
      await record(enc.encode(str), chunk);
    },
  );
  await fc.assert(mutated, { numRuns: Math.ceil(RUNS * 0.8) });
  await fc.assert(random, { numRuns: Math.ceil(RUNS * 0.1) });
  await fc.assert(text, { numRuns: Math.ceil(RUNS * 0.1) });
  return s;
}

/** Pathological line patterns per format, as functions of the approximate size in bytes. */
const rep = (token: string, bytes: number) =>
  token.repeat(Math.max(1, Math.floor(bytes / token.length)));
const LINEAR: Record<string, (bytes: number) => string> = {
  'imessage-exporter-txt': (n) => `Mar 05, 2024  4:02:10 PM (Read by ${rep(' after ', n)}`,
  'discordchatexporter-csv': (n) =>
    `AuthorID,Author,Date,Content,Attachments,Reactions\n"1","a","2024-02-10T15:30:12+00:00","${rep('""', n / 2)}","${rep('a_Files', n / 2)}",""\n`,
  'sms-backup-restore-xml': (n) =>
    `<smses><sms date="1719842400123" type="1" address="1" body="${rep('&#55357;&#56832;', n)}"/></smses>`,
  'telegram-desktop-json': (n) =>
    `{"messages":[{"id":1,"type":"message","date_unixtime":"1","text":"${rep('\\x0C', n)}"}]}`,
  'snapchat-chat-history-json': (n) =>
    `{"a":[{"From":"x","Media Type":"TEXT","Created":"2024-05-04 16:25:00 UTC","Text":"${rep('&#39;', n)}"}]}`,
  'facebook-messenger-json': (n) =>
    `{"participants":[],"messages":[{"sender_name":"a","timestamp_ms":1,"content":"${rep('\\u00c3\\u00ab', n)}"}]}`,
  'discordchatexporter-json': (n) =>
    `{"guild":{},"channel":{},"messages":[{"timestamp":"2024-01-01T00:00:00+00:00","content":"${rep('\\n', n)}"}]}`,
  'whatsapp-txt': (n) => `05/03/2024, 14:22 - Alex: ${rep('05/03/2024, 14:22 - ', n)}`,
};

async function timeOf(target: FuzzTarget, input: string): Promise<number> {
  const bytes = enc.encode(input);
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    await runCase(target, bytes, 64 * 1024);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

let failed = false;
console.log(
  `chat-export parser fuzzing: ${RUNS} cases per parser (80% mutated seeds, 10% random bytes, 10% random text)`,
);
for (const target of TARGETS) {
  if (ONLY && target.name !== ONLY) continue;
  const t0 = performance.now();
  try {
    const s = await fuzz(target);
    const secs = (performance.now() - t0) / 1000;
    const codes = [...s.codes.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    console.log(
      `${target.name.padEnd(28)} ${s.cases} cases clean in ${secs.toFixed(1)} s; ${s.transcripts} transcripts (${s.messages} messages), errors: ${codes || 'none'}; slowest case ${s.slowestMs.toFixed(1)} ms`,
    );
  } catch (e) {
    failed = true;
    console.log(`${target.name.padEnd(28)} CONTRACT VIOLATION`);
    console.log(e instanceof Error ? e.message : String(e));
  }
  const gen = LINEAR[target.name];
  if (gen) {
    // grow the base size until the small run is long enough to time (≥ 50 ms), up to 4 MB
    let base = 1 << 20;
    let small = await timeOf(target, gen(base));
    while (small < 50 && base < 4 << 20) {
      base *= 2;
      small = await timeOf(target, gen(base));
    }
    const t2 = await timeOf(target, gen(2 * base));
    const t4 = await timeOf(target, gen(4 * base));
    const large = await timeOf(target, gen(8 * base));
    const ratio = large / Math.max(small, 0.5);
    // Each doubling of the input: about 2× the time if linear, 4× if quadratic. The median of the
    // three doublings ignores one step (a buffer or heap size crossed once); a run under a second
    // at 8× the input is no blow-up, whatever the ratio of two tiny timings.
    const doublings = [
      t2 / Math.max(small, 0.5),
      t4 / Math.max(t2, 0.5),
      large / Math.max(t4, 0.5),
    ];
    const median = [...doublings].sort((a, b) => a - b)[1] ?? 0;
    const ok = median <= 3 || large < 1000;
    if (!ok) failed = true;
    console.log(
      `${''.padEnd(28)} pathological line: ${small.toFixed(1)} → ${t2.toFixed(1)} → ${t4.toFixed(1)} → ${large.toFixed(1)} ms for 1×, 2×, 4×, 8× the input (${base >> 20} → ${(8 * base) >> 20} MB, ratio ${ratio.toFixed(2)}; median doubling ${median.toFixed(2)}, linear ≈ 2, quadratic ≈ 4: ${ok ? 'linear' : 'NOT LINEAR'})`,
    );
  }
}
if (failed) {
  console.log('fuzzing found contract violations');
  process.exit(1);
}
console.log('fuzzing clean');
