/**
 * `npm run bench`: runs every benchmark, prints their figures and ratios, and writes them with the
 * machine details to docs/benchmarks.md. Each benchmark is a script in this folder that prints a
 * ratio against a reference measured in the same run.
 * Usage: npm run bench [-- name…] [-- --quick]   (names: ingest, custody, parse-whatsapp, …)
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, machine } from './lib.ts';

interface Bench {
  readonly name: string;
  readonly script: string;
  readonly args: readonly string[];
  readonly quickArgs: readonly string[];
  readonly what: string;
}

const BENCHES: readonly Bench[] = [
  {
    name: 'ingest',
    script: 'ingest.ts',
    args: ['1024', '5'],
    quickArgs: ['64', '1'],
    what: 'custos ingest of a 1 GiB file vs tee | openssl dgst -sha256',
  },
  {
    name: 'custody',
    script: 'custody.ts',
    args: ['100000', '1000000'],
    quickArgs: ['2000', '20000'],
    what: 'custody log append, full verify vs 2n SHA-256, inclusion proof at 1M leaves',
  },
  {
    name: 'custody-core',
    script: 'custody-core.ts',
    args: [],
    quickArgs: [],
    what: 'custody log core in memory',
  },
  {
    name: 'parse-whatsapp',
    script: 'parse-whatsapp.ts',
    args: [],
    quickArgs: ['--quick'],
    what: 'WhatsApp parse of 1M messages vs whatsapp-chat-parser',
  },
  {
    name: 'parse-formats',
    script: 'parse-formats.ts',
    args: [],
    quickArgs: ['--quick'],
    what: 'per-format throughput and memory, peers where they exist',
  },
  {
    name: 'triage',
    script: 'triage.ts',
    args: [],
    quickArgs: [],
    what: 'triage of the dev set vs JSON.parse',
  },
  {
    name: 'http',
    script: 'http.ts',
    args: [],
    quickArgs: ['--quick'],
    what: 'report intake vs bare Fastify; 200 MB upload vs blob store',
  },
  {
    name: 'bundle',
    script: 'bundle.ts',
    args: [],
    quickArgs: ['--quick'],
    what: 'court bundle export and verify vs openssl dgst',
  },
];

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.filter((a) => !a.startsWith('--'));
const chosen = BENCHES.filter(
  (b) => (only.length === 0 || only.includes(b.name)) && existsSync(join(ROOT, 'bench', b.script)),
);

function run(b: Bench): Promise<{ out: string; code: number | null; seconds: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench', b.script), ...(quick ? b.quickArgs : b.args)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      process.stdout.write(d);
      out += d.toString();
    });
    child.on('close', (code) => resolve({ out, code, seconds: (Date.now() - started) / 1000 }));
  });
}

/** Each benchmark's section of docs/benchmarks.md sits between these markers. */
const open = (name: string) => `<!-- bench:${name} -->`;
const close = (name: string) => `<!-- /bench:${name} -->`;

const sections = new Map<string, string>();
for (const b of chosen) {
  console.log(`\n=== ${b.name}: ${b.what}`);
  const r = await run(b);
  sections.set(
    b.name,
    `${open(b.name)}\n## ${b.name}\n\n${b.what}. Command: \`node --import tsx bench/${b.script} ${(quick ? b.quickArgs : b.args).join(' ')}\` (${r.seconds.toFixed(0)} s${r.code === 0 ? '' : `, exit ${r.code}`}); run ${new Date().toISOString().slice(0, 10)} on ${machine()}.\n\n\`\`\`\n${r.out.trim()}\n\`\`\`\n${close(b.name)}`,
  );
}

// Rewrite only the sections of the benchmarks that ran, keeping the others' last results, in
// the order of BENCHES. Quick runs use sizes below the targets' and are never written.
const docs = join(ROOT, 'docs', 'benchmarks.md');
const text = existsSync(docs) ? readFileSync(docs, 'utf8') : '';
const [intro = ''] = text.split('<!-- results -->');
const header = intro.trim()
  ? intro.trimEnd()
  : '# Benchmarks\n\nWhat `npm run bench` measures and what it printed last. Every figure is a ratio against a reference measured in the same run on the same machine; targets are reported, not enforced by tests.';
const kept = (name: string): string | undefined => {
  const from = text.indexOf(open(name));
  const to = text.indexOf(close(name));
  return from >= 0 && to > from ? text.slice(from, to + close(name).length) : undefined;
};
if (quick) console.log('\n(quick sizes: docs/benchmarks.md is not rewritten)');
else {
  const body = BENCHES.map((b) => sections.get(b.name) ?? kept(b.name))
    .filter((x) => x !== undefined)
    .join('\n\n');
  writeFileSync(docs, `${header}\n\n<!-- results -->\n\n${body}\n`);
  console.log(`\n(docs/benchmarks.md: ${[...sections.keys()].join(', ')} rewritten)`);
}
