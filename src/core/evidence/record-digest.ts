/**
 * Digests of what a step derived, recorded in its custody event's details (a transcript's
 * summary, a transcript's selectors, a triage assessment), so that whole-store verification can
 * tell whether the rows kept in the database are still what was logged. A digest is the
 * lowercase hex SHA-256 of the RFC 8785 (JCS) canonical JSON of the value, taken as storage
 * gives it back: after a JSON round trip (absent and `undefined` members dropped) and with every
 * lone UTF-16 surrogate replaced by U+FFFD (storage writes strings as UTF-8, which cannot hold
 * one, and RFC 8785 §3.2.2.2 refuses them).
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Selector } from '../selectors/types.ts';

/** A lone surrogate: with the `u` flag a well-formed pair is one code point, never matched. */
const LONE_SURROGATE = /\p{Cs}/gu;

function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\uFFFD');
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormed(v)]));
  return value;
}

function canonicalJson(value: unknown): string {
  const text = canonicalize(wellFormed(value));
  if (text === undefined) throw new Error('canonicalize returned nothing for a JSON value');
  return text;
}

/**
 * Digest of a JSON value (a transcript summary, a triage assessment).
 *
 * @param value - anything `JSON.stringify` accepts; `undefined` digests as `null`.
 * @returns lowercase hex SHA-256 (64 characters) of the RFC 8785 canonical JSON of the value
 *   after a JSON round trip.
 * @example
 * recordDigest({ b: 1, a: [true, null] }) === recordDigest(JSON.parse('{"a":[true,null],"b":1}')); // true
 */
export function recordDigest(value: unknown): string {
  const plain: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  return createHash('sha256').update(canonicalJson(plain), 'utf8').digest('hex');
}

/**
 * The fields of a selector occurrence that are stored, each present (`null` when absent; an
 * empty flag list is `null`, as stored), in a fixed shape that both a fresh extraction and
 * the rows read back give.
 */
function selectorEntry(s: Selector): Readonly<Record<string, unknown>> {
  return {
    kind: s.kind,
    value: s.value,
    matchKey: s.matchKey,
    raw: s.raw,
    display: s.display,
    source: s.source,
    platform: s.platform ?? null,
    messageIndex: s.messageIndex ?? null,
    span: s.span ? [s.span[0], s.span[1]] : null,
    messageCount: s.messageCount ?? null,
    confidence: s.confidence,
    why: s.why,
    flags: s.flags && s.flags.length > 0 ? [...s.flags] : null,
  };
}

/**
 * Digest of a transcript's selector occurrences in extraction (ordinal) order: the SHA-256 of the
 * RFC 8785 canonical JSON array of their stored fields, hashed one occurrence at a time (equal to
 * hashing the whole array's canonical text, without building it).
 *
 * @returns lowercase hex SHA-256 (64 characters).
 */
export function selectorsDigest(selectors: Iterable<Selector>): string {
  const h = createHash('sha256').update('[', 'utf8');
  let first = true;
  for (const s of selectors) {
    if (!first) h.update(',', 'utf8');
    first = false;
    h.update(canonicalJson(selectorEntry(s)), 'utf8');
  }
  return h.update(']', 'utf8').digest('hex');
}
