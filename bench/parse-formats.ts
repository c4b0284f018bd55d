/**
 * Chat-export parser benchmark: throughput (MB/s, messages/s) and peak RSS of every non-WhatsApp
 * format on generated exports, a 1 GB Telegram export to show that memory stays bounded, and a
 * side-by-side ratio against npm peers measured in the same run:
 *
 * - Telegram: `telegram-chat-parser` (the npm Telegram export parser; loads the file whole) and
 *   `@streamparser/json` (a strict streaming JSON tokenizer, the floor for any streaming reader);
 * - other JSON formats: `@streamparser/json` over the same file;
 * - SMS XML: a bare `sax` pass over the same file (our parser runs sax plus its own work).
 *
 * Every measurement runs in a fresh Node child (peak RSS from the child's own `maxRSS`, bench/lib.ts).
 * Our parser children run with a capped V8 heap (HEAP_CAP_MIB): V8 otherwise grows its heap
 * lazily far beyond the live data, and the cap turns "memory is bounded" into pass/fail.
 * Throughput is per CPU-second of the child (user + system) from the start of the parse (module
 * loading excluded), so that a busy, shared machine distorts it less than wall time; wall time is
 * printed beside it. Ratios against peers are CPU-time ratios measured the same way.
 * Usage: `node --import tsx bench/parse-formats.ts [--telegram-mb 1024] [--mb 64] [--peer-mb 64]
 * [--quick] [--only name,…]` (`--quick`: 16 MB inputs and a 64 MB Telegram export).
 * Targets are printed, not enforced: peak RSS of the 1 GB Telegram parse < 300 MB.
 */
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { machine, measure, WORK } from './lib.ts';

const FORMATS_DIR = join(WORK, 'formats');
const SELF = join(import.meta.dirname, 'parse-formats.ts');

// ---- generators (synthetic, non-explicit content) -------------------------------------------

const WORDS = [
  'football',
  'practice',
  'Thursday',
  'homework',
  'bring',
  'snacks',
  'quiz',
  'library',
  'see you',
  'thanks',
  'café',
  'Zoë',
  '😊',
  '👍🏽',
  'ok',
];
function sentence(i: number): string {
  let s = '';
  const n = 4 + (i % 9);
  for (let k = 0; k < n; k++)
    s += (k ? ' ' : '') + (WORDS[(i * 7 + k * 3) % WORDS.length] as string);
  return s;
}

/** Writes `targetBytes` of an export to `path` with `head`, `item(i)` records joined by `sep`, and `tail`. */
function generate(
  path: string,
  targetBytes: number,
  head: string,
  item: (i: number) => string,
  sep: string,
  tail: string,
): number {
  if (existsSync(path) && Math.abs(statSync(path).size - targetBytes) < targetBytes * 0.02 + 4096) {
    return Number(readFileSync(`${path}.count`, 'utf8'));
  }
  const fd = openSync(path, 'w');
  let written = 0;
  let buf = head;
  let i = 0;
  const enc = new TextEncoder();
  while (written + buf.length < targetBytes) {
    buf += (i ? sep : '') + item(i);
    i++;
    if (buf.length > 1 << 20) {
      const b = enc.encode(buf);
      writeSync(fd, b);
      written += b.length;
      buf = '';
    }
  }
  writeSync(fd, enc.encode(buf + tail));
  closeSync(fd);
  writeFileSync(`${path}.count`, String(i));
  return i;
}

