/**
 * The custody event leaf: one leaf of the custody log per event, encoded as RFC 8785 (JCS)
 * canonical JSON. The leaf bytes are stored byte-exact for ever and disclosed to courts and
 * the defence, so they hold only pseudonymous ids, hashes and machine codes: never content,
 * names or free text (research note custody-log.md §8). Anything richer goes into a details
 * document kept outside the log, committed to by its SHA-256 in `details`.
 */
import canonicalize from 'canonicalize';
import { custodyError, type EventErrorCode } from './errors.ts';
import { fromUtf8Strict, toHex, utf8 } from './bytes.ts';
import { leafHash } from './merkle.ts';

/**
 * What happened to the object. Append new actions at the end; never rename or remove one,
 * since old leaves must keep decoding.
 */
export const CUSTODY_ACTIONS = [
  'acquired',
  'derived',
  'parse-failed',
  'viewed',
  'verified',
  'exported',
  'assessed',
  'selectors-extracted',
  'checkpoint',
  // The desk (issue 5): reports, cases, tasks, deconfliction, accounts.
  'reported',
  'case-opened',
  'attached',
  'transferred',
  'noted',
  'decided',
  'referred',
  'outcome-recorded',
  'task-assigned',
  'task-updated',
  'annotated',
  'triage-overridden',
  'deconfliction-hit',
  'deconfliction-acknowledged',
  'account-changed',
  // Retention (issue 7): a tombstone that keeps the hashes of disposed material, so the log
  // still verifies and shows what was deleted, when and why.
  'disposed',
  // The volunteer programme (issue 6): a change to a member's record (status, vetting, training,
  // declarations), an authorisation, the rota or the programme's settings. Object
  // `member:<id>`, `authorisation:<id>`, …; the reason is the change's machine code.
  'programme-recorded',
] as const;

/** One of {@link CUSTODY_ACTIONS}. */
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

/** Leaf schema version written in `v`. */
export const CUSTODY_EVENT_VERSION = 1;

/** Largest leaf accepted by {@link decodeEventLeaf}, in bytes (a valid event is far smaller). */
export const MAX_EVENT_LEAF_BYTES = 4096;

/** A custody event, exactly the JSON object stored as the leaf. */
export interface CustodyEvent {
  /** Schema version, always 1. */
  readonly v: 1;
  /** Non-negative safe integer assigned by the appender; usecases use the leaf index. */
  readonly seq: number;
  /** UTC time with milliseconds, `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  readonly at: string;
  /** Pseudonymous actor id, `kind:id`, e.g. `user:7f3a9c` or `cli:AB`. */
  readonly actor: string;
  readonly action: CustodyAction;
  /** Opaque id of the object acted on, `kind:id`, e.g. `exhibit:AB/1`. */
  readonly object: string;
  /** Lowercase hex SHA-256 of the exhibit's bytes. */
  readonly exhibitHash?: string;
  /** Short machine code (`[a-z0-9]` words joined by `-`, `_` or `.`), never free text. */
  readonly reason?: string;
  /** Lowercase hex SHA-256 of a details JSON document kept outside the leaf. */
  readonly details?: string;
  /** Lowercase hex leaf hash of the previous event about the same object (continuity chain). */
  readonly prev?: string;
}

const ID = /^[a-z][a-z0-9-]{0,31}:[A-Za-z0-9._:/-]{1,128}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const REASON = /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ACTIONS: ReadonlySet<unknown> = new Set(CUSTODY_ACTIONS);

interface FieldRule {
  readonly required: boolean;
  readonly code: EventErrorCode;
  readonly expected: string;
  readonly valid: (x: unknown) => boolean;
}

const isString =
  (re: RegExp, max = Infinity) =>
  (x: unknown) =>
    typeof x === 'string' && x.length <= max && re.test(x);

