/**
 * Benchmark (issue 7): export and verify of a court bundle holding 1 GiB of originals (4 files of
 * 256 MiB plus a small chat with a transcript and PDF). Reference: `openssl dgst -sha256` over the
 * same files, measured in the same run with the page cache warm. Target: verify ≤ 1.5× openssl.
 *
 * Verify is measured twice: in-process (`verifyBundleAt`, what the 1.5× target is about: hashing,
 * proofs, signature), and as the `custos bundle verify` command (adds Node/tsx start-up).
 * Usage: node --import tsx bench/bundle.ts [--quick] [runs=3]   (--quick: 64 MiB)
 */
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, WORK, machine, median, ratioLine } from './lib.ts';

const args = process.argv.slice(2);

if (args[0] === '--child-verify') {
  // Child: time the in-process verifier (no database, no network) and print ms and the verdict.
  const { bundleIo } = await import('../src/adapters/render/index.ts');
  const { verifyBundleAt } = await import('../src/usecases/bundle/verify-bundle.ts');
  const [, path, key] = args;
  const started = process.hrtime.bigint();
  const report = await verifyBundleAt(bundleIo, path ?? '', { verifierKey: key ?? '' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    JSON.stringify({
      ms,
      ok: report.ok,
      bytes: report.files.bytes,
      problems: report.problems.slice(0, 3),
    }),
  );
  process.exit(report.ok ? 0 : 3);
}

const quick = args.includes('--quick');
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? (quick ? 2 : 3));
const totalMiB = quick ? 64 : 1024;
const files = 4;
const eachMiB = totalMiB / files;
const work = join(WORK, `bundle-${totalMiB}`);
const dataDir = join(work, 'data');
const custos = join(ROOT, 'bin', 'custos.js');
const env = { ...process.env, DATABASE_URL: '', CUSTOS_DATA: dataDir };

async function makeFile(path: string, mib: number, salt: number): Promise<void> {
  if (existsSync(path) && statSync(path).size === mib * 2 ** 20) return;
  const out = createWriteStream(path);
  const block = randomBytes(2 ** 20);
  for (let i = 0; i < mib; i++) {
    block[0] = i & 0xff;
    block[1] = salt;
    if (!out.write(Buffer.from(block))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Ran {
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command (stdin closed) and measures its wall time; throws on an unexpected exit code. */
function run(cmd: string, a: readonly string[], okCodes: readonly number[] = [0]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, a, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-100_000)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-100_000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!okCodes.includes(code ?? -1))
        reject(new Error(`${cmd} ${a.join(' ')} failed (${code}): ${stderr || stdout}`));
      else resolve({ ms, code, stdout, stderr });
    });
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (d.isFile()) out.push(join(d.parentPath, d.name));
  return out.sort();
}

await rm(work, { recursive: true, force: true });
await mkdir(work, { recursive: true });
const originals: string[] = [];
for (let i = 0; i < files; i++) {
  const p = join(WORK, `bundle-original-${eachMiB}MiB-${i}.bin`);
  await makeFile(p, eachMiB, i);
  originals.push(p);
}
const chat = join(work, 'WhatsApp Chat.txt');
await writeFile(
  chat,
  '05/03/2024, 18:40 - Sam Example: Hello 😊\n05/03/2024, 18:41 - Zoë Example: Привет, 你好\n',
);
// Random originals are stored but not parsed (exit 1, recorded as parse-failed): that is expected.
for (const f of [chat, ...originals]) {
  const r = await run(process.execPath, [custos, 'ingest', '--by', 'BM', '--tz', 'UTC', f], [0, 1]);
  if (r.code === 1 && !r.stdout.includes('NOT PARSED'))
    throw new Error(`custos ingest ${f} failed: ${r.stderr}`);
}
const refs = ['BM/1', ...originals.map((_, i) => `BM/${i + 3}`)].join(',');
const key = readFileSync(join(dataDir, 'keys', 'custody.vkey'), 'utf8').trim();

