import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noteLocation } from './render-transcript.ts';

test('a note says where in the input it arises: entry, line, byte', () => {
  assert.equal(noteLocation(undefined), '');
  assert.equal(noteLocation({}), '');
  assert.equal(noteLocation({ byteOffset: 422 }), ' (byte 422)');
  assert.equal(
    noteLocation({ entry: 'messages/inbox/sam/message_1.json', line: 3, byteOffset: 80 }),
    ' (entry messages/inbox/sam/message_1.json, line 3, byte 80)',
  );
});
