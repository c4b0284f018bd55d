import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LocalBlobStore } from './local-blob-store.ts';
import { HEADER_BYTES, TAG_BYTES, layoutFor, parseHeader } from './segment-cipher.ts';
import { isCustosError } from '../../core/errors.ts';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? new TextEncoder().encode(p) : p;
}
async function readAllBytes(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}
async function readAll(it: AsyncIterable<Uint8Array>): Promise<string> {
  return (await readAllBytes(it)).toString('utf8');
}
async function newStore(): Promise<LocalBlobStore> {
  const s = new LocalBlobStore(join(await mkdtemp(join(tmpdir(), 'custos-blobs-')), 'blobs'));
  await s.init();
  return s;
}
const sha = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
/** A store with 4 KiB segments would need a custom header; 1 MiB segments: use > 2 MiB blobs. */
const MiB = 1 << 20;

/** Rewrites a read-only ciphertext file. */
async function rewrite(path: string, bytes: Uint8Array): Promise<void> {
  await chmod(path, 0o644);
  await writeFile(path, bytes);
}

describe('LocalBlobStore (encrypted at rest)', () => {
  test('stores content under its plaintext SHA-256, encrypted, read-only, and reads it back', async () => {
    const store = await newStore();
    const r = await store.put(chunks('hello ', 'world'));
    assert.equal(r.sha256, sha('hello world'));
    assert.equal(r.size, 11);
    assert.equal(r.existed, false);
    const path = store.cipherPathOf(r.sha256);
    assert.ok(
      path.endsWith(`aes-256-gcm/${r.sha256.slice(0, 2)}/${r.sha256.slice(2, 4)}/${r.sha256}`),
    );
    assert.equal((await stat(path)).mode & 0o777, 0o444);
    const onDisk = await readFile(path);
    assert.equal(onDisk.length, HEADER_BYTES + 11 + TAG_BYTES);
    assert.equal(onDisk.includes(Buffer.from('hello')), false, 'no plaintext at rest');
    assert.equal(await readAll(store.open(r.sha256)), 'hello world');
    assert.deepEqual(await store.verify(r.sha256), { size: 11 });
    assert.equal(await store.size(r.sha256), 11);
    assert.deepEqual(await store.holders(r.sha256), ['intake']);
  });

  test('large blobs stream in 1 MiB segments; random access decrypts only what it reads', async () => {
    const store = await newStore();
    const big = randomBytes(2 * MiB + 12345);
    const r = await store.put(chunks(big.subarray(0, 70_000), big.subarray(70_000)));
    const file = await readFile(store.cipherPathOf(r.sha256));
    const layout = layoutFor(file.length, parseHeader(file).segmentSize);
    assert.equal(layout.count, 3);
    assert.equal(layout.plainSize, big.length);
    assert.ok((await readAllBytes(store.open(r.sha256))).equals(big));
    const ra = await store.openRandomAccess(r.sha256);
    try {
      assert.equal(ra.size, big.length);
      for (const [at, n] of [
        [0, 4],
        [MiB - 3, 10],
        [2 * MiB + 12000, 1000],
        [5, 2 * MiB],
      ] as const) {
        const got = Buffer.from(await ra.read(at, n));
        assert.ok(got.equals(big.subarray(at, Math.min(big.length, at + n))), `range ${at}+${n}`);
      }
    } finally {
      await ra.close();
    }
  });

  test('an exact multiple of the segment size and an empty blob round-trip', async () => {
    const store = await newStore();
    const exact = randomBytes(2 * MiB);
    const a = await store.put(chunks(exact));
    assert.equal(layoutFor((await stat(store.cipherPathOf(a.sha256))).size, MiB).count, 2);
    assert.ok((await readAllBytes(store.open(a.sha256))).equals(exact));
    const e = await store.put(chunks());
    assert.equal(e.sha256, sha(''));
    assert.equal(await readAll(store.open(e.sha256)), '');
  });

  test('identical content is stored once; a second holder gets its own wrap', async () => {
    const store = await newStore();
    const a = await store.put(chunks('same'), { holder: 'case-a' });
    const b = await store.put(chunks('sa', 'me'), { holder: 'case-b' });
    assert.equal(b.sha256, a.sha256);
    assert.equal(b.existed, true);
    const all: string[] = [];
    for await (const h of store.list()) all.push(h);
    assert.deepEqual(all, [a.sha256]);
    assert.deepEqual(await readdir(join(store.root, 'tmp')), []);
    assert.deepEqual(await store.holders(a.sha256), ['case-a', 'case-b']);
  });

  test('a changed, moved, reordered or truncated segment is refused', async () => {
    const store = await newStore();
    const big = randomBytes(3 * MiB + 100);
    const r = await store.put(chunks(big));
    const path = store.cipherPathOf(r.sha256);
    const good = await readFile(path);
    const seg = MiB + TAG_BYTES;
    const at = (i: number) => HEADER_BYTES + i * seg;
    const cases: [string, Buffer][] = [
      [
        'one flipped byte',
        Buffer.from(good).fill((good[at(1) + 5] ?? 0) ^ 0xff, at(1) + 5, at(1) + 6),
      ],
      [
        'two segments swapped',
        Buffer.concat([
          good.subarray(0, at(1)),
          good.subarray(at(2), at(3)),
          good.subarray(at(1), at(2)),
          good.subarray(at(3)),
        ]),
      ],
      ['the final segment dropped', good.subarray(0, at(3))],
      ['cut at a segment boundary', good.subarray(0, at(2))],
      ['a header byte changed', Buffer.from(good).fill(9, 15, 16)],
      [
        'a segment duplicated over the next',
        Buffer.concat([good.subarray(0, at(2)), good.subarray(at(1), at(2)), good.subarray(at(3))]),
      ],
    ];
    for (const [what, bytes] of cases) {
      await rewrite(path, bytes);
      await assert.rejects(
        readAllBytes(store.open(r.sha256)),
        (e) => isCustosError(e, 'BLOB_CIPHER_AUTH_FAILED') && e.category === 'integrity',
        what,
      );
    }
    await rewrite(path, good.subarray(0, good.length - 5));
    await assert.rejects(store.verify(r.sha256), (e) =>
      isCustosError(e, 'BLOB_CIPHER_AUTH_FAILED'),
    );
    await rewrite(path, good.subarray(0, HEADER_BYTES + 3));
    await assert.rejects(store.verify(r.sha256), (e) => isCustosError(e, 'BLOB_CIPHER_TRUNCATED'));
    // Random access authenticates the segment it reads, too.
    await rewrite(path, cases[0]?.[1] ?? good);
    const ra = await store.openRandomAccess(r.sha256);
    try {
      assert.ok(Buffer.from(await ra.read(0, 10)).equals(big.subarray(0, 10)));
      await assert.rejects(ra.read(MiB + 1, 4), (e) => isCustosError(e, 'BLOB_CIPHER_AUTH_FAILED'));
    } finally {
      await ra.close();
    }
    await rewrite(path, good);
    assert.deepEqual(await store.verify(r.sha256), { size: big.length });
  });

  test("a ciphertext swapped for another blob's is refused (key and name bind it)", async () => {
    const store = await newStore();
    const a = await store.put(chunks('first evidence'));
    const b = await store.put(chunks('other evidence'));
    await rewrite(store.cipherPathOf(a.sha256), await readFile(store.cipherPathOf(b.sha256)));
    await assert.rejects(store.verify(a.sha256), (e) =>
      isCustosError(e, 'BLOB_CIPHER_AUTH_FAILED'),
    );
  });

  test('a missing blob is an integrity failure', async () => {
    const store = await newStore();
    await assert.rejects(store.verify(sha('never stored')), (e) =>
      isCustosError(e, 'BLOB_MISSING'),
    );
    await assert.rejects(store.size(sha('never stored')), (e) => isCustosError(e, 'BLOB_MISSING'));
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

  test('rejects names that are not SHA-256 hex, and holder ids that are not safe', async () => {
    const store = await newStore();
    assert.throws(
      () => store.cipherPathOf('../../etc/passwd'),
      (e) => isCustosError(e, 'BLOB_BAD_HASH'),
    );
    await assert.rejects(store.put(chunks('x'), { holder: '../x' }), (e) =>
      isCustosError(e, 'BLOB_BAD_HOLDER'),
    );
  });

  test('holders: the last holder destroyed deletes the ciphertext; a shared blob stays', async () => {
    const store = await newStore();
    const shared = await store.put(chunks('shared chat'), { holder: 'case-one' });
    await store.hold(shared.sha256, 'case-two');
    const own = await store.put(chunks('only case one'), { holder: 'case-one' });
    const ownCipher = await readFile(store.cipherPathOf(own.sha256));
    const keyOne = await store.holderKeys.get('case-one');
    assert.ok(keyOne);

    const first = await store.destroyHolder('case-one', [shared.sha256, own.sha256]);
    assert.equal(first.keyDestroyed, true);
    assert.deepEqual(first.deleted, [own.sha256]);
    assert.deepEqual(first.kept, [shared.sha256]);
    assert.equal(await store.holderKeys.get('case-one'), undefined);
    assert.equal(await store.has(own.sha256), false);
    await assert.rejects(readFile(store.wrapsPathOf(own.sha256)), { code: 'ENOENT' });
    assert.equal(await readAll(store.open(shared.sha256)), 'shared chat');
    assert.deepEqual(await store.holders(shared.sha256), ['case-two']);

    // The old ciphertext (a backup copy, say) cannot be opened with any key still present.
    const dir = dirname(store.cipherPathOf(own.sha256));
    await mkdir(dir, { recursive: true });
    await writeFile(store.cipherPathOf(own.sha256), ownCipher);
    await assert.rejects(store.verify(own.sha256), (e) => isCustosError(e, 'BLOB_KEY_MISSING'));

    const second = await store.destroyHolder('case-two', [shared.sha256]);
    assert.deepEqual(second.deleted, [shared.sha256]);
    assert.equal(await store.has(shared.sha256), false);
    // Idempotent.
    const again = await store.destroyHolder('case-two', [shared.sha256]);
    assert.equal(again.keyDestroyed, false);
    assert.deepEqual(again.deleted, []);
  });

  test('a destroyed key file leaves neither the key nor its bytes in the folder', async () => {
    const store = await newStore();
    await store.put(chunks('x'), { holder: 'case-z' });
    const key = await store.holderKeys.get('case-z');
    assert.ok(key);
    await store.destroyHolder('case-z', []);
    const names = await readdir(store.holderKeys.dir);
    for (const n of names) {
      const bytes = await readFile(join(store.holderKeys.dir, n));
      assert.equal(bytes.includes(key), false, `${n} holds the destroyed key`);
    }
    assert.deepEqual(names, []);
  });

  test('plaintext blobs from before encryption are still read, and encrypted in place', async () => {
    const store = await newStore();
    const content = 'stored before encryption at rest';
    const h = sha(content);
    await mkdir(dirname(store.plainPathOf(h)), { recursive: true });
    await writeFile(store.plainPathOf(h), content, { mode: 0o444 });
    assert.equal(await store.has(h), true);
    assert.equal(await readAll(store.open(h)), content);
    assert.equal(await store.holders(h), null);
    const again = await store.put(chunks(content));
    assert.equal(again.existed, true);
    const found: string[] = [];
    for await (const x of store.plaintextBlobs()) found.push(x);
    assert.deepEqual(found, [h]);

    await store.encryptPlaintext(h, ['case-q', 'report-r']);
    assert.equal(await store.has(h), true);
    await assert.rejects(stat(store.plainPathOf(h)), { code: 'ENOENT' });
    assert.equal(await readAll(store.open(h)), content);
    assert.deepEqual(await store.holders(h), ['case-q', 'report-r']);
    found.length = 0;
    for await (const x of store.plaintextBlobs()) found.push(x);
    assert.deepEqual(found, []);
  });

  test('a changed plaintext blob is refused on read, before its last bytes are released', async () => {
    const store = await newStore();
    const h = sha('original evidence');
    await mkdir(dirname(store.plainPathOf(h)), { recursive: true });
    await writeFile(store.plainPathOf(h), 'tampered evidence');
    await assert.rejects(
      readAll(store.open(h)),
      (e) => isCustosError(e, 'BLOB_HASH_MISMATCH') && e.category === 'integrity',
    );
    await assert.rejects(store.encryptPlaintext(h, ['intake']), (e) =>
      isCustosError(e, 'BLOB_HASH_MISMATCH'),
    );
  });

  test('erase overwrites and unlinks a plaintext blob', async () => {
    const store = await newStore();
    const h = sha('to be erased');
    await mkdir(dirname(store.plainPathOf(h)), { recursive: true });
    await writeFile(store.plainPathOf(h), 'to be erased', { mode: 0o444 });
    await store.erase(h);
    assert.equal(await store.has(h), false);
  });
});
