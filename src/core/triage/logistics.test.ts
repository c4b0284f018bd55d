import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findLogistics, logisticsGates, resolveMeetingTime } from './logistics.ts';
import { stemsOf } from './gate.ts';
import { normalizeText } from './normalize.ts';
import { VOCABULARY } from './detect.ts';

// Tuesday 5 March 2024, 15:00 UTC
const TS = '2024-03-05T15:00:00Z';

function find(text: string, framed = false) {
  const n = normalizeText(text, { vocabulary: VOCABULARY }).text;
  const on = logisticsGates(n, stemsOf(n));
  return on === null ? null : findLogistics(n, TS, null, framed, on);
}

describe('meeting logistics', () => {
  test('relative times resolve against the message timestamp', () => {
    assert.equal(resolveMeetingTime('tomorrow at 4', TS, null), '2024-03-06T16:00:00Z');
    assert.equal(resolveMeetingTime('saturday at 2:30', TS, null), '2024-03-09T14:30:00Z');
    assert.equal(resolveMeetingTime('after school', TS, null), '2024-03-05T15:30:00Z');
    assert.equal(resolveMeetingTime('tonight at 8', TS, null), '2024-03-05T20:00:00Z');
    assert.equal(resolveMeetingTime('at 10am', TS, null), '2024-03-06T10:00:00Z');
  });

  test('a zone moves local clock times', () => {
    assert.equal(
      resolveMeetingTime('tomorrow at 4', '2024-07-05T10:00:00Z', 'Europe/London'),
      '2024-07-06T16:00:00.000+01:00'.replace('.000', ''),
    );
  });

  test('facets: time, place, transport, cover story', () => {
    assert.deepEqual(find('meet me by the bandstand tomorrow at 5')?.facets, ['time', 'place']);
    assert.deepEqual(find("i'll pick you up from the end of your road")?.facets, [
      'place',
      'transport',
    ]);
    assert.deepEqual(find("tell your mum you're staying at Amy's")?.facets, ['cover_story']);
    assert.equal(
      find('get the 6 bus and i will meet you off it')?.facets.includes('transport'),
      true,
    );
  });

  test('a farewell, a wish or a question about school is not logistics', () => {
    assert.equal(find('cya see you tomorrow'), null);
    assert.equal(find('we should meet one day'), null);
    assert.equal(find('is your school near the shopping centre?'), null);
  });

  test('a bare time continues an arrangement only when framed by a proposal just before', () => {
    assert.equal(find('after school tomorrow, around 6', false), null);
    assert.deepEqual(find('after school tomorrow, around 6', true)?.facets, ['time']);
    assert.deepEqual(find('around 6', true)?.facets, ['time']);
  });
});
