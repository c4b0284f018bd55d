import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseLines } from './detect.ts';
import type { AnalysedLine } from './detect.ts';
import {
  LOOKALIKE_LINES,
  MORE_PARAPHRASES,
  OBFUSCATED,
  PARAPHRASES,
} from './paraphrases.fixture.ts';
import { placeholderSexualContentDetector } from './sexual-content.ts';
import type { IndicatorId } from './types.ts';

/** Analyses one line said by speaker B after a greeting (no conversation context). */
function line(text: string): AnalysedLine {
  const messages = [
    { index: 0, speaker: 'B', ts: '2024-03-05T15:00:00Z', text: 'hey' },
    { index: 1, speaker: 'B', ts: '2024-03-05T15:01:00Z', text },
  ];
  return analyseLines(messages, {
    sexualContent: placeholderSexualContentDetector,
    timeZone: null,
  })[1] as AnalysedLine;
}

const indicators = (l: AnalysedLine): IndicatorId[] => l.evidence.map((e) => e.indicator);

describe('indicator detectors', () => {
  for (const [indicator, texts] of Object.entries(PARAPHRASES)) {
    test(`${indicator}: our own paraphrases fire`, () => {
      const more = MORE_PARAPHRASES[indicator as IndicatorId] ?? [];
      const missed = [...(texts ?? []), ...more].filter(
        (t) => !indicators(line(t)).includes(indicator as IndicatorId),
      );
      assert.deepEqual(missed, []);
    });
  }

  test('benign look-alike lines (quoted, lesson framing, benign objects) do not fire', () => {
    const fired = LOOKALIKE_LINES.map((t) => [t, indicators(line(t))] as const).filter(
      ([, got]) => got.length > 0,
    );
    assert.deepEqual(fired, []);
  });

  test('obfuscated variants (leetspeak, spacing, confusables) still fire', () => {
    const missed = OBFUSCATED.filter(([indicator, t]) => !indicators(line(t)).includes(indicator));
    assert.deepEqual(missed, []);
  });

  test('a quoted risky line is recorded as guarded, not as evidence', () => {
    const l = line('my mum showed me a video where a man says "take a selfie for me"');
    assert.deepEqual(indicators(l), []);
    assert.ok(l.guarded.some((g) => g.indicator === 'IMAGE_REQUEST'));
  });

  test('every evidence span lies inside the original text and covers the phrase', () => {
    const text = 'lol 😊 do u lock ur bedroom door??';
    const e = line(text).evidence.find((x) => x.indicator === 'RISK_ASSESSMENT');
    assert.ok(e);
    const [s, t] = e.span;
    assert.ok(s >= 0 && s < t && t <= text.length);
    assert.equal(text.slice(s, t), 'do u lock ur bedroom door?');
  });

  test('the sexual-content detector is pluggable; the default knows only the placeholder', () => {
    assert.deepEqual(indicators(line('so [SEXUAL_CONTENT_REDACTED]')), ['SEXUAL_CONTENT']);
    assert.deepEqual(indicators(line('so SEXUAL CONTENT REDACTED')), []);
    const custom = {
      id: 'test/1',
      detect: (t: string) =>
        t.includes('PLACEHOLDER-B') ? [{ span: [0, 13] as const, ruleId: 'TEST_RULE' }] : [],
    };
    const messages = [
      { index: 0, speaker: 'B', ts: '2024-03-05T15:00:00Z', text: 'PLACEHOLDER-B' },
    ];
    const l = analyseLines(messages, { sexualContent: custom, timeZone: null })[0] as AnalysedLine;
    assert.deepEqual(
      l.evidence.map((e) => [e.indicator, e.ruleId]),
      [['SEXUAL_CONTENT', 'TEST_RULE']],
    );
  });

  test('a fare offer is a gift alone and meeting logistics next to a concrete meeting line', () => {
    const alone = analyseLines(
      [
        {
          index: 0,
          speaker: 'B',
          ts: '2024-03-05T15:00:00Z',
          text: "don't worry about the bus money, I'll pay",
        },
      ],
      {
        sexualContent: placeholderSexualContentDetector,
        timeZone: null,
      },
    );
    assert.deepEqual(
      alone[0]?.evidence.map((e) => e.indicator),
      ['GIFT_OR_MONEY_OFFER'],
    );
    const tied = analyseLines(
      [
        {
          index: 0,
          speaker: 'B',
          ts: '2024-03-05T15:00:00Z',
          text: 'meet me by the bandstand at 5',
        },
        {
          index: 1,
          speaker: 'B',
          ts: '2024-03-05T15:01:00Z',
          text: "don't worry about the bus money, I'll pay",
        },
      ],
      { sexualContent: placeholderSexualContentDetector, timeZone: null },
    );
    assert.deepEqual(
      tied[1]?.evidence.map((e) => e.indicator),
      ['MEETING_LOGISTICS'],
    );
  });
});