const T0 = 1_700_000_000;
const generators: Record<string, (mb: number) => { path: string; messages: number }> = {
  telegram(mb) {
    const path = join(FORMATS_DIR, `telegram-${mb}mb`, 'result.json');
    mkdirSync(join(path, '..'), { recursive: true });
    const messages = generate(
      path,
      mb * 2 ** 20,
      '{\n "name": "Bench",\n "type": "personal_chat",\n "id": 5550001234,\n "messages": [\n',
      (i) => {
        const t = T0 + i * 7;
        const text =
          i % 5 === 0
            ? `["${sentence(i)} ", {"type": "bold", "text": "${sentence(i + 1)}"}]`
            : JSON.stringify(sentence(i));
        return `  {\n   "id": ${i + 1},\n   "type": "message",\n   "date": "${new Date(t * 1000).toISOString().slice(0, 19)}",\n   "date_unixtime": "${t}",\n   "from": "${i % 2 ? 'Alex' : 'Sam'}",\n   "from_id": "user55500${i % 2}",\n   "text": ${text},\n   "text_entities": []\n  }`;
      },
      ',\n',
      '\n ]\n}',
    );
    return { path, messages };
  },
  'discord-json'(mb) {
    const path = join(FORMATS_DIR, `discord-${mb}mb.json`);
    const messages = generate(
      path,
      mb * 2 ** 20,
      '{"guild":{"id":"0","name":"Direct Messages"},"channel":{"id":"1","type":"DirectTextChat","name":"sam"},"dateRange":{"after":null,"before":null},"messages":[\n',
      (i) =>
        JSON.stringify({
          id: String(1256000000000000000n + BigInt(i)),
          type: 'Default',
          timestamp: new Date((T0 + i * 7) * 1000).toISOString().replace('Z', '+00:00'),
          timestampEdited: null,
          content: sentence(i),
          author: {
            id: `55500000000000010${i % 2}`,
            name: i % 2 ? 'alex_builds' : 'sam_plays',
            discriminator: '0000',
            nickname: 'A',
            isBot: false,
            roles: [],
          },
          attachments: [],
          embeds: [],
          stickers: [],
          reactions: [],
          mentions: [],
        }),
      ',\n',
      '\n],"messageCount":0}',
    );
    return { path, messages };
  },
  'discord-csv'(mb) {
    const path = join(FORMATS_DIR, `discord-${mb}mb.csv`);
    const messages = generate(
      path,
      mb * 2 ** 20,
      'AuthorID,Author,Date,Content,Attachments,Reactions\r\n',
      (i) =>
        `"55500000000000010${i % 2}","${i % 2 ? 'alex_builds' : 'sam_plays'}","${new Date((T0 + i * 7) * 1000).toISOString().replace('Z', '0000+00:00')}","${sentence(i).replace(/"/g, '""')}${i % 10 === 0 ? '\nsecond line' : ''}","",""`,
      '\r\n',
      '\r\n',
    );
    return { path, messages };
  },
  messenger(mb) {
    // realistic layout: files of 10 000 messages, message_1 newest, each newest first
    const dir = join(
      FORMATS_DIR,
      `messenger-${mb}mb`,
      'your_facebook_activity',
      'messages',
      'inbox',
      'sam_1',
    );
    mkdirSync(dir, { recursive: true });
    const perFile = 10_000;
    const approx = 190; // bytes per message as generated
    const total = Math.floor((mb * 2 ** 20) / approx);
    const files = Math.max(1, Math.ceil(total / perFile));
    let count = 0;
    for (let f = 1; f <= files; f++) {
      const n = Math.min(perFile, total - (f - 1) * perFile);
      const newest = total - (f - 1) * perFile;
      const path = join(dir, `message_${f}.json`);
      count += generate(
        path,
        n * approx,
        '{"participants":[{"name":"Zo\\u00c3\\u00ab"},{"name":"Alex"}],"messages":[\n',
        (k) => {
          const i = newest - k;
          return `{"sender_name":"${i % 2 ? 'Zo\\u00c3\\u00ab' : 'Alex'}","timestamp_ms":${(T0 + i * 7) * 1000},"content":"Caf\\u00c3\\u00a9 ${sentence(i).replace(/[^\x20-\x7e]/g, '')}","is_geoblocked_for_viewer":false}`;
        },
        ',\n',
        '\n],"title":"Zo\\u00c3\\u00ab","is_still_participant":true,"thread_path":"inbox/sam_1","magic_words":[]}',
      );
    }
    return { path: join(FORMATS_DIR, `messenger-${mb}mb`), messages: count };
  },
  snapchat(mb) {
    const path = join(FORMATS_DIR, `snapchat-${mb}mb.json`);
    const approx = 260;
    const total = Math.floor((mb * 2 ** 20) / approx);
    const messages = generate(
      path,
      mb * 2 ** 20,
      '{"sam_t2024":[\n',
      (k) => {
        const i = total - k;
        return JSON.stringify({
          From: i % 2 ? 'sam_t2024' : 'alex_k2024',
          'Media Type': 'TEXT',
          Created:
            new Date((T0 + i * 7) * 1000).toISOString().slice(0, 19).replace('T', ' ') + ' UTC',
          Content: sentence(i),
          'Conversation Title': null,
          IsSender: i % 2 === 0,
          'Created(microseconds)': (T0 + i * 7) * 1000 + (i % 1000),
          IsSaved: false,
          'Media IDs': '',
        });
      },
      ',\n',
      '\n]}',
    );
    return { path, messages };
  },
  sms(mb) {
    const path = join(FORMATS_DIR, `sms-${mb}mb.xml`);
    const data = 'QUJD'.repeat(4096);
    const messages = generate(
      path,
      mb * 2 ** 20,
      "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\">\n",
      (i) =>
        i % 50 === 0
          ? `  <mms date="${(T0 + i * 7) * 1000}" msg_box="1" address="+4477009001${String(i % 100).padStart(2, '0')}" contact_name="Sam"><parts><part seq="-1" ct="application/smil" text="&lt;smil/&gt;" /><part seq="0" ct="image/jpeg" name="IMG_${i}.jpg" data="${data}" /><part seq="0" ct="text/plain" text="${sentence(i)}" /></parts><addrs><addr address="+447700900123" type="137" charset="106" /></addrs></mms>`
          : `  <sms protocol="0" address="+4477009001${String(i % 100).padStart(2, '0')}" date="${(T0 + i * 7) * 1000}" type="${(i % 2) + 1}" subject="null" body="${sentence(i)} &amp; &#55357;&#56832;" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="x" contact_name="Sam" />`,
      '\n',
      '\n</smses>\n',
    );
    return { path, messages };
  },
  imessage(mb) {
    const path = join(FORMATS_DIR, `imessage-${mb}mb.txt`);
    const fmt = (t: number) => {
      const d = new Date(t * 1000);
      const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
      const h = d.getUTCHours() % 12 || 12;
      return `${mon} ${String(d.getUTCDate()).padStart(2, '0')}, ${d.getUTCFullYear()} ${String(h).padStart(2, ' ')}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
    };
    const messages = generate(
      path,
      mb * 2 ** 20,
      '',
      (i) =>
        `${fmt(T0 + i * 7)}${i % 3 ? '' : ' (Read by them after 1 minute)'}\n${i % 2 ? 'Me' : '+447700900123'}\n${sentence(i)}\n${i % 7 ? '' : 'Reactions:\nLoved by Sam\n\n'}`,
      '\n',
      '\n',
    );
    return { path, messages };
  },
};

// ---- child processes ----------------------------------------------------------------------

async function childParse(path: string): Promise<void> {
  const { openPathSource } = await import('../src/adapters/files/export-source.ts');
  const { detectExport, SummaryCollector } = await import('../src/core/transcript/registry.ts');
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const source = await openPathSource(path);
  const { parser, detection } = await detectExport(source);
  const collector = new SummaryCollector();
  for await (const part of parser.parse(source, detection, { timeZone: 'Europe/London' }))
    collector.add(part);
  await source.close?.();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      format: detection.format,
      messages: collector.summary.messageCount,
      notes: collector.summary.notes.map((n) => n.code),
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
    }),
  );
}

async function childPeer(peer: string, path: string): Promise<void> {
  // modules first, so that only the parse is timed (as for our parser)
  const { TelegramChat } = await import('telegram-chat-parser');
  const { JSONParser } = await import('@streamparser/json');
  const sax = (await import('sax')).default;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let messages = 0;
  if (peer === 'telegram-chat-parser') {
    const chat = new TelegramChat(readFileSync(path, 'utf8'));
    messages = chat.messages.length;
  } else if (peer === 'json-parse') {
    // the floor for any JavaScript reader: V8's own JSON.parse of the whole file
    const doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    for (const v of Object.values(doc)) if (Array.isArray(v)) messages += v.length;
  } else if (peer === 'streamparser-json') {
    const parser = new JSONParser({ paths: ['$.messages.*', '$.*.*'], keepStack: false });
    parser.onValue = () => {
      messages++;
    };
    for await (const chunk of createReadStream(path, {
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Uint8Array>)
      parser.write(chunk);
  } else if (peer === 'sax') {
    const p = sax.parser(true, {});
    p.onopentag = (t) => {
      if (t.name === 'sms' || t.name === 'mms') messages++;
    };
    p.onerror = () => {
      p.resume();
    };
    const dec = new TextDecoder();
    for await (const chunk of createReadStream(path, {
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Uint8Array>)
      p.write(dec.decode(chunk, { stream: true }));
    p.close();
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      messages,
      ms: performance.now() - started,
      cpuMs: (cpu.user + cpu.system) / 1000,
    }),
  );
}

// ---- orchestration ------------------------------------------------------------------------

function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  let total = 0;
  const walk = (p: string) => {
    for (const name of readdirSync(p)) {
      const q = join(p, name);
      const s = statSync(q);
      if (s.isDirectory()) walk(q);
      else if (!name.endsWith('.count')) total += s.size;
    }
  };
  walk(path);
  return total;
}

interface Run {
  readonly ms: number;
  /** CPU time of the child (user + system), which a busy machine distorts less than wall time. */
  readonly cpuMs: number;
  readonly rssMiB: number | undefined;
  readonly messages: number;
  readonly format?: string;
  readonly notes?: string[];
}

/** V8 old-space cap for our parser children: a parser whose memory grew with the input would fail. */
const HEAP_CAP_MIB = 200;

async function run(args: string[]): Promise<Run> {
  const cap = args[0] === '--child' ? [`--max-old-space-size=${HEAP_CAP_MIB}`] : [];
  const m = await measure(process.execPath, [...cap, '--import', 'tsx', SELF, ...args]);
  if (m.code !== 0)
    throw new Error(`child ${args.join(' ')} failed (${m.code}): ${m.stderr.slice(-2000)}`);
  const last = m.stdout.trim().split('\n').pop() ?? '{}';
  const r = JSON.parse(last) as {
    messages: number;
    ms: number;
    cpuMs: number;
    format?: string;
    notes?: string[];
  };
  return {
    ms: r.ms,
    cpuMs: r.cpuMs,
    rssMiB: m.rssMiB,
    messages: r.messages,
    ...(r.format ? { format: r.format } : {}),
    ...(r.notes ? { notes: r.notes } : {}),
  };
}

function line(name: string, bytes: number, r: Run): string {
  const mb = bytes / 2 ** 20;
  const cpuS = r.cpuMs / 1000;
  return `${name.padEnd(44)} ${mb.toFixed(0).padStart(5)} MB ${String(r.messages).padStart(9)} msgs  per CPU-s: ${(mb / cpuS).toFixed(1).padStart(6)} MB/s ${(r.messages / cpuS).toFixed(0).padStart(8)} msg/s  (wall ${(mb / (r.ms / 1000)).toFixed(1)} MB/s)  peak RSS ${r.rssMiB?.toFixed(0) ?? '?'} MiB`;
}

/** `custos / peer` in CPU time (below 1: custos is faster), with the wall-time ratio beside it. */
function ratio(ours: Run, peer: Run, name: string): string {
  return `  ratio custos / ${name}: CPU time ${(ours.cpuMs / peer.cpuMs).toFixed(2)} (wall ${(ours.ms / peer.ms).toFixed(2)}); peak RSS ${(ours.rssMiB ?? 0).toFixed(0)} vs ${(peer.rssMiB ?? 0).toFixed(0)} MiB`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return childParse(argv[1] as string);
  if (argv[0] === '--peer') return childPeer(argv[1] as string, argv[2] as string);
  const opt = (name: string, dflt: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  const quick = argv.includes('--quick');
  const telegramMb = opt('--telegram-mb', quick ? 64 : 1024);
  const mb = opt('--mb', quick ? 16 : 64);
  const peerMb = opt('--peer-mb', quick ? 16 : 64);
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : null;
  mkdirSync(FORMATS_DIR, { recursive: true });
  console.log(`chat-export parsers — ${machine()}`);
  console.log(
    `custos parser children run with a ${HEAP_CAP_MIB} MiB V8 heap cap (bounded memory or a crash); peers run uncapped`,
  );
  console.log('generating inputs (cached in bench/.work/formats) …');

  const results: string[] = [];
  const table = (s: string) => {
    results.push(s);
    console.log(s);
  };
  // per-format throughput
  for (const [name, size] of [
    ['discord-json', mb],
    ['discord-csv', mb],
    ['messenger', mb],
    ['snapchat', Math.min(mb, 32)],
    ['sms', mb],
    ['imessage', mb],
    ['telegram', peerMb],
  ] as const) {
    if (only && !only.has(name)) continue;
    const g = (generators[name] as (mb: number) => { path: string; messages: number })(size);
    const r = await run(['--child', g.path]);
    table(line(`${r.format ?? name}`, sizeOf(g.path), r));
    if (r.messages !== g.messages)
      console.log(`  !! expected ${g.messages} messages, parsed ${r.messages}`);
    const file = statSync(g.path).isDirectory() ? undefined : g.path;
    if (name === 'telegram' && file) {
      const peer = await run(['--peer', 'telegram-chat-parser', file]);
      table(line('  peer: telegram-chat-parser (whole file)', sizeOf(file), peer));
      table(ratio(r, peer, 'telegram-chat-parser'));
    }
    if ((name === 'telegram' || name === 'discord-json' || name === 'snapchat') && file) {
      const peer = await run(['--peer', 'streamparser-json', file]);
      table(line('  reference: @streamparser/json (tokenize only)', sizeOf(file), peer));
      table(ratio(r, peer, '@streamparser/json'));
      const floor = await run(['--peer', 'json-parse', file]);
      table(line('  reference: JSON.parse of the whole file', sizeOf(file), floor));
      table(ratio(r, floor, 'JSON.parse'));
    }
    if (name === 'sms' && file) {
      const peer = await run(['--peer', 'sax', file]);
      table(line('  reference: bare sax pass', sizeOf(file), peer));
      table(ratio(r, peer, 'bare sax pass'));
    }
  }
  // the 1 GB Telegram export: memory must stay bounded
  const big = only && !only.has('telegram-big') ? undefined : generators.telegram?.(telegramMb);
  if (big) {
    const r = await run(['--child', big.path]);
    table(line(`telegram-desktop-json (${telegramMb} MB)`, sizeOf(big.path), r));
    const rss = r.rssMiB ?? Infinity;
    console.log(
      `  peak RSS ${rss.toFixed(0)} MiB for a ${telegramMb} MB export (target < 300 MiB: ${rss < 300 ? 'met' : 'NOT met'}); messages ${r.messages}/${big.messages}`,
    );
  }
}

await main();
