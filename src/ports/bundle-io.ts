/**
 * What the bundle use cases need from outside the core: writing and reading the bundle archive,
 * rendering a transcript to PDF, building the offline verifier page, and the versions of the
 * tools that do it. Implemented in `adapters/render`.
 */
import type { BundleSource } from '../core/bundle/verify.ts';
import type { ToolInfo } from '../core/bundle/model.ts';
import type { Transcript } from '../core/transcript/types.ts';

/** A bundle being written. Files are hashed as they are written. */
export interface BundleArchive {
  /**
   * Appends a file. Resolves once its bytes are written, with their SHA-256 (lowercase hex) and
   * size in bytes. Call one at a time, in the order files should appear.
   * @param compress - deflate the entry (text); originals are stored as they are.
   */
  add(
    path: string,
    content: Uint8Array | AsyncIterable<Uint8Array>,
    options?: { readonly compress?: boolean },
  ): Promise<{ readonly sha256: string; readonly size: number }>;
  /** Finishes the archive, flushes it to disk and moves it to its final path. */
  commit(): Promise<{ readonly path: string; readonly size: number }>;
  /** Removes the partly written archive (nothing partial is left behind). */
  abort(): Promise<void>;
}

/** An opened bundle (zip or folder) for verification. */
export interface OpenedBundle extends BundleSource {
  close(): Promise<void>;
}

/** What a transcript PDF shows on every page besides the messages. */
export interface TranscriptPdfInput {
  readonly transcript: Transcript;
  /** Reference of the transcript exhibit, `AB/2`. */
  readonly exhibitRef: string;
  /** SHA-256 of the transcript exhibit (the JSON). */
  readonly exhibitSha256: string;
  /** Reference and SHA-256 of the original it was derived from. */
  readonly sourceRef: string;
  readonly sourceSha256: string;
  /** ISO-8601 UTC time written as the PDF's creation and modification date (deterministic output). */
  readonly date: string;
}

export interface BundleIo {
  /**
   * Starts writing a bundle zip at `outPath` (through a temporary file beside it).
   * @param mtime - time stamped on every entry.
   * @throws CustosError `BUNDLE_OUT_EXISTS` (usage) when `outPath` exists.
   */
  createArchive(outPath: string, mtime: Date): Promise<BundleArchive>;
  /**
   * Opens a bundle for reading: a zip file or an unzipped folder.
   * @throws CustosError `BUNDLE_NOT_FOUND` (not-found), `BUNDLE_NOT_A_ZIP` (invalid-input).
   */
  openBundle(path: string): Promise<OpenedBundle>;
  /** Renders a transcript to PDF (A4, embedded fonts, deterministic bytes for the same input). */
  renderTranscriptPdf(input: TranscriptPdfInput): Promise<Uint8Array>;
  /** The self-contained offline verifier page (`verify.html`), built from the same verifier code. */
  verifierPage(): Promise<string>;
  /** Versions of the software that renders, writes and verifies bundles. */
  tools(): readonly ToolInfo[];
}
