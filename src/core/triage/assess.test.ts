import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Transcript } from '../transcript/types.ts';
import {
  assessConversation,
  assessmentToJson,
  assessTranscript,
  RULESET_VERSION,
} from './assess.ts';
import { LOOKALIKE_LINES, PARAPHRASES } from './paraphrases.fixture.ts';
import { BAND_RANGES } from './scorecard.ts';
import type { TriageAssessment, TriageConversation, TriageMessage } from './types.ts';
import { BANDS } from './types.ts';

/** A conversation from [speaker, text] pairs, a minute apart from Tuesday 5 March 2024 15:00 UTC. */
function convo(lines: readonly (readonly [string, string])[], id = 't-1'): TriageConversation {
  const start = Date.parse('2024-03-05T15:00:00Z');
  return {
    id,
    messages: lines.map(([speaker, text], index) => ({
      index,
      speaker,
      ts: new Date(start + index * 60_000).toISOString(),
      text,
    })),
  };
}

/** Checks the contract invariants of an assessment against its input. */
function checkInvariants(a: TriageAssessment, messages: readonly TriageMessage[]): void {
  const sum = a.reasons.reduce((n, r) => n + r.contribution, 0);
  assert.equal(a.score, sum, 'score is the sum of the cited contributions');
  const [lo, hi] = BAND_RANGES[a.band];
  assert.ok(a.score >= lo && a.score <= hi, `score ${a.score} within ${a.band} range`);
  assert.equal(a.imminent.triggered, a.band === 'IMMINENT');
  const byIndex = new Map(messages.map((m) => [m.index, m]));
  for (const r of a.reasons) {
    const m = byIndex.get(r.line);
    assert.ok(m, `cited line ${r.line} exists`);
    assert.equal(r.speaker, a.focalSpeaker);
    assert.equal(m.speaker, r.speaker, 'cited line is the focal speaker’s');
    assert.ok(
      r.span[0] >= 0 && r.span[0] < r.span[1] && r.span[1] <= m.text.length,
      `span ${r.span.join('-')} inside line ${r.line}`,
    );
    assert.ok(Number.isInteger(r.contribution) && r.contribution >= 0);
  }
  for (const l of a.imminent.lines) assert.ok(byIndex.has(l));
  let last = -1;
  for (const b of BANDS.slice(1)) {
    const at = a.timeline[b as Exclude<(typeof BANDS)[number], 'NONE'>];
    if (BANDS.indexOf(b) <= BANDS.indexOf(a.band)) {
      assert.notEqual(at, null, `${b} reached`);
      assert.ok((at as number) >= last, 'timeline is ordered');
      last = at as number;
    } else assert.equal(at, null);
  }
}

const SMALL_TALK = [
  'lol',
  'how was school',
  'did you see the match',
  'my dog is mad',
  'haha same',
  "what's for tea",
  'i got a new game',
  'night',
];
const CHILD = [
  "i'm 13",
  'year 8 is so hard',
  'my mum says i have to be in by 7',
  'i have so much homework',
  'no one is home, mum is at work',
];

const GROOMING: readonly (readonly [string, string])[] = [
  ['A', "i'm 13 lol, year 8 is so hard"],
  ['B', "you're so mature for your age"],
  ['B', 'are your parents home tonight?'],
  ['A', 'no mum is at work till 10'],
  ['B', "don't tell anyone we talk ok, it's our secret"],
  ['B', 'add me on snapchat, it is more private'],
  ['B', "i'll pick you up at the end of your road tomorrow at 4"],
  ['A', 'ok'],
];

