/**
 * Benchmark: Custos's WhatsApp parser against the npm package `whatsapp-chat-parser` (Pustur,
 * what users pick today) on the same generated 1,000,000-message exports, one Android `.txt` and
 * one iOS `_chat.txt` (issue 2, item 12).
 *
 *   node --import tsx bench/parse-whatsapp.ts [--messages N] [--runs R]
 *
 * Each measurement runs in its own child process (same Node, same flags) and reports, from opening
 * the file to the last message, the elapsed time and the CPU time of the process (user + system,
 * all threads: `process.cpuUsage()`), and the peak resident set size (`process.resourceUsage()
 * .maxRSS`). Runs alternate between the two parsers; the medians are compared. Targets: time ratio
 * ≤ 0.67 and RSS ratio ≤ 1. Both time ratios are printed; on a shared machine (the load average is
 * printed too) elapsed time mostly measures the neighbours, so CPU time is the one to judge by.
 *
 * The reference reads the file with `readFileSync` and calls `parseString(text, {parseAttachments:
 * true})` (its documented use; attachment extraction because Custos extracts attachments too).
 * Custos streams the file through `openPathSource`, `detectExport` and the parser and drops each
 * message after counting it, as the ingest pipeline does. Inputs are generated deterministically
 * into `bench/.work/` and reused while the generator version is unchanged.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const WORK = join(import.meta.dirname, '.work');
const GENERATOR_VERSION = 1;
const TARGET_TIME = 0.67;
const TARGET_RSS = 1;

interface ChildResult {
  /** Elapsed milliseconds. */
  readonly ms: number;
  /** CPU milliseconds (user + system) over the same interval. */
  readonly cpuMs: number;
  readonly rssMB: number;
  readonly messages: number;
}

// ---------------------------------------------------------------------------------------------
// Input generation (synthetic, non-explicit, invented names and +44 7700 900xxx numbers)