/** One rule per key; a key not listed here is rejected. */
const FIELDS: Readonly<Record<keyof CustodyEvent, FieldRule>> = {
  v: {
    required: true,
    code: 'CUSTODY_EVENT_BAD_VERSION',
    expected: `the number ${CUSTODY_EVENT_VERSION}`,
    valid: (x) => x === CUSTODY_EVENT_VERSION,
  },
  seq: {
    required: true,
    code: 'CUSTODY_EVENT_BAD_SEQ',
    expected: 'a non-negative safe integer',
    valid: (x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 && !Object.is(x, -0),
  },
  at: {
    required: true,
    code: 'CUSTODY_EVENT_BAD_TIME',
    expected: 'a UTC time YYYY-MM-DDTHH:mm:ss.sssZ',
    valid: (x) => typeof x === 'string' && TIME.test(x) && new Date(x).toISOString() === x,
  },
  actor: {
    required: true,
    code: 'CUSTODY_EVENT_BAD_ACTOR',
    expected: 'a pseudonymous id kind:id',
    valid: isString(ID),
  },
  action: {
    required: true,
    code: 'CUSTODY_EVENT_BAD_ACTION',
    expected: `one of ${CUSTODY_ACTIONS.join(', ')}`,
    valid: (x) => ACTIONS.has(x),
  },
  object: {
    required: true,
    code: 'CUSTODY_EVENT_BAD_OBJECT',
    expected: 'an object id kind:id',
    valid: isString(ID),
  },
  exhibitHash: {
    required: false,
    code: 'CUSTODY_EVENT_BAD_EXHIBIT_HASH',
    expected: 'lowercase hex SHA-256',
    valid: isString(SHA256_HEX),
  },
  reason: {
    required: false,
    code: 'CUSTODY_EVENT_BAD_REASON',
    expected: 'a machine code of at most 64 characters',
    valid: isString(REASON, 64),
  },
  details: {
    required: false,
    code: 'CUSTODY_EVENT_BAD_DETAILS',
    expected: 'lowercase hex SHA-256',
    valid: isString(SHA256_HEX),
  },
  prev: {
    required: false,
    code: 'CUSTODY_EVENT_BAD_PREV',
    expected: 'lowercase hex leaf hash',
    valid: isString(SHA256_HEX),
  },
};

/**
 * Encodes an event as its leaf bytes: UTF-8 of the RFC 8785 canonical JSON of the event.
 * Optional fields set to `undefined` are left out.
 *
 * @throws CustosError (invalid-input) with a CUSTODY_EVENT_* code naming the bad field.
 *
 * @example
 * encodeEventLeaf({ v: 1, seq: 0, at: '2024-05-01T09:30:00.000Z', actor: 'cli:AB', action: 'acquired', object: 'exhibit:AB/1' });
 * // bytes of {"action":"acquired","actor":"cli:AB","at":"2024-05-01T09:30:00.000Z","object":"exhibit:AB/1","seq":0,"v":1}
 */
export function encodeEventLeaf(event: CustodyEvent): Uint8Array {
  const present = Object.fromEntries(
    Object.entries(event).filter(([, value]) => value !== undefined),
  );
  return utf8(canonicalText(checkEvent(present)));
}

/**
 * Decodes leaf bytes into an event, strictly: valid UTF-8, JSON, known keys with valid values,
 * and the bytes must be EXACTLY the canonical encoding (no other key order, white space,
 * number spelling, escapes or duplicate keys).
 *
 * @param bytes - leaf bytes, ATTACKER CONTROLLED.
 * @throws CustosError (invalid-input): CUSTODY_EVENT_TOO_LARGE, CUSTODY_EVENT_INVALID_UTF8,
 *   CUSTODY_EVENT_NOT_JSON, CUSTODY_EVENT_NOT_OBJECT, CUSTODY_EVENT_UNKNOWN_KEY,
 *   CUSTODY_EVENT_MISSING_KEY, CUSTODY_EVENT_BAD_<FIELD>, CUSTODY_EVENT_NOT_CANONICAL.
 */
export function decodeEventLeaf(bytes: Uint8Array): CustodyEvent {
  if (bytes.length > MAX_EVENT_LEAF_BYTES) {
    throw custodyError(
      'invalid-input',
      'CUSTODY_EVENT_TOO_LARGE',
      `custody event leaf is ${bytes.length} bytes, at most ${MAX_EVENT_LEAF_BYTES} allowed`,
    );
  }
  const text = fromUtf8Strict(bytes);
  if (text === undefined) {
    throw custodyError(
      'invalid-input',
      'CUSTODY_EVENT_INVALID_UTF8',
      'custody event leaf is not valid UTF-8',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw custodyError('invalid-input', 'CUSTODY_EVENT_NOT_JSON', 'custody event leaf is not JSON');
  }
  const event = checkEvent(value);
  if (canonicalText(event) !== text) {
    throw custodyError(
      'invalid-input',
      'CUSTODY_EVENT_NOT_CANONICAL',
      'custody event leaf is not in RFC 8785 canonical form (key order, white space, number or string spelling)',
    );
  }
  return event;
}

/**
 * {@link decodeEventLeaf} for leaf text already decoded from UTF-8 (as the store keeps it): the
 * same checks, without re-encoding and re-decoding the bytes. The canonical-form comparison uses
 * {@link flatCanonicalText}, which equals RFC 8785 for the event's flat schema.
 *
 * @throws as {@link decodeEventLeaf}.
 */
export function decodeEventLeafText(text: string): CustodyEvent {
  if (text.length > MAX_EVENT_LEAF_BYTES) {
    throw custodyError(
      'invalid-input',
      'CUSTODY_EVENT_TOO_LARGE',
      `custody event leaf is over ${MAX_EVENT_LEAF_BYTES} bytes`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw custodyError('invalid-input', 'CUSTODY_EVENT_NOT_JSON', 'custody event leaf is not JSON');
  }
  const event = checkEvent(value);
  if (flatCanonicalText(event) !== text) {
    throw custodyError(
      'invalid-input',
      'CUSTODY_EVENT_NOT_CANONICAL',
      'custody event leaf is not in RFC 8785 canonical form (key order, white space, number or string spelling)',
    );
  }
  return event;
}

/**
 * RFC 8785 canonical JSON of a validated event. The schema is flat (every value a safe
 * non-negative integer or a string restricted by the field rules to printable ASCII), so JCS
 * reduces to: members sorted by key (code units, §3.2.3), integers in decimal (§3.2.2.3) and
 * strings as ECMAScript JSON.stringify writes them (§3.2.2.2). Tests check it equals the
 * `canonicalize` library's output.
 */
export function flatCanonicalText(event: CustodyEvent): string {
  const keys = Object.keys(event).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as keyof CustodyEvent;
    out += `${i ? ',' : ''}"${k}":${JSON.stringify(event[k])}`;
  }
  return `${out}}`;
}

/**
 * The leaf's fields as a store keeps them in columns beside the leaf (`null` for an absent
 * optional field); the names are the store's (`exhibitSha256` holds `exhibitHash`,
 * `detailsSha256` holds `details`, `prevHash` holds `prev`).
 */
export interface StoredEventColumns {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly object: string;
  readonly exhibitSha256: string | null;
  readonly reason: string | null;
  readonly detailsSha256: string | null;
  readonly prevHash: string | null;
}

/**
 * Whether `text` is exactly the RFC 8785 canonical leaf of the well-formed event whose fields
 * the columns `c` hold (and `v` = 1): true exactly when {@link decodeEventLeafText}(text) would
 * succeed and return an event with those fields. Cheaper than decoding (no JSON parse, no
 * object): each column is checked against the schema's rule, then `text` is compared with the
 * canonical text of those values, members in code-unit order (RFC 8785 §3.2.3). `false` does not say why; decode the leaf to find out.
 *
 * @param text - the leaf as stored (a string of its UTF-8 bytes), ATTACKER CONTROLLED.
 * @param c - the values the leaf should hold, ATTACKER CONTROLLED.
 */
export function isCanonicalLeafOf(text: string, c: StoredEventColumns): boolean {
  if (
    text.length > MAX_EVENT_LEAF_BYTES ||
    !FIELDS.seq.valid(c.seq) ||
    !isUtcMillisTime(c.at) ||
    !FIELDS.actor.valid(c.actor) ||
    !FIELDS.action.valid(c.action) ||
    !FIELDS.object.valid(c.object) ||
    (c.exhibitSha256 !== null && !isSha256Hex(c.exhibitSha256)) ||
    (c.reason !== null && !FIELDS.reason.valid(c.reason)) ||
    (c.detailsSha256 !== null && !isSha256Hex(c.detailsSha256)) ||
    (c.prevHash !== null && !isSha256Hex(c.prevHash))
  )
    return false;
  // Every string the rules above allow is printable ASCII without `"` or `\`, which RFC 8785
  // §3.2.2.2 (JSON.stringify) writes as itself between quotes; `seq` is a safe integer, written
  // in decimal (§3.2.2.3). Keys in code-unit order: action, actor, at, details, exhibitHash,
  // object, prev, reason, seq, v.
  const canonical =
    `{"action":"${c.action}","actor":"${c.actor}","at":"${c.at}"` +
    (c.detailsSha256 === null ? '' : `,"details":"${c.detailsSha256}"`) +
    (c.exhibitSha256 === null ? '' : `,"exhibitHash":"${c.exhibitSha256}"`) +
    `,"object":"${c.object}"` +
    (c.prevHash === null ? '' : `,"prev":"${c.prevHash}"`) +
    (c.reason === null ? '' : `,"reason":"${c.reason}"`) +
    `,"seq":${c.seq},"v":${CUSTODY_EVENT_VERSION}}`;
  return canonical === text;
}

/**
 * The `at` rule without building a Date: `YYYY-MM-DDTHH:mm:ss.sssZ` naming a real instant
 * (month 01–12, a day of that month in the proleptic Gregorian calendar, hour 00–23, minute
 * and second 00–59), i.e. exactly the strings that `new Date(x).toISOString()` gives back
 * unchanged for a 4-digit year. Tests check it agrees with the Date-based rule.
 */
function isUtcMillisTime(x: string): boolean {
  if (!TIME.test(x)) return false;
  const year = twoDigits(x, 0) * 100 + twoDigits(x, 2);
  const month = twoDigits(x, 5);
  const day = twoDigits(x, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  if (twoDigits(x, 11) > 23 || twoDigits(x, 14) > 59 || twoDigits(x, 17) > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : (DAYS_IN_MONTH[month - 1] ?? 0));
}
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The SHA256_HEX rule (64 lowercase hex digits) at a third of the regular expression's cost:
 * Node's hex decoder stops at the first pair that is not hex, so 32 bytes written from 64
 * characters means every character is a hex digit, and lowercasing changes none of them.
 */
function isSha256Hex(x: string): boolean {
  return x.length === 64 && HEX_SCRATCH.write(x, 'hex') === 32 && x.toLowerCase() === x;
}
const HEX_SCRATCH = Buffer.alloc(32);

/** The number written by the two ASCII digits of `x` at `at`. */
function twoDigits(x: string, at: number): number {
  return (x.charCodeAt(at) - 48) * 10 + x.charCodeAt(at + 1) - 48;
}

/** Lowercase hex of a leaf's hash: the `prev` value for the next event about the same object. */
export function leafHashHex(leaf: Uint8Array): string {
  return toHex(leafHash(leaf));
}

function checkEvent(value: unknown): CustodyEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw custodyError(
      'invalid-input',
      'CUSTODY_EVENT_NOT_OBJECT',
      'custody event must be a JSON object',
    );
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(FIELDS, key)) {
      throw custodyError(
        'invalid-input',
        'CUSTODY_EVENT_UNKNOWN_KEY',
        `custody event has unknown key ${JSON.stringify(key)}`,
        { field: key },
      );
    }
  }
  for (const [key, rule] of Object.entries(FIELDS)) {
    if (!Object.hasOwn(record, key)) {
      if (rule.required) {
        throw custodyError(
          'invalid-input',
          'CUSTODY_EVENT_MISSING_KEY',
          `custody event lacks ${key}`,
          { field: key },
        );
      }
      continue;
    }
    if (!rule.valid(record[key])) {
      throw custodyError(
        'invalid-input',
        rule.code,
        `custody event ${key} must be ${rule.expected}`,
        { field: key },
      );
    }
  }
  return record as unknown as CustodyEvent;
}

function canonicalText(event: CustodyEvent): string {
  const text = canonicalize(event);
  if (text === undefined) throw new Error('canonicalize returned nothing for an object');
  return text;
}