describe('assessConversation', () => {
  test('a grooming pattern with concrete logistics is IMMINENT on the logistics line, with reasons', () => {
    const c = convo(GROOMING);
    const a = assessConversation(c);
    assert.equal(a.band, 'IMMINENT');
    assert.equal(a.focalSpeaker, 'B');
    assert.deepEqual(a.imminent.lines, [6]);
    assert.ok(a.imminent.facets.includes('time') && a.imminent.facets.includes('transport'));
    assert.equal(a.imminent.resolvedTime, '2024-03-06T16:00:00Z');
    assert.equal(a.timeline.IMMINENT, 6);
    assert.equal(a.rulesetVersion, RULESET_VERSION);
    assert.match(a.inputHash, /^sha256:[0-9a-f]{64}$/);
    assert.ok(a.context.unsupervised.includes(3));
    assert.equal(a.context.statedAges.A, 13);
    checkInvariants(a, c.messages);
  });

  test('byte-identical JSON for the same input, twice', () => {
    const c = convo(GROOMING);
    assert.equal(
      assessmentToJson(assessConversation(c)),
      assessmentToJson(assessConversation(structuredClone(c))),
    );
  });

  test('the same lines from a stated 13-year-old to a peer of the same age are not scored', () => {
    const a = assessConversation(
      convo([
        ['A', "i'm 13 and in year 8"],
        ['B', 'same im 13 too lol, i have so much homework'],
        ['B', 'whats ur snap'],
        ['A', 'add me on insta'],
        ['B', 'how old r u again'],
        ['B', 'which school do you go to'],
      ]),
    );
    assert.equal(a.band, 'NONE');
    assert.ok(
      a.context.counterIndicators.some((c) => c.speaker === 'B' && c.kind === 'SAME_AGE_PEER'),
    );
  });

  test("look-alike families: a parent's pick-up, a coach's lift, a surprise party, a safety lesson", () => {
    const families: Record<string, readonly (readonly [string, string])[]> = {
      parentPickUp: [
        ['A', 'mum can you get me from the park at 6?'],
        ['B', "yes love, I'll pick you up outside the gates at 6"],
        ['B', "who's home with you? is dad back yet"],
        ['B', "text me when you get to Grace's"],
        ['A', 'ok thanks mum'],
        ['B', 'love you, mum x'],
      ],
      coachLift: [
        ['A', "i'm 14, can i still play in the cup?"],
        ['B', 'Training is at 5 on the top pitch tomorrow, bring your water bottles'],
        ['B', "I'll give you a lift to the match if your dad can't, I'll collect you at 9"],
        [
          'B',
          "you're one of the best players in the squad, trust me on this drill, do exactly what i say",
        ],
        ['A', 'thanks coach'],
      ],
      surpriseParty: [
        ['A', "i'm 12 and my mum says i can have the party"],
        ['B', 'im 12 too lol we had a supply teacher today'],
        ['B', "don't tell Maya about the surprise party"],
        ['A', 'delete this chat so she does not see the party plans'],
        ['B', 'come to mine at 6 tonight, hide in the kitchen'],
      ],
      safetyLesson: [
        ['T', 'Good effort in class today everyone'],
        ['T', 'If someone online says "keep this our secret", tell a trusted adult'],
        ['T', 'Red flag: someone asking "are your parents home?"'],
        ['T', 'Never send a selfie to someone you met online, report it'],
        ['A', 'ok miss, im 12 and i get it'],
      ],
    };
    for (const [name, lines] of Object.entries(families)) {
      const c = convo(lines, name);
      const a = assessConversation(c);
      assert.ok(BANDS.indexOf(a.band) < BANDS.indexOf('HIGH'), `${name}: ${a.band}`);
      assert.equal(a.imminent.triggered, false, name);
      checkInvariants(a, c.messages);
    }
  });

  test('adults arranging a date between themselves are not scored', () => {
    const a = assessConversation(
      convo([
        ['A', "work was a nightmare, i'm 34 and knackered"],
        ['B', 'same, just paid the mortgage. fancy a drink tomorrow at 8 by the station?'],
        ['A', 'does the 4 year gap bother you lol'],
        ['B', '[SEXUAL_CONTENT_REDACTED]'],
        ['B', 'add me on whatsapp, easier than this app'],
      ]),
    );
    assert.equal(a.band, 'NONE');
  });

  test('score, reasons, spans and timeline invariants hold on random conversations', () => {
    const pool = [
      ...Object.values(PARAPHRASES).flat(),
      ...LOOKALIKE_LINES,
      ...SMALL_TALK,
      ...CHILD,
    ];
    const arb = fc.array(
      fc.tuple(
        fc.constantFrom('A', 'B', 'C'),
        fc.constantFrom(...pool),
        fc.string({ maxLength: 8 }),
      ),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const c = convo(rows.map(([s, t, noise]) => [s, `${t}${noise}`] as const));
        const a = assessConversation(c);
        checkInvariants(a, c.messages);
        return true;
      }),
      { numRuns: 150 },
    );
  });

  test('system events and empty texts are skipped; an empty conversation is NONE', () => {
    const a = assessConversation({ id: 'e', messages: [] });
    assert.equal(a.band, 'NONE');
    assert.equal(a.score, 0);
    assert.deepEqual(a.reasons, []);
    const b = assessConversation({
      id: 'f',
      messages: [
        {
          index: 0,
          speaker: null,
          ts: '2024-01-01T00:00:00Z',
          text: 'Messages are end-to-end encrypted',
        },
      ],
    });
    assert.equal(b.band, 'NONE');
  });
});

describe('assessTranscript', () => {
  test('maps sender → speaker, timestamp → ts, and resolves times in the transcript zone', () => {
    const t: Transcript = {
      format: 'whatsapp-txt-android',
      parser: { name: 'test', version: '0' },
      assumedTimezone: 'Europe/London',
      participants: ['Sam', 'Kid'],
      notes: [],
      messages: [
        {
          index: 0,
          sender: null,
          timestamp: '2024-07-05T09:00:00+01:00',
          text: 'Messages are end-to-end encrypted',
          attachments: [],
          system: true,
        },
        ...GROOMING.map(([s, text], i) => ({
          index: i + 1,
          sender: s === 'A' ? 'Kid' : 'Sam',
          timestamp: `2024-07-05T10:${String(i).padStart(2, '0')}:00+01:00`,
          text,
          attachments: [],
          system: false,
        })),
      ],
    };
    const a = assessTranscript(t, { conversationId: 'AB/2' });
    assert.equal(a.conversationId, 'AB/2');
    assert.equal(a.band, 'IMMINENT');
    assert.equal(a.focalSpeaker, 'Sam');
    assert.deepEqual(a.imminent.lines, [7]);
    assert.equal(a.imminent.resolvedTime, '2024-07-06T16:00:00+01:00');
  });
});