/** Small deterministic PRNG (mulberry32) so every run benchmarks the same bytes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'are you still coming to football practice on thursday yes mum said she can drive us bring the spare ' +
  'shin pads sure i will put them in my bag tonight practice moved to half five see you at lunch bus is ' +
  'running ten minutes late did you finish the science worksheet almost just question four left thanks ' +
  'great photo the library second floor by the windows 👍 😂 🎉 café naïve'
).split(' ');
const NAMES = ['Alex', 'Sam', 'Jordan Lee', 'Priya', '+44 7700 900123', '~\u202fRiley'];
const SYSTEM = [
  'Alex added Sam',
  'Priya changed the group description',
  'Jordan Lee left',
  'You changed this group\u2019s icon',
];

function sentence(rnd: () => number): string {
  const n = 2 + Math.floor(rnd() * 12);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(rnd() * WORDS.length)] as string);
  return out.join(' ');
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** Writes an export of `count` messages spread over about three years. */
async function generate(path: string, count: number, layout: 'android' | 'ios'): Promise<void> {
  const rnd = prng(layout === 'android' ? 20240305 : 20240615);
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  const spanMs = 3 * 365 * 86_400_000;
  const step = spanMs / count;
  let t = Date.UTC(2021, 0, 4, 8, 0, 0);
  let buf = '';
  const eol = layout === 'ios' ? '\r\n' : '\n';
  for (let i = 0; i < count; i++) {
    t += Math.floor(rnd() * 2 * step);
    const d = new Date(t); // wall-clock fields read as UTC: a naive local time
    const who = NAMES[Math.floor(rnd() * NAMES.length)] as string;
    const r = rnd();
    let header: string;
    if (layout === 'android') {
      header = `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())} - `;
    } else {
      const h12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
      const ampm = d.getUTCHours() < 12 ? 'AM' : 'PM';
      const lead = r < 0.06 ? '\u200e' : '';
      header = `${lead}[${d.getUTCMonth() + 1}/${d.getUTCDate()}/${String(d.getUTCFullYear()).slice(2)}, ${h12}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}\u202f${ampm}] `;
    }
    let body: string;
    if (r < 0.002) {
      body =
        layout === 'android'
          ? (SYSTEM[i % SYSTEM.length] as string)
          : `${who}: \u200e${SYSTEM[i % SYSTEM.length] as string}`;
    } else if (r < 0.03) {
      body =
        layout === 'android'
          ? `${who}: <Media omitted>`
          : `${who}: \u200e${['image', 'video', 'audio', 'sticker'][i % 4] as string} omitted`;
    } else if (r < 0.04) {
      const ymd = `${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}`;
      body =
        layout === 'android'
          ? `${who}: IMG-${ymd}-WA${String(i % 10000).padStart(4, '0')}.jpg (file attached)\n${sentence(rnd)}`
          : `${who}: \u200e<attached: ${String(i).padStart(8, '0')}-PHOTO-${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}-${p2(d.getUTCHours())}-${p2(d.getUTCMinutes())}-${p2(d.getUTCSeconds())}.jpg>`;
    } else if (r < 0.05) {
      body =
        layout === 'android'
          ? `${who}: This message was deleted`
          : `${who}: \u200eThis message was deleted.`;
    } else if (r < 0.06) {
      body = `${who}: ${sentence(rnd)}${layout === 'android' ? ' ' : ' \u200e'}<This message was edited>`;
    } else if (r < 0.14) {
      // Lines typed inside a message are LF even in iOS exports (records end with CRLF).
      body = `${who}: ${sentence(rnd)}\n${sentence(rnd)}${rnd() < 0.3 ? `\n${sentence(rnd)}` : ''}`;
    } else {
      body = `${who}: ${sentence(rnd)}`;
    }
    buf += header + body + eol;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.write(buf);
  out.end();
  await once(out, 'finish');
  renameSync(tmp, path);
}

// ---------------------------------------------------------------------------------------------
// Children

async function childOurs(file: string, timeZone: string): Promise<ChildResult> {
  const { openPathSource } = await import('../src/adapters/files/export-source.ts');
  const { detectExport } = await import('../src/core/transcript/registry.ts');
  const start = performance.now();
  const cpu = process.cpuUsage();
  const source = await openPathSource(file);
  const { parser, detection } = await detectExport(source);
  let messages = 0;
  for await (const part of parser.parse(source, detection, { timeZone }))
    if (part.type === 'message') messages++;
  const ms = performance.now() - start;
  return { ms, cpuMs: cpuMs(cpu), rssMB: process.resourceUsage().maxRSS / 1024, messages };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

async function childReference(file: string, attachments: boolean): Promise<ChildResult> {
  const whatsapp = await import('whatsapp-chat-parser');
  const start = performance.now();
  const cpu = process.cpuUsage();
  const messages = whatsapp.parseString(readFileSync(file, 'utf8'), {
    parseAttachments: attachments,
  });
  const ms = performance.now() - start;
  return {
    ms,
    cpuMs: cpuMs(cpu),
    rssMB: process.resourceUsage().maxRSS / 1024,
    messages: messages.length,
  };
}

function runChild(args: readonly string[]): ChildResult {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--child', ...args],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0)
    throw new Error(`child ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ChildResult;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--child');
  if (at >= 0) {
    const [who, file, extra] = argv.slice(at + 1);
    if (file === undefined) throw new Error('--child needs a parser and a file');
    const result =
      who === 'ours'
        ? await childOurs(file, extra ?? 'UTC')
        : await childReference(file, extra !== 'plain');
    console.log(JSON.stringify(result));
    return;
  }
  const opt = (name: string, dflt: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  const count = opt('--messages', 1_000_000);
  const runs = opt('--runs', 3);
  mkdirSync(WORK, { recursive: true });

  console.log(
    `WhatsApp parse benchmark: ${count.toLocaleString('en-GB')} messages, ${runs} run(s) each, medians`,
  );
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
  );
  const inputs = [
    {
      name: 'Android .txt',
      layout: 'android' as const,
      file: join(WORK, `wa-android-${count}-v${GENERATOR_VERSION}.txt`),
      tz: 'Europe/London',
    },
    {
      name: 'iOS _chat.txt',
      layout: 'ios' as const,
      file: join(WORK, `wa-ios-${count}-v${GENERATOR_VERSION}.txt`),
      tz: 'America/New_York',
    },
  ];
  let allMet = true;
  for (const input of inputs) {
    if (!existsSync(input.file)) {
      process.stdout.write(`generating ${input.file} … `);
      await generate(input.file, count, input.layout);
      console.log('done');
    }
    const ours: ChildResult[] = [];
    const ref: ChildResult[] = [];
    const refPlain: ChildResult[] = [];
    for (let i = 0; i < runs; i++) {
      ref.push(runChild(['reference', input.file, 'attachments']));
      ours.push(runChild(['ours', input.file, input.tz]));
      refPlain.push(runChild(['reference', input.file, 'plain']));
    }
    const sum = (rs: readonly ChildResult[]) => ({
      ms: median(rs.map((r) => r.ms)),
      cpu: median(rs.map((r) => r.cpuMs)),
      rss: median(rs.map((r) => r.rssMB)),
    });
    const o = sum(ours);
    const p = sum(ref);
    const q = sum(refPlain);
    const line = (
      name: string,
      x: { ms: number; cpu: number; rss: number },
      rs: readonly ChildResult[],
    ) =>
      `  ${name.padEnd(36)}${x.cpu.toFixed(0).padStart(6)} ms CPU ${x.ms.toFixed(0).padStart(6)} ms elapsed ${x.rss.toFixed(0).padStart(5)} MB   (CPU runs: ${rs.map((r) => r.cpuMs.toFixed(0)).join(', ')})`;
    const cpuRatio = o.cpu / p.cpu;
    const wallRatio = o.ms / p.ms;
    const rssRatio = o.rss / p.rss;
    const met = cpuRatio <= TARGET_TIME && rssRatio <= TARGET_RSS;
    allMet &&= met;
    console.log(
      `\n${input.name} (${(readFileSync(input.file).length / 2 ** 20).toFixed(1)} MiB, ${ours[0]?.messages ?? 0} messages; reference found ${ref[0]?.messages ?? 0}; load average ${loadavg()[0]?.toFixed(1) ?? '?'})`,
    );
    console.log(line('custos', o, ours));
    console.log(line('whatsapp-chat-parser (attachments)', p, ref));
    console.log(line('whatsapp-chat-parser (plain)', q, refPlain));
    console.log(
      `  ratio vs reference (attachments): CPU time ${cpuRatio.toFixed(2)}, elapsed ${wallRatio.toFixed(2)} (target ≤ ${TARGET_TIME}); RSS ${rssRatio.toFixed(2)} (target ≤ ${TARGET_RSS}) → ${met ? 'met' : 'NOT met'}`,
    );
    console.log(
      `  ratio vs reference (plain):       CPU time ${(o.cpu / q.cpu).toFixed(2)}, elapsed ${(o.ms / q.ms).toFixed(2)}; RSS ${(o.rss / q.rss).toFixed(2)}`,
    );
  }
  console.log(`\n${allMet ? 'all targets met' : 'some targets not met'}`);
}

await main(process.argv.slice(2));
