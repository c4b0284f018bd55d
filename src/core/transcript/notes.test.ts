import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NoteBook } from './notes.ts';

test('held notes come after notes recorded now, in their own order, once released', () => {
  const book = new NoteBook();
  book.add('A', 'a');
  book.hold();
  book.add('B', 'b', { byteOffset: 5 });
  book.addNow('C', 'c');
  book.add('A', 'a');
  assert.deepEqual(
    book.notes().map((n) => n.code),
    ['A', 'C'],
    'nothing held is recorded before release',
  );
  book.release();
  assert.deepEqual(
    book.notes().map((n) => [n.code, n.origin?.byteOffset]),
    [
      ['A', undefined],
      ['C', undefined],
      ['B', 5],
    ],
  );
  assert.match(book.notes()[0]?.message ?? '', /2 occurrences/);
});

test('a muted book holds nothing and records nothing', () => {
  const book = new NoteBook(true);
  book.hold();
  book.add('A', 'a');
  book.addNow('B', 'b');
  book.release();
  assert.deepEqual(book.notes(), []);
});
