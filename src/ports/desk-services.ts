/**
 * Services the desk's use cases need beyond storage: password hashing (argon2id), TOTP
 * (RFC 6238), triage assessments, and selectors for deconfliction. Implemented by adapters and
 * wired in `src/main`.
 */
import type { Repositories } from './repositories.ts';

/** Password hashing (argon2id, RFC 9106). */
export interface PasswordHasher {
  /** A PHC string (`$argon2id$v=19$m=…`). */
  hash(password: string): Promise<string>;
  /** True when `password` matches `phc`; false for a mismatch or a malformed hash. */
  verify(phc: string, password: string): Promise<boolean>;
}

/** Time-based one-time passwords (RFC 6238, SHA-1, 6 digits, 30 s). */
export interface TotpService {
  /** A new base32 secret (at least 160 bits). */
  generateSecret(): string;
  /** `otpauth://totp/<issuer>:<label>?secret=…&issuer=…` for an authenticator app's QR code. */
  uri(label: string, secret: string): string;
  /**
   * The 30-second time step (RFC 6238 §4: Unix seconds / 30) whose code `code` is, when it is a
   * valid code for `secret` now (± one step for clock drift); null when it is not. The caller
   * refuses a step already used (see `UserRepository.claimTotpStep`).
   */
  verify(secret: string, code: string): Promise<number | null>;
}

/** One cited line of an assessment. */
export interface TriageCitation {
  readonly line: number;
  readonly indicator: string;
  readonly stage: string;
  readonly span: readonly [number, number];
  readonly contribution: number;
  readonly speaker: string;
}

/** A stored triage assessment of one exhibit's transcript, as the desk reads it. */
export interface TriageResult {
  readonly exhibitId: string;
  readonly band: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'IMMINENT';
  readonly score: number;
  readonly rulesetVersion: string;
  readonly assessedAt: string | null;
  readonly imminent: boolean;
  readonly citations: readonly TriageCitation[];
}

/**
 * Reads stored triage assessments. The desk never computes or changes them; an officer's
 * override is stored beside them. Until assessments are stored (issue 4), the default reader
 * answers "not assessed" for everything.
 */
export interface TriageReader {
  /**
   * The latest assessment of each of these exhibits (transcripts, or originals through their
   * latest transcript), keyed by the id asked for. Reads through `repos` (inside or outside a
   * unit of work).
   */
  assessmentsFor(
    repos: Repositories,
    exhibitIds: readonly string[],
  ): Promise<Map<string, TriageResult>>;
}

/** What near-match comparison reads of a selector. */
export interface ComparableSelector {
  readonly kind: string;
  readonly value: string;
  readonly matchKey: string;
}

/** A selector found in an exhibit, as deconfliction needs it. */
export interface ExtractedSelector {
  readonly kind: string;
  readonly matchKey: string;
  /** The normalized value (shown unmasked to those allowed). */
  readonly value: string;
  readonly messageIndex: number | null;
}

/**
 * Selectors extracted from stored exhibits (issue 3) and the rule comparing two of them. The
 * default, `storedSelectorSource`, reads the selectors stored at ingest and uses the selectors
 * component's comparison rules.
 */
export interface SelectorSource {
  /** Selectors of an exhibit (an original: of its latest transcript), read through `repos`. */
  forExhibit(repos: Repositories, exhibitId: string): Promise<ExtractedSelector[]>;
  /** Near-match rule between two selectors of different match key; null when unrelated. */
  compare(
    a: ComparableSelector,
    b: ComparableSelector,
  ): { level: 'exact' | 'near'; similarity: number; explanation: string } | null;
}
