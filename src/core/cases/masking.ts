/**
 * Masking identifiers for viewers who do not need them (volunteers whose task type does not need
 * selectors): the first and last character stay, the rest become `•`, so a masked value still
 * lets two mentions be told apart without revealing the identifier.
 */

const DOT = '•';

/**
 * Masks a value: `riley.k1ck` → `r••••••••k`, `+447700900123` → `+•••••••••••3`; values of 3
 * characters or fewer become all dots. Counts code points, not UTF-16 units.
 */
export function maskValue(value: string): string {
  const cps = [...value];
  if (cps.length <= 3) return DOT.repeat(Math.max(cps.length, 1));
  return `${cps[0] ?? ''}${DOT.repeat(cps.length - 2)}${cps[cps.length - 1] ?? ''}`;
}

/**
 * Replaces every occurrence of each of `values` in `text` by its mask, ignoring case (a value is
 * stored normalized, lower-case, while the text keeps the writer's spelling); longest first.
 */
export function maskInText(text: string, values: readonly string[]): string {
  const wanted = [...new Set(values.map((v) => v.trim()).filter((v) => v.length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
  if (wanted.length === 0) return text;
  const pattern = new RegExp(
    wanted.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'giu',
  );
  return text.replace(pattern, (m) => maskValue(m));
}

/** E-mail addresses, web links and phone-number-like runs of digits (7 or more digits with separators). */
const CONTACT_LIKE =
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}|(?:https?:\/\/|www\.)[^\s<>"']+|\+?\(?\d[\d\s().-]{5,}\d/giu;

/**
 * Masks everything in `text` that looks like an e-mail address, a web link or a phone number,
 * whether or not it was recognised as a selector (defence in depth for masked views).
 */
export function maskContactLikes(text: string): string {
  return text.replace(CONTACT_LIKE, (m) =>
    m.replace(/\D/g, '').length >= 7 || /[@/.]/.test(m) ? maskValue(m) : m,
  );
}
