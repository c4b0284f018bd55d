/**
 * Triage benchmark: `node --import tsx bench/triage.ts [runs]` (default 7).
 *
 * Reference: `JSON.parse` of every line of the dev set (`test/fixtures/triage/dev.jsonl`,
 * 600 conversations, about 36,000 messages). Measured: triage of the same file — `JSON.parse`
 * of each line, the input view, `assessConversation` and the JSON output — in the same run.
 * Runs alternate; each triage run starts with an empty line memo (`resetLineMemo`), so repeated
 * lines are only reused within a run, as in a real batch. Prints medians of wall time and of
 * process CPU time (steadier on a shared machine) and their ratios (target: ratio <= 10).
 * Figures only; no assertions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assessConversation, assessmentToJson } from '../src/core/triage/index.ts';
import { resetLineMemo } from '../src/core/triage/detect.ts';
import type { TriageMessage } from '../src/core/triage/index.ts';

const RUNS = Number(process.argv[2] ?? 7);
const FILE = join(import.meta.dirname, '..', 'test', 'fixtures', 'triage', 'dev.jsonl');
const text = readFileSync(FILE, 'utf8');
const lines = text.split('\n').filter((l) => l.trim() !== '');

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function reference(): number {
  let n = 0;
  for (const l of lines) n += (JSON.parse(l) as { messages: unknown[] }).messages.length;
  return n;
}

function triage(): number {
  let bytes = 0;
  for (const l of lines) {
    const r = JSON.parse(l) as { id: string; messages: TriageMessage[] };
    const view = {
      id: r.id,
      messages: r.messages.map(({ index, speaker, ts, text: t }) => ({
        index,
        speaker,
        ts,
        text: t,
      })),
    };
    bytes += assessmentToJson(assessConversation(view)).length;
  }
  return bytes;
}

// warm-up (JIT), not measured
reference();
triage();

const wall = { ref: [] as number[], tri: [] as number[] };
const cpu = { ref: [] as number[], tri: [] as number[] };
let messages = 0;
for (let i = 0; i < RUNS; i++) {
  let w = performance.now();
  let c = cpuMs();
  messages = reference();
  cpu.ref.push(cpuMs() - c);
  wall.ref.push(performance.now() - w);
  resetLineMemo();
  w = performance.now();
  c = cpuMs();
  triage();
  cpu.tri.push(cpuMs() - c);
  wall.tri.push(performance.now() - w);
}

const f = (x: number): string => x.toFixed(1);
console.log(
  `dev set: ${lines.length} conversations, ${messages} messages, ${(text.length / 1e6).toFixed(1)} MB; ${RUNS} runs, medians`,
);
console.log(`JSON.parse (reference): wall ${f(median(wall.ref))} ms, cpu ${f(median(cpu.ref))} ms`);
console.log(
  `triage:                 wall ${f(median(wall.tri))} ms, cpu ${f(median(cpu.tri))} ms (${f((median(cpu.tri) * 1000) / messages)} µs cpu per message)`,
);
console.log(
  `ratio triage / JSON.parse: wall ${f(median(wall.tri) / median(wall.ref))}x, cpu ${f(median(cpu.tri) / median(cpu.ref))}x (target <= 10x)`,
);
