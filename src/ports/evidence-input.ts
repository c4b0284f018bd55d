import type { ExhibitFile } from '../core/evidence/exhibit.ts';
import type { ExportSource } from '../core/transcript/types.ts';

/** One file as handed in, read as a byte stream (any number of times). */
export interface HandedInFile {
  /** Path relative to the folder handed in, `/`-separated; the file name for a single file. */
  readonly path: string;
  /** Size in bytes when known beforehand (for progress), else undefined. */
  readonly size: number | undefined;
  open(): AsyncIterable<Uint8Array>;
}

/** What a person handed in: a single file (which may be a zip) or a folder of files. */
export type HandedIn =
  | { readonly kind: 'file'; readonly label: string; readonly file: HandedInFile }
  | { readonly kind: 'folder'; readonly label: string; readonly files: readonly HandedInFile[] };

/**
 * Turns stored originals back into export sources for parsing. Every read goes through the blob
 * store, which re-hashes and refuses a mismatch.
 */
export interface StoredExportSources {
  /** A stored single file: a zip archive (by signature) or a plain file. */
  file(sha256: string, label: string): Promise<ExportSource>;
  /** True when a stored single file is a zip archive (by its signature, not its name). */
  isZip(sha256: string): Promise<boolean>;
  /** A stored folder, from its files' hashes. */
  folder(label: string, files: readonly ExhibitFile[]): Promise<ExportSource>;
}
