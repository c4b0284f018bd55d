/**
 * The continuity record of one exhibit: every custody event about it, oldest first, as the exact
 * leaf bytes the log hashed, with the off-leaf details where they are still held. The verifier
 * checks that the events chain by `prev` from the first event ever recorded about the exhibit to
 * this bundle's export, and that each one is in the signed log (legal note §5.2: account for the
 * exhibit for the whole time it is in the investigators' hands).
 */
import { BUNDLE_VERSION } from './layout.ts';
import { ShapeError, arr, count, obj, parseCanonical, prettyJson, str } from './strict-json.ts';

export const CONTINUITY_FORMAT = 'custos-continuity';

export interface ContinuityEvent {
  /** Leaf index in the custody log. */
  readonly seq: number;
  /** The exact leaf (RFC 8785 canonical JSON, UTF-8). */
  readonly leaf: string;
  /** The details JSON whose SHA-256 the leaf's `details` holds; null when none or erased. */
  readonly details: string | null;
}

export interface ContinuityRecord {
  readonly format: typeof CONTINUITY_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  /** `AB/1`. */
  readonly exhibit: string;
  /** `exhibit:AB/1`. */
  readonly object: string;
  readonly events: readonly ContinuityEvent[];
}

/** The bytes of a continuity record. */
export function encodeContinuity(r: ContinuityRecord): Uint8Array {
  return new TextEncoder().encode(prettyJson(r));
}

/**
 * Reads a continuity record strictly.
 * @param text - ATTACKER CONTROLLED.
 * @throws ShapeError naming the first bad key.
 */
export function parseContinuity(text: string, where: string): ContinuityRecord {
  const r = obj(parseCanonical(text, where), where, [
    'format',
    'version',
    'exhibit',
    'object',
    'events',
  ]);
  if (r.format !== CONTINUITY_FORMAT)
    throw new ShapeError(`${where}.format`, JSON.stringify(CONTINUITY_FORMAT));
  if (r.version !== BUNDLE_VERSION)
    throw new ShapeError(`${where}.version`, String(BUNDLE_VERSION));
  return {
    format: CONTINUITY_FORMAT,
    version: BUNDLE_VERSION,
    exhibit: str(r.exhibit, `${where}.exhibit`),
    object: str(r.object, `${where}.object`),
    events: arr(r.events, `${where}.events`).map((x, i) => {
      const p = `${where}.events[${i}]`;
      const e = obj(x, p, ['seq', 'leaf', 'details']);
      return {
        seq: count(e.seq, `${p}.seq`),
        leaf: str(e.leaf, `${p}.leaf`),
        details: e.details === null ? null : str(e.details, `${p}.details`),
      };
    }),
  };
}
