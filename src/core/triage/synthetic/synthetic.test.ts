/**
 * Generalisation checks on wording the rules were not written from (issue 4, second pass):
 * an independent paraphrase bank (`bank.fixture.ts`, split into a `tune` half that was looked
 * at and a `held` half that never was) and conversations generated from it in the dev set's
 * composition (withheld set A) and at realistic prevalence (withheld set B, about 3 % HIGH or
 * IMMINENT). Synthetic figures are an upper bound: the bank and the rules come from one team.
 * Thresholds sit below the measured figures (docs/triage.md) so that a regression fails.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assessConversation } from '../assess.ts';
import { analyseLines } from '../detect.ts';
import { placeholderSexualContentDetector } from '../sexual-content.ts';
import type { IndicatorId, TriageAssessment } from '../types.ts';
import { bankHalf, INDICATOR_BANK, LOOKALIKE_FAMILIES } from './bank.fixture.ts';
import { COMPOSITION_A, COMPOSITION_B, generateSet } from './generate.ts';
import type { SynthConversation } from './generate.ts';
import { formatMetrics, scoreSet } from './metrics.ts';

/** Indicators found on one line said by B to a child who has just stated their age. */
function indicatorsOf(text: string): IndicatorId[] {
  const messages = [
    { index: 0, speaker: 'A', ts: '2024-03-05T15:00:00Z', text: 'im 13' },
    { index: 1, speaker: 'B', ts: '2024-03-05T15:01:00Z', text },
  ];
  const lines = analyseLines(messages, {
    sexualContent: placeholderSexualContentDetector,
    timeZone: null,
  });
  return (lines[1]?.evidence ?? []).map((e) => e.indicator);
}

function detectionRate(half: 'tune' | 'held'): { rate: number; missed: string[] } {
  let total = 0;
  const missed: string[] = [];
  for (const [indicator, lines] of Object.entries(INDICATOR_BANK)) {
    for (const line of lines) {
      if (bankHalf(line) !== half) continue;
      total++;
      if (!indicatorsOf(line).includes(indicator as IndicatorId))
        missed.push(`${indicator}: ${line}`);
    }
  }
  return { rate: (total - missed.length) / total, missed };
}

const assessAll = (set: readonly SynthConversation[]): TriageAssessment[] =>
  set.map((c) =>
    assessConversation({
      id: c.id,
      messages: c.messages.map(({ index, speaker, ts, text }) => ({ index, speaker, ts, text })),
    }),
  );

