/**
 * Kysely table types. One schema serves SQLite and PostgreSQL: identifiers are text (UUIDs),
 * times are ISO-8601 UTC text, hashes are lowercase hex text, JSON is text, booleans are 0/1
 * integers, and 64-bit counters are read as JS numbers (safe below 2^53).
 */
import type { ColumnType } from 'kysely';
import type { DeskDatabase } from './desk-schema.ts';
import type { ProgrammeDatabase } from './programme-schema.ts';
import type { RetentionDatabase } from './retention-schema.ts';

/** A bigint column read back as a number on both dialects. */
type Int8 = ColumnType<number, number, number>;

export interface ExhibitsTable {
  id: string;
  /** Exhibit reference in the standard form: acquirer's initials / running number (`AB/1`). */
  ref: string;
  initials: string;
  number: number;
  /** `original` (as handed in) or a derived kind (`transcript`). */
  kind: string;
  /** Originals: `file`, `folder` or `zip`; derived exhibits: the media type they are (`application/json`). */
  form: string;
  sha256: string;
  size_bytes: Int8;
  original_name: string | null;
  source_exhibit_id: string | null;
  source_sha256: string | null;
  parser_name: string | null;
  parser_version: string | null;
  format: string | null;
  /** Originals: `acquired`, `parsed`, `parse-failed`; derived: `derived`. */
  status: string;
  /** JSON: transcript summary (message count, participants, first/last timestamp) or parse failure. */
  summary: string | null;
  acquired_by: string;
  acquired_at: string;
  note: string | null;
  time_zone: string | null;
  case_id: string | null;
}

export interface ExhibitFilesTable {
  exhibit_id: string;
  path: string;
  sha256: string;
  size_bytes: Int8;
}

export interface ExhibitCountersTable {
  initials: string;
  last_number: number;
}

export interface CustodyHeadTable {
  id: number;
  size: Int8;
}

export interface CustodyEventsTable {
  seq: Int8;
  at: string;
  actor: string;
  action: string;
  object: string;
  exhibit_sha256: string | null;
  reason: string | null;
  /** JSON kept outside the leaf; the leaf holds its SHA-256. Erasable without breaking the log. */
  details: string | null;
  details_sha256: string | null;
  prev_hash: string | null;
  /** The leaf bytes exactly as hashed (canonical JSON, RFC 8785). */
  leaf: string;
  leaf_hash: string;
}

export interface MerkleNodesTable {
  level: number;
  idx: Int8;
  hash: string;
}

export interface CheckpointsTable {
  size: Int8;
  root: string;
  note: string;
  created_at: string;
}

export interface Database extends DeskDatabase, ProgrammeDatabase, RetentionDatabase {
  exhibits: ExhibitsTable;
  exhibit_files: ExhibitFilesTable;
  exhibit_counters: ExhibitCountersTable;
  custody_head: CustodyHeadTable;
  custody_events: CustodyEventsTable;
  merkle_nodes: MerkleNodesTable;
  checkpoints: CheckpointsTable;
  selectors: SelectorsTable;
  assessments: AssessmentsTable;
}

export interface AssessmentsTable {
  id: string;
  /** The transcript exhibit assessed. */
  exhibit_id: string;
  ruleset_version: string;
  input_hash: string;
  band: string;
  score: number;
  /** 0/1. */
  imminent: number;
  /** JSON: the whole assessment (triage output contract). */
  assessment: string;
  created_at: string;
  created_by: string;
}

/** One occurrence of an online identifier in a transcript exhibit (`core/selectors`). */
export interface SelectorsTable {
  /** The transcript exhibit. */
  exhibit_id: string;
  /** 0-based position among the exhibit's selectors. */
  ordinal: number;
  kind: string;
  value: string;
  /** `family:value`, indexed for deconfliction. */
  match_key: string;
  raw: string;
  display: string;
  /** `participant`, `text`, `attachment` or `metadata`. */
  source: string;
  platform: string | null;
  message_index: number | null;
  /** UTF-16 code units of the message text, `[span_start, span_end)`. */
  span_start: number | null;
  span_end: number | null;
  message_count: number | null;
  confidence: string;
  why: string;
  /** JSON array of flags, or null. */
  flags: string | null;
}
