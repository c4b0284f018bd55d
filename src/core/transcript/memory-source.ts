/**
 * An {@link ExportSource} over bytes held in memory: for tests, and for small uploads that are
 * already buffered. Large inputs use the streaming file and archive sources in the adapters.
 */
import { CustosError } from '../errors.ts';
import type { ExportSource, SourceEntry } from './types.ts';

/**
 * Builds an export source from named byte arrays (or strings, encoded as UTF-8).
 *
 * @param label - display name (file or folder name).
 * @param files - entry path → content; a single entry makes a `file` source unless `kind` says otherwise.
 * @param options.chunkSize - bytes per chunk yielded by `open` (default 64 KiB); small values exercise chunk boundaries.
 * @throws CustosError `SOURCE_ENTRY_NOT_FOUND` (category not-found) from `open`/`head` for an unknown path.
 */
export function memorySource(
  label: string,
  files: Readonly<Record<string, Uint8Array | string>>,
  options: {
    kind?: ExportSource['kind'];
    chunkSize?: number;
    modified?: Readonly<Record<string, string>>;
  } = {},
): ExportSource {
  const enc = new TextEncoder();
  const data = new Map<string, Uint8Array>();
  for (const [path, content] of Object.entries(files))
    data.set(path, typeof content === 'string' ? enc.encode(content) : content);
  const entries: SourceEntry[] = [...data.entries()]
    .map(([path, bytes]) => {
      const modified = options.modified?.[path];
      return modified === undefined
        ? { path, size: bytes.length }
        : { path, size: bytes.length, modified };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const chunkSize = options.chunkSize ?? 65536;
  const get = (path: string): Uint8Array => {
    const bytes = data.get(path);
    if (!bytes)
      throw new CustosError(
        'not-found',
        'SOURCE_ENTRY_NOT_FOUND',
        `${label} has no entry ${JSON.stringify(path)}`,
      );
    return bytes;
  };
  return {
    label,
    kind: options.kind ?? (data.size === 1 ? 'file' : 'folder'),
    entries,
    async *open(path: string) {
      const bytes = get(path);
      for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
    },
    head(path: string, maxBytes: number) {
      return Promise.resolve(get(path).subarray(0, maxBytes));
    },
  };
}
