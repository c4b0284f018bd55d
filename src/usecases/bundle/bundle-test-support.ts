/**
 * Test helpers for bundles: synthetic evidence (invented names, non-explicit), a store with it,
 * and in-memory access to a bundle's files so that tampering can be tried without rewriting zips.
 * Used only by tests.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as yauzl from 'yauzl';
import type { BundleProblem, BundleSource } from '../../core/bundle/verify.ts';
import type { HandedIn } from '../../ports/evidence-input.ts';
import { ingestEvidence, type IngestResult } from '../evidence/ingest-evidence.ts';
import type { AppContext } from '../app-context.ts';

/** A WhatsApp (Android, en-GB) export in many scripts, with emoji. Synthetic. */
export const MULTILINGUAL_CHAT =
  [
    '05/03/2024, 18:40 - Sam Example: Hello Zoë 😊 ☕ are you there?',
    '05/03/2024, 18:41 - Zoë Example: Привет! Γειά σου. مرحبا بالعالم',
    '05/03/2024, 18:42 - Sam Example: 你好世界 こんにちは שלום עולם नमस्ते สวัสดี 👍🏽 ❤️',
    '05/03/2024, 18:43 - Zoë Example: [SEXUAL_CONTENT_REDACTED]',
    '05/03/2024, 18:44 - Sam Example: call me on +44 7700 900123 or sam@example.com',
  ].join('\n') + '\n';

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A handed-in single file. */
export function fileHandedIn(name: string, content: string | Uint8Array): HandedIn {
  const bytes = typeof content === 'string' ? bytesOf(content) : content;
  return {
    kind: 'file',
    label: name,
    file: {
      path: name,
      size: bytes.length,
      async *open() {
        yield bytes;
      },
    },
  };
}

/** A handed-in folder. */
export function folderHandedIn(name: string, files: Record<string, string | Uint8Array>): HandedIn {
  return {
    kind: 'folder',
    label: name,
    files: Object.entries(files).map(([path, content]) => {
      const bytes = typeof content === 'string' ? bytesOf(content) : content;
      return {
        path,
        size: bytes.length,
        async *open() {
          yield bytes;
        },
      };
    }),
  };
}

/** Ingests the multilingual chat (AB/1 → AB/2) and a Telegram folder export (AB/3 → AB/4). */
export async function ingestSample(
  app: AppContext,
  telegramResultJson: string,
): Promise<IngestResult[]> {
  const out: IngestResult[] = [];
  out.push(
    await ingestEvidence(app, {
      handedIn: fileHandedIn('WhatsApp Chat with Zoë.txt', MULTILINGUAL_CHAT),
      initials: 'AB',
      actor: 'cli:AB',
      timeZone: 'Europe/London',
    }),
  );
  out.push(
    await ingestEvidence(app, {
      handedIn: folderHandedIn('telegram-export', {
        'result.json': telegramResultJson,
        'notes/readme.txt': 'handed in by a parent\n',
      }),
      initials: 'AB',
      actor: 'cli:AB',
      timeZone: 'Europe/London',
    }),
  );
  return out;
}

/** Reads every file of a bundle zip into memory. */
export async function readZipFiles(path: string): Promise<Map<string, Uint8Array>> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const files = new Map<string, Uint8Array>();
  try {
    for await (const entry of zip.eachEntry()) {
      const parts: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) parts.push(chunk as Buffer);
      files.set(entry.fileName, new Uint8Array(Buffer.concat(parts)));
    }
  } finally {
    zip.close();
  }
  return files;
}

/** A bundle held in memory (paths to bytes). */
export function memorySource(
  files: ReadonlyMap<string, Uint8Array>,
  issues: readonly BundleProblem[] = [],
): BundleSource {
  const get = (p: string): Uint8Array => {
    const b = files.get(p);
    if (!b) throw new Error(`${p} is not in the bundle`);
    return b;
  };
  return {
    paths: [...files.keys()],
    issues,
    read: (p) => Promise.resolve(get(p)),
    digest: (p) => {
      const b = get(p);
      return Promise.resolve({
        sha256: createHash('sha256').update(b).digest('hex'),
        size: b.length,
      });
    },
  };
}

/** The Telegram fixture used by {@link ingestSample}. */
export function telegramFixture(root: URL): Promise<string> {
  return readFile(
    new URL('test/fixtures/chat-exports/telegram-json/personal-chat/result.json', root),
    'utf8',
  );
}