describe('independent paraphrase bank', () => {
  test('the bank halves are disjoint and both hold lines of every indicator', () => {
    for (const [indicator, lines] of Object.entries(INDICATOR_BANK)) {
      const tune = lines.filter((l) => bankHalf(l) === 'tune');
      const held = lines.filter((l) => bankHalf(l) === 'held');
      assert.equal(tune.length + held.length, lines.length, indicator);
      assert.ok(tune.length > 0 && held.length > 0, `${indicator} has lines in both halves`);
    }
  });

  test('tune half: at least 97 % of lines show their indicator', (t) => {
    const { rate, missed } = detectionRate('tune');
    t.diagnostic(`tune half detection ${(rate * 100).toFixed(1)} %; missed: ${missed.join(' | ')}`);
    assert.ok(rate >= 0.97, `tune half detection ${rate}`);
  });

  test('held-out half (never tuned on): at least 85 % of lines show their indicator', (t) => {
    const { rate } = detectionRate('held');
    t.diagnostic(`held-out half detection ${(rate * 100).toFixed(1)} % (63.7 % before this pass)`);
    assert.ok(rate >= 0.85, `held-out half detection ${rate}`);
  });

  test('obfuscated tune lines (leetspeak, spaced and dotted letters, confusables, stretching) still fire', () => {
    const transforms: readonly [string, (w: string) => string][] = [
      ['leet', (w) => w.replace(/[aeoi]/g, (c) => ({ a: '4', e: '3', o: '0', i: '1' })[c] ?? c)],
      ['spaced', (w) => w.split('').join(' ')],
      ['dotted', (w) => w.split('').join('.')],
      ['cyrillic', (w) => w.replace(/[aeo]/g, (c) => ({ a: 'а', e: 'е', o: 'о' })[c] ?? c)],
      ['stretched', (w) => w.replace(/([aeiou])/, '$1$1$1')],
    ];
    for (const [name, f] of transforms) {
      let total = 0;
      let hit = 0;
      for (const [indicator, lines] of Object.entries(INDICATOR_BANK)) {
        for (const line of lines) {
          if (bankHalf(line) !== 'tune' || !indicatorsOf(line).includes(indicator as IndicatorId))
            continue;
          const words = line.split(' ');
          words.forEach((w, i) => {
            if (!/^[a-z]{4,}$/.test(w)) return;
            const variant = [...words];
            variant[i] = f(w);
            total++;
            if (indicatorsOf(variant.join(' ')).includes(indicator as IndicatorId)) hit++;
          });
        }
      }
      assert.ok(hit / total >= 0.97, `${name}: ${hit}/${total}`);
    }
  });

  test('look-alike lines that a line-level guard must catch do not fire', () => {
    const fired: string[] = [];
    for (const [family, f] of Object.entries(LOOKALIKE_FAMILIES)) {
      for (const line of f.lineLevel ?? []) {
        const got = indicatorsOf(line);
        if (got.length > 0) fired.push(`${family}: ${line} → ${got.join(',')}`);
      }
    }
    // quoted risky lines, homework photos and party secrets: 2 of the 18 slip through (the
    // held-out half's two, not tuned on; the speaker-level guards then decide)
    assert.ok(fired.length <= 2, fired.join('\n'));
  });
});

describe('synthetic conversations from the held-out half', () => {
  test('set-A composition: the research note §7.3 targets hold', (t) => {
    const set = generateSet(1200, 11, 'held', COMPOSITION_A);
    const predictions = assessAll(set);
    const m = scoreSet(set, predictions);
    t.diagnostic(formatMetrics('A-like, held-out half', m));
    assert.ok(m.precisionHigh >= 0.95, `precision at HIGH ${m.precisionHigh}`);
    assert.ok(m.f05High >= 0.9, `F0.5 at HIGH ${m.f05High}`);
    assert.ok(m.imminentRecall >= 0.9, `IMMINENT recall ${m.imminentRecall}`);
    assert.ok(m.lookalikeFprHigh <= 0.05, `look-alike FPR at HIGH ${m.lookalikeFprHigh}`);
    assert.ok(
      m.lookalikeFprImminent <= 0.02,
      `look-alike FPR at IMMINENT ${m.lookalikeFprImminent}`,
    );
    assert.ok(m.qwk >= 0.8, `weighted kappa ${m.qwk}`);
    assert.ok(m.citedPrecision >= 0.9, `cited-line precision ${m.citedPrecision}`);
    const imminentUnder = set.filter(
      (c, i) => c.band === 'IMMINENT' && ['NONE', 'LOW'].includes(predictions[i]?.band ?? ''),
    ).length;
    assert.equal(imminentUnder, 0, 'no gold IMMINENT put in NONE or LOW');
  });

  test('set-B prevalence (3 % positives): few false alarms at HIGH', (t) => {
    const set = generateSet(3000, 22, 'held', COMPOSITION_B);
    const m = scoreSet(set, assessAll(set));
    t.diagnostic(formatMetrics('B-like, held-out half', m));
    assert.ok(m.precisionHigh >= 0.95, `precision at HIGH ${m.precisionHigh}`);
    assert.ok(m.falsePositivesHigh <= 4, `false positives at HIGH ${m.falsePositivesHigh}`);
    assert.ok(m.lookalikeFprHigh <= 0.05, `look-alike FPR at HIGH ${m.lookalikeFprHigh}`);
    assert.equal(m.lookalikeFprImminent, 0);
    assert.ok(m.f05High >= 0.9, `F0.5 at HIGH ${m.f05High}`);
  });

  test('the generator is deterministic', () => {
    const a = generateSet(50, 5, 'held');
    const b = generateSet(50, 5, 'held');
    assert.deepEqual(a, b);
  });
});

