/**
 * Benchmark (issue 2): `custos ingest` of a 1 GiB file vs `tee copy < file | openssl dgst -sha256`
 * on the same file, page cache warm. Targets: time ratio ≤ 1.25, peak RSS ≤ 200 MB.
 * Usage: node --import tsx bench/ingest.ts [sizeMiB=1024] [runs=3]
 */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
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
  `custos ingest (store with fsync + hash + exhibit + custody event + detect + checkpoint, incl. ~0.8 s process start): median ${(c / 1000).toFixed(2)} s (${fmt(custos)})`,
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