console.log(
  `bundle benchmark: ${totalMiB} MiB of originals in ${files} files + a chat, ${runs} runs each, ${machine()}`,
);
const exportMs: number[] = [];
const verifyMs: number[] = [];
const verifyCliMs: number[] = [];
const folderMs: number[] = [];
const opensslMs: number[] = [];
const opensslFolderMs: number[] = [];
let zip = '';
let folder = '';
for (let i = 0; i < runs; i++) {
  zip = join(work, `bundle-${i}.zip`);
  await run('sync', []);
  exportMs.push(
    (
      await run(process.execPath, [
        custos,
        'bundle',
        'export',
        '--exhibits',
        refs,
        '--out',
        zip,
        '--by',
        'BM',
      ])
    ).ms,
  );
}
// Unzip the last bundle: the reference hashes exactly the bundle's files.
folder = join(work, 'unzipped');
await rm(folder, { recursive: true, force: true });
await run('bash', [
  '-c',
  `mkdir -p ${JSON.stringify(folder)} && cd ${JSON.stringify(folder)} && unzip -q ${JSON.stringify(zip)}`,
]);
const bundleFiles = await listFiles(folder);
await run('bash', [
  '-c',
  `cat ${JSON.stringify(zip)} ${bundleFiles.map((f) => JSON.stringify(f)).join(' ')} > /dev/null`,
]);
for (let i = 0; i < runs; i++) {
  opensslMs.push((await run('openssl', ['dgst', '-sha256', ...originals])).ms);
  opensslFolderMs.push((await run('openssl', ['dgst', '-sha256', ...bundleFiles])).ms);
  const child = await run(process.execPath, [
    '--import',
    'tsx',
    join(ROOT, 'bench', 'bundle.ts'),
    '--child-verify',
    zip,
    key,
  ]);
  const parsed = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
    ms: number;
    ok: boolean;
  };
  if (!parsed.ok) throw new Error(`the bundle did not verify: ${child.stdout}`);
  verifyMs.push(parsed.ms);
  const childFolder = await run(process.execPath, [
    '--import',
    'tsx',
    join(ROOT, 'bench', 'bundle.ts'),
    '--child-verify',
    folder,
    key,
  ]);
  folderMs.push(
    (JSON.parse(childFolder.stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number }).ms,
  );
  verifyCliMs.push(
    (await run(process.execPath, [custos, 'bundle', 'verify', zip, '--key', key])).ms,
  );
}
const ref = median(opensslMs);
const refFolder = median(opensslFolderMs);
const mb = (totalMiB * 2 ** 20) / 1e6;
console.log(
  `openssl dgst -sha256 over the originals:     ${ref.toFixed(0)} ms (${(mb / (ref / 1000)).toFixed(0)} MB/s)`,
);
console.log(`openssl dgst -sha256 over the bundle's files: ${refFolder.toFixed(0)} ms`);
console.log(
  `custos bundle export (CLI, whole command):   ${median(exportMs).toFixed(0)} ms (${(median(exportMs) / ref).toFixed(2)}× openssl; writes the zip, PDFs, proofs, fsync)`,
);
console.log(`verify zip, in-process:                      ${median(verifyMs).toFixed(0)} ms`);
console.log(`verify unzipped folder, in-process:          ${median(folderMs).toFixed(0)} ms`);
console.log(`custos bundle verify (CLI, incl. start-up):  ${median(verifyCliMs).toFixed(0)} ms`);
console.log(
  ratioLine(
    'verify zip (in-process) / openssl over the bundle files',
    median(verifyMs) / refFolder,
    { max: 1.5 },
  ),
);
console.log(
  ratioLine(
    'verify folder (in-process) / openssl over the bundle files',
    median(folderMs) / refFolder,
    { max: 1.5 },
  ),
);
console.log(
  ratioLine(
    'custos bundle verify (CLI) / openssl over the bundle files',
    median(verifyCliMs) / refFolder,
    { max: 1.5 },
  ),
);
await rm(work, { recursive: true, force: true });
