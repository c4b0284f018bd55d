/**
 * Benchmark (issue 2): `custos ingest` of a 1 GiB file vs `tee copy < file | openssl dgst -sha256`
 * on the same file, page cache warm. Targets: time ratio ≤ 1.25, peak RSS ≤ 200 MB.
 * Then (issue 7, encryption at rest) the cost of encryption alone: the blob store's `put`
 * (SHA-256 on this thread, AES-256-GCM segments on the thread pool, fsync) against a plaintext put
 * as the store did before encryption (SHA-256, positional writes, fsync), in the same process.
 * Usage: node --import tsx bench/ingest.ts [sizeMiB=1024] [runs=3]
 */
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { LocalBlobStore } from '../src/adapters/blobstore/local-blob-store.ts';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT, WORK, machine, measure, median, ratioLine } from './lib.ts';

const sizeMiB = Number(process.argv[2] ?? 1024);
const runs = Number(process.argv[3] ?? 3);
const file = join(WORK, `ingest-${sizeMiB}MiB.bin`);

async function makeFile(): Promise<void> {
  if (existsSync(file) && statSync(file).size === sizeMiB * 2 ** 20) return;
  const out = createWriteStream(file);
  const block = randomBytes(2 ** 20); // distinct 1 MiB blocks would not change hashing speed
  for (let i = 0; i < sizeMiB; i++) {
    block[0] = i & 0xff;
    block[1] = (i >> 8) & 0xff;
    if (!out.write(Buffer.from(block))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

await makeFile();
await measure('bash', ['-c', `cat ${JSON.stringify(file)} > /dev/null`]); // warm the page cache
console.log(`ingest benchmark: ${sizeMiB} MiB file, ${runs} runs each, ${machine()}`);
const custos: number[] = [];
const reference: number[] = [];
const durable: number[] = [];
const rss: number[] = [];
const settle = () => measure('sync', []); // no run pays for the previous run's dirty pages
for (let i = 0; i < runs; i++) {
  const dataDir = join(WORK, `ingest-data-${i}`);
  await rm(dataDir, { recursive: true, force: true });
  await settle();
  const r = await measure(
    process.execPath,
    [
      join(ROOT, 'bin', 'custos.js'),
      '--data',
      dataDir,
      'ingest',
      '--by',
      'BM',
      '--tz',
      'UTC',
      file,
    ],
    { env: { ...process.env, DATABASE_URL: '' } },
  );
  if (r.code !== 0 && r.code !== 1) throw new Error(`custos ingest failed: ${r.stderr}`);
  custos.push(r.ms);
  if (r.rssMiB !== undefined) rss.push(r.rssMiB);
  await rm(dataDir, { recursive: true, force: true });
  const copy = join(WORK, 'tee-copy.bin');
  await settle();
  reference.push(
    (
      await measure('bash', [
        '-c',
        `tee ${JSON.stringify(copy)} < ${JSON.stringify(file)} | openssl dgst -sha256 > /dev/null`,
      ])
    ).ms,
  );
  await rm(copy, { force: true });
  await settle();
  durable.push(
    (
      await measure('bash', [
        '-c',
        `tee ${JSON.stringify(copy)} < ${JSON.stringify(file)} | openssl dgst -sha256 > /dev/null && sync -f ${JSON.stringify(copy)}`,
      ])
    ).ms,
  );
  await rm(copy, { force: true });
}
const c = median(custos);
const ref = median(reference);
const dur = median(durable);
const fmt = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
console.log(
  `custos ingest (store with fsync + hash + exhibit + custody event + detect + checkpoint, incl. process start): median ${(c / 1000).toFixed(2)} s (${fmt(custos)})`,
);
console.log(
  `tee copy < file | openssl dgst -sha256 (copy left in the page cache): median ${(ref / 1000).toFixed(2)} s (${fmt(reference)})`,
);
console.log(
  `same, then sync -f of the copy (as durable as custos): median ${(dur / 1000).toFixed(2)} s (${fmt(durable)})`,
);
console.log(ratioLine('ingest time vs tee|openssl (as specified)', c / ref, { max: 1.25 }));
console.log(ratioLine('ingest time vs tee|openssl + sync (durable)', c / dur, { max: 1.25 }));
const peak = median(rss);
console.log(
  `custos ingest peak RSS: ${peak.toFixed(0)} MiB = ${(peak * 1.048576).toFixed(0)} MB (target ≤ 200 MB: ${peak * 1.048576 <= 200 ? 'met' : 'NOT met'})`,
);

/** The store's put before encryption at rest: hash and positional writes overlap, then fsync. */
async function plaintextPut(path: string, out: string): Promise<string> {
  const fh = await open(out, 'wx', 0o600);
  const hash = createHash('sha256');
  const inFlight: Promise<unknown>[] = [];
  let at = 0;
  for await (const chunk of createReadStream(path, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    inFlight.push(fh.write(chunk, 0, chunk.length, at));
    at += chunk.length;
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await fh.sync();
  await fh.close();
  return hash.digest('hex');
}

const plainRuns: number[] = [];
const encryptedRuns: number[] = [];
for (let i = 0; i < runs; i++) {
  const dir = join(WORK, `put-${i}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await settle();
  let t = process.hrtime.bigint();
  const plainSha = await plaintextPut(file, join(dir, 'plain.bin'));
  plainRuns.push(Number(process.hrtime.bigint() - t) / 1e6);
  await rm(join(dir, 'plain.bin'));
  const store = new LocalBlobStore(join(dir, 'blobs'));
  await store.init();
  await settle();
  t = process.hrtime.bigint();
  const stored = await store.put(
    createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>,
  );
  encryptedRuns.push(Number(process.hrtime.bigint() - t) / 1e6);
  if (stored.sha256 !== plainSha) throw new Error('the encrypted put hashed differently');
  await rm(dir, { recursive: true, force: true });
}
const pm = median(plainRuns);
const em = median(encryptedRuns);
console.log(
  `blob store put, plaintext as before encryption (SHA-256 + write + fsync): median ${(pm / 1000).toFixed(2)} s (${fmt(plainRuns)})`,
);
console.log(
  `blob store put, encrypted (SHA-256 + AES-256-GCM 1 MiB segments on the thread pool + write + fsync): median ${(em / 1000).toFixed(2)} s (${fmt(encryptedRuns)})`,
);
console.log(
  ratioLine('encrypted put vs plaintext put (cost of encryption at rest)', em / pm, { max: 1.25 }),
);
