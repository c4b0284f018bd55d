/**
 * End-to-end check on the synthetic dev set (`test/fixtures/triage/dev.jsonl`): the component
 * reads only the input view (id, index, speaker, ts, text); the gold fields are read here only
 * to score, with a minimal re-implementation of the scorer's headline metrics (fixtures README,
 * "Scoring"). Synthetic figures are an upper bound, never a real-world accuracy; the withheld
 * sets use other wording.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessConversation } from './assess.ts';
import type { Band, TriageConversation } from './types.ts';
import { BANDS } from './types.ts';

interface GoldRecord {
  id: string;
  gold: { band: Band; hardNegative: boolean; firstMeetingLogisticsLine: number | null };
  messages: { index: number; speaker: string; ts: string; text: string; labels: unknown[] }[];
}

const DEV = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'triage', 'dev.jsonl');

test('dev set: the targets of research note §7.3 are met on the input view', () => {
  const records = readFileSync(DEV, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as GoldRecord);
  const k = BANDS.length;
  const confusion = BANDS.map(() => new Array<number>(k).fill(0));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let immTp = 0;
  let immFn = 0;
  let underImminent = 0;
  let underHigh = 0;
  let hard = 0;
  let hardHigh = 0;
  let hardImminent = 0;
  let cited = 0;
  let citedEvidence = 0;
  let earlyHits = 0;
  for (const r of records) {
    // input view only
    const view: TriageConversation = {
      id: r.id,
      messages: r.messages.map(({ index, speaker, ts, text }) => ({ index, speaker, ts, text })),
    };
    const a = assessConversation(view);
    const g = BANDS.indexOf(r.gold.band);
    const p = BANDS.indexOf(a.band);
    (confusion[g] as number[])[p] = ((confusion[g] as number[])[p] ?? 0) + 1;
    const goldHigh = g >= 3;
    const predHigh = p >= 3;
    if (goldHigh && predHigh) tp++;
    else if (!goldHigh && predHigh) fp++;
    else if (goldHigh && !predHigh) fn++;
    if (r.gold.band === 'IMMINENT') {
      if (a.band === 'IMMINENT') {
        immTp++;
        if (
          r.gold.firstMeetingLogisticsLine !== null &&
          a.imminent.lines.includes(r.gold.firstMeetingLogisticsLine)
        )
          earlyHits++;
      } else immFn++;
      if (p <= 1) underImminent++;
    }
    if (goldHigh && p <= 1) underHigh++;
    if (r.gold.hardNegative) {
      hard++;
      if (predHigh) hardHigh++;
      if (a.band === 'IMMINENT') hardImminent++;
    }
    if (goldHigh) {
      const labelled = new Set(r.messages.filter((m) => m.labels.length > 0).map((m) => m.index));
      for (const line of new Set(a.reasons.map((x) => x.line))) {
        cited++;
        if (labelled.has(line)) citedEvidence++;
      }
    }
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const f05 = (1.25 * precision * recall) / (0.25 * precision + recall);
  // quadratic weighted kappa
  const n = records.length;
  const rows = confusion.map((row) => row.reduce((x, y) => x + y, 0));
  const cols = BANDS.map((_, j) => confusion.reduce((x, row) => x + (row[j] as number), 0));
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = (i - j) ** 2 / (k - 1) ** 2;
      observed += w * ((confusion[i] as number[])[j] as number);
      expected += (w * (rows[i] as number) * (cols[j] as number)) / n;
    }
  }
  const qwk = 1 - observed / expected;
  assert.ok(precision >= 0.95, `precision at HIGH ${precision}`);
  assert.ok(f05 >= 0.9, `F0.5 at HIGH ${f05}`);
  assert.ok(immTp / (immTp + immFn) >= 0.95, `IMMINENT recall ${immTp / (immTp + immFn)}`);
  assert.equal(underImminent, 0, 'no gold IMMINENT under-triaged to NONE/LOW');
  assert.equal(underHigh, 0, 'no gold HIGH/IMMINENT under-triaged to NONE/LOW');
  assert.ok(hardHigh / hard <= 0.05, `look-alike FPR at HIGH ${hardHigh / hard}`);
  assert.ok(hardImminent / hard <= 0.02, `look-alike FPR at IMMINENT ${hardImminent / hard}`);
  assert.ok(qwk >= 0.8, `weighted kappa ${qwk}`);
  assert.ok(citedEvidence / cited >= 0.9, `cited-line precision ${citedEvidence / cited}`);
  assert.ok(earlyHits / immTp >= 0.95, `IMMINENT on the first logistics line ${earlyHits / immTp}`);
});
