import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandName } from './cli.ts';

test('the command is found after global options and their values', () => {
  assert.equal(commandName(['node', 'custos', 'parse', 'x.txt']), 'parse');
  assert.equal(commandName(['node', 'custos', '--data', 'parse', 'ingest', 'a']), 'ingest');
  assert.equal(commandName(['node', 'custos', '--help']), undefined);
  assert.equal(commandName(['node', 'custos', '-V', 'log', 'proof', '3']), 'log');
});
