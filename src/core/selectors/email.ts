/**
 * E-mail addresses: finding and normalizing them.
 *
 * The domain is case-insensitive (RFC 5321 §2.4, RFC 1035 §2.3.3) and is normalized to lower-case
 * ASCII (internationalized domains in punycode, RFC 5890), without a trailing dot. The local part
 * is case-sensitive in principle (RFC 5321 §2.4: only the receiving host may interpret it), so it
 * is kept as written — except for Gmail, whose documented rules make letter case, dots and a
 * `+tag` irrelevant and treat googlemail.com as gmail.com (Google's Gmail help, "Dots don't matter
 * in Gmail addresses" and "Create task-specific email addresses"). Other providers' case and
 * `+tag` behaviour is left to near-matching (`compare.ts`), which says so in plain words.
 */

/**
 * Addresses in the base view: a local part of letters, digits and `. _ % + -`, `@`, and a domain of
 * dot-separated labels ending in an alphabetic top-level domain. Linear: the local part is bounded
 * and every label ends at a dot.
 */
export const EMAIL =
  /(?<![\p{L}\p{N}._%+-])([\p{L}\p{N}_%+-][\p{L}\p{N}._%+-]{0,63})@((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,24})(?![\p{L}\p{N}-])/gu;

const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/** A normalized e-mail address. */
export interface NormalizedEmail {
  /** `local@domain` after the rules above. */
  readonly value: string;
  /** The address as it should be shown (local part as written, lower-case domain). */
  readonly display: string;
  /** True when Gmail's documented rules changed the local part. */
  readonly providerRule: boolean;
}

/**
 * Normalizes an address split into local part and domain.
 * @returns `null` when the domain is not a valid host name.
 */
export function normalizeEmail(local: string, domain: string): NormalizedEmail | null {
  let host: string;
  try {
    host = new URL(`http://${domain}`).hostname.replace(/\.+$/, '');
  } catch {
    return null;
  }
  if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(host)) return null;
  const cleanLocal = local.replace(/\.+$/, '');
  if (cleanLocal.length === 0) return null;
  const display = `${cleanLocal}@${domain.toLowerCase().replace(/\.+$/, '')}`;
  if (GMAIL.has(host)) {
    const l = cleanLocal.toLowerCase().replace(/\+.*$/, '').replace(/\./g, '');
    if (l.length === 0) return null;
    return {
      value: `${l}@gmail.com`,
      display,
      providerRule: l !== cleanLocal || host !== 'gmail.com',
    };
  }
  return { value: `${cleanLocal}@${host}`, display, providerRule: false };
}