describe('role hints discount look-alikes, not concealment (issue 4, second pass)', () => {
  const conv = (lines: readonly (readonly [string, string])[]): TriageAssessment =>
    assessConversation({
      id: null,
      messages: lines.map(([speaker, text], index) => ({
        index,
        speaker,
        ts: new Date(Date.UTC(2024, 4, 3, 16, index * 3)).toISOString(),
        text,
      })),
    });

  test('a coach arranging a team lift and practice stays NONE or LOW', () => {
    const a = conv([
      ['C', 'training is at 5 tomorrow at the field, bring water'],
      ['A', 'ok coach'],
      ['C', 'i can give you a lift to the match on saturday if your mum is ok with it'],
      ['A', 'thanks coach, mum says thats fine'],
      ['C', 'ill pick you up outside your house at 9, your dad said thats ok'],
      ['A', 'see you then'],
      ['C', 'great game today, youre really talented'],
      ['A', 'thanks coach'],
    ]);
    assert.ok(['NONE', 'LOW'].includes(a.band), a.band);
    const c = a.context.counterIndicators.find((x) => x.speaker === 'C');
    assert.equal(c?.kind, 'TRUSTED_ROLE');
    assert.ok(c.lines.includes(4), 'the pick-up line is listed as set aside');
  });

  test('a parent collecting the child after school stays NONE', () => {
    const a = conv([
      ['M', 'are you home yet love? is your brother back?'],
      ['A', 'not yet mum'],
      ['M', 'ill pick you up outside the school gates at 3:15'],
      ['A', 'ok mum x'],
    ]);
    assert.equal(a.band, 'NONE');
  });

  test('a "coach" asking for secrecy, checking who is home and arranging to meet alone reaches IMMINENT', () => {
    const a = conv([
      ['C', 'hey its coach'],
      ['A', 'hi coach'],
      ['C', 'youre so mature for your age'],
      ['A', 'thanks'],
      ['C', 'keep our chats between us ok, dont tell your mum'],
      ['A', 'ok'],
      ['C', 'are your parents home tonight?'],
      ['A', 'no theyre out'],
      ['C', 'add me on snap, its more private'],
      ['A', 'ok coach'],
      ['C', 'meet me behind the clubhouse at 7 tomorrow, come on your own'],
    ]);
    assert.equal(a.band, 'IMMINENT');
    assert.equal(a.focalSpeaker, 'C');
    const cited = new Set(a.reasons.map((r) => r.indicator));
    for (const i of [
      'SECRECY_REQUEST',
      'RISK_ASSESSMENT',
      'PLATFORM_MIGRATION',
      'MEETING_LOGISTICS',
    ])
      assert.ok(cited.has(i as IndicatorId), i);
    assert.equal(
      a.score,
      a.reasons.reduce((s, r) => s + r.contribution, 0),
    );
  });

  test('a "coach" who asks for secret chats and an image, and checks the parents, reaches HIGH', () => {
    const a = conv([
      ['A', 'thanks sir'],
      ['T', 'this stays between you and me, nobody needs to know we talk'],
      ['A', 'ok'],
      ['T', 'does your mum ever check your phone?'],
      ['A', 'no'],
      ['T', 'send me a selfie'],
    ]);
    assert.ok(['HIGH', 'IMMINENT'].includes(a.band), a.band);
    const c = a.context.counterIndicators.find((x) => x.speaker === 'T');
    assert.equal(c?.kind, 'TRUSTED_ROLE', 'the role hint is still shown to the officer');
  });

  test('a role-hinted speaker asking only for an image is scored (LOW), not set aside', () => {
    const a = conv([
      ['C', 'good session today'],
      ['A', 'thanks coach'],
      ['C', 'send me a selfie of you after training'],
    ]);
    assert.equal(a.band, 'LOW');
    assert.ok(a.reasons.some((r) => r.indicator === 'IMAGE_REQUEST'));
  });
});
