/**
 * Repair of the Latin-1 mis-encoding in Meta's "Download your information" JSON (Facebook
 * Messenger, Instagram): every string is UTF-8 bytes written as `\u00XX` code points, so "Zoë"
 * arrives as "ZoÃ«" and 😊 as four characters "ð\u009f\u0098\u008a" (MasterScrat/Chatistics#43,
 * #67; joweich/chat-miner#78).
 *
 * The repair is per string and only when it round-trips (fixtures README, "Text"): if every
 * character is at most U+00FF, the string is taken as Latin-1 bytes and decoded as UTF-8; when
 * those bytes are not valid UTF-8 (an already-correct "café"), or the string holds any character
 * above U+00FF (an already-correct "“quote”", on which a blind repair crashes: Chatistics#65), the
 * string is kept as it is.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reused byte buffer for strings up to {@link SCRATCH_MAX} characters. */
let scratch = new Uint8Array(256);
const SCRATCH_MAX = 64 * 1024;
/** Results for short strings (names, reactions and titles repeat on every message). */
const cache = new Map<string, string | null>();
const CACHE_MAX_CHARS = 64;
const CACHE_MAX_ENTRIES = 4096;

/**
 * Repairs one string.
 *
 * @param s - a string from a Meta export.
 * @returns the repaired string, or `null` when the string needs no repair or does not round-trip.
 */
export function repairMojibake(s: string): string | null {
  const n = s.length;
  let high = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return null;
    if (c >= 0x80) high = true;
  }
  if (!high) return null;
  const cacheable = n <= CACHE_MAX_CHARS;
  if (cacheable) {
    const hit = cache.get(s);
    if (hit !== undefined) return hit;
  }
  let bytes: Uint8Array;
  if (n <= SCRATCH_MAX) {
    if (scratch.length < n)
      scratch = new Uint8Array(Math.min(SCRATCH_MAX, Math.max(n, scratch.length * 2)));
    bytes = scratch.subarray(0, n);
  } else bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = s.charCodeAt(i);
  let result: string | null;
  try {
    const repaired = utf8.decode(bytes);
    result = repaired === s ? null : repaired;
  } catch {
    result = null;
  }
  if (cacheable) {
    if (cache.size >= CACHE_MAX_ENTRIES) cache.clear();
    cache.set(s, result);
  }
  return result;
}

/** Repairs `s` when it round-trips; calls `onRepair` when it changed. Undefined stays undefined. */
export function fixText(s: string | undefined, onRepair: () => void): string | undefined {
  if (s === undefined) return undefined;
  const r = repairMojibake(s);
  if (r === null) return s;
  onRepair();
  return r;
}
