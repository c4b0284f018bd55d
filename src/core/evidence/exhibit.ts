/**
 * Exhibits: an original as handed in (a file, a folder or a zip), and exhibits derived from it
 * (transcripts, later redactions and renderings), which point back to their source by hash and
 * record the tool and version that made them (ACPO principle 3: an audit trail another
 * practitioner can repeat).
 */
import type { ParserInfo } from '../transcript/types.ts';

export type ExhibitKind = 'original' | 'transcript';
/** Originals: how it was handed in. Derived: their media type. */
export type ExhibitForm = 'file' | 'folder' | 'zip' | 'application/json';
/**
 * `acquired`: stored, not yet parsed; `parsed`: a transcript was derived; `parse-failed`: stored,
 * but no transcript could be made (the reason is recorded); `derived`: a derived exhibit;
 * `disposed`: its bytes were destroyed at a retention review (a tombstone custody event keeps its
 * hash; docs/retention.md).
 */
export type ExhibitStatus = 'acquired' | 'parsed' | 'parse-failed' | 'derived' | 'disposed';

/** Summary of a parsed transcript, kept on both the original and the transcript exhibit. */
export interface TranscriptSummaryRecord {
  readonly format: string;
  readonly messageCount: number;
  readonly participants: readonly string[];
  readonly firstTimestamp: string | null;
  readonly lastTimestamp: string | null;
  readonly notes: readonly { readonly code: string; readonly message: string }[];
}

/** Why an original could not be parsed. */
export interface ParseFailureRecord {
  readonly code: string;
  readonly message: string;
}

export interface Exhibit {
  readonly id: string;
  /** `AB/1`. */
  readonly ref: string;
  readonly kind: ExhibitKind;
  readonly form: ExhibitForm;
  /** SHA-256 (hex) of the bytes; for a folder, of its canonical manifest. */
  readonly sha256: string;
  /** Bytes; for a folder, the sum of its files. */
  readonly sizeBytes: number;
  /** The file or folder name as handed in. */
  readonly originalName: string | null;
  readonly sourceExhibitId: string | null;
  readonly sourceSha256: string | null;
  readonly parser: ParserInfo | null;
  readonly format: string | null;
  readonly status: ExhibitStatus;
  readonly summary: TranscriptSummaryRecord | null;
  readonly failure: ParseFailureRecord | null;
  /** Pseudonymous id of who acquired or derived it. */
  readonly acquiredBy: string;
  /** ISO-8601 UTC. */
  readonly acquiredAt: string;
  readonly note: string | null;
  /** IANA zone declared for naive local times in the export. */
  readonly timeZone: string | null;
  readonly caseId: string | null;
}

/** One file of a folder exhibit. */
export interface ExhibitFile {
  readonly path: string;
  readonly sha256: string;
  readonly sizeBytes: number;
}

/**
 * The canonical manifest of a folder exhibit: one line per file, sorted by path,
 * `<sha256> <size> <path>\n` (UTF-8). Its SHA-256 is the folder exhibit's hash, so the whole
 * folder is verifiable from its files' hashes.
 */
export function folderManifest(files: readonly ExhibitFile[]): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `${f.sha256} ${f.sizeBytes} ${f.path}\n`)
    .join('');
}
