import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBlobStore } from './local-blob-store.ts';
import { isCustosError } from '../../core/errors.ts';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield new TextEncoder().encode(p);
}
async function readAll(it: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}
async function newStore(): Promise<LocalBlobStore> {
  const s = new LocalBlobStore(join(await mkdtemp(join(tmpdir(), 'custos-blobs-')), 'blobs'));
  await s.init();
  return s;
}
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('LocalBlobStore', () => {
  test('stores content under its SHA-256, read-only, and reads it back', async () => {
    const store = await newStore();
    const r = await store.put(chunks('hello ', 'world'));
    assert.equal(r.sha256, sha('hello world'));
    assert.equal(r.size, 11);
    assert.equal(r.existed, false);
    const path = store.pathOf(r.sha256);
    assert.ok(path.endsWith(`sha256/${r.sha256.slice(0, 2)}/${r.sha256.slice(2, 4)}/${r.sha256}`));
    assert.equal((await stat(path)).mode & 0o777, 0o444);
    assert.equal(await readAll(store.open(r.sha256)), 'hello world');
    assert.deepEqual(await store.verify(r.sha256), { size: 11 });
  });

  test('identical content is stored once', async () => {
    const store = await newStore();
    const a = await store.put(chunks('same'));
    const b = await store.put(chunks('sa', 'me'));
    assert.equal(b.sha256, a.sha256);
    assert.equal(b.existed, true);
    const all: string[] = [];
    for await (const h of store.list()) all.push(h);
    assert.deepEqual(all, [a.sha256]);
    assert.deepEqual(await readdir(join(store.root, 'tmp')), []);
  });

  test('a changed blob is refused on read, before its last bytes are released', async () => {
    const store = await newStore();
    const r = await store.put(chunks('original evidence'));
    const path = store.pathOf(r.sha256);
    await chmod(path, 0o644);
    await writeFile(path, 'tampered evidence');
    await assert.rejects(
      readAll(store.open(r.sha256)),
      (e) => isCustosError(e, 'BLOB_HASH_MISMATCH') && e.category === 'integrity',
    );
    await assert.rejects(store.verify(r.sha256), (e) => isCustosError(e, 'BLOB_HASH_MISMATCH'));
  });

  test('a missing blob is an integrity failure', async () => {
    const store = await newStore();
    await assert.rejects(store.verify(sha('never stored')), (e) =>
      isCustosError(e, 'BLOB_MISSING'),
    );
  });

  test('a write that fails midway leaves no blob and no temp file', async () => {
    const store = await newStore();
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('partial');
      throw new Error('source went away');
    }
    await assert.rejects(store.put(failing()), /source went away/);
    assert.deepEqual(await readdir(join(store.root, 'tmp')), []);
    assert.equal(await store.has(sha('partial')), false);
  });

  test('init removes temp files of dead processes only', async () => {
    const store = await newStore();
    await writeFile(join(store.root, 'tmp', '999999999.dead.part'), 'half');
    await writeFile(join(store.root, 'tmp', 'garbage.part'), 'half');
    await writeFile(join(store.root, 'tmp', `${process.pid}.live.part`), 'in flight');
    await store.init();
    assert.deepEqual(await readdir(join(store.root, 'tmp')), [`${process.pid}.live.part`]);
  });

  test('rejects names that are not SHA-256 hex', async () => {
    const store = await newStore();
    assert.throws(
      () => store.pathOf('../../etc/passwd'),
      (e) => isCustosError(e, 'BLOB_BAD_HASH'),
    );
  });
});
