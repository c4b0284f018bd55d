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

/**
 * Repairs one string.
 *
 * @param s - a string from a Meta export.
 * @returns the repaired string, or `null` when the string needs no repair or does not round-trip.
 */
export function repairMojibake(s: string): string | null {
  let high = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return null;
    if (c >= 0x80) high = true;
  }
  if (!high) return null;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  try {
    const repaired = utf8.decode(bytes);
    return repaired === s ? null : repaired;
  } catch {
    return null;
  }
}

/** Repairs `s` when it round-trips; calls `onRepair` when it changed. Undefined stays undefined. */
export function fixText(s: string | undefined, onRepair: () => void): string | undefined {
  if (s === undefined) return undefined;
  const r = repairMojibake(s);
  if (r === null) return s;
  onRepair();
  return r;
}
