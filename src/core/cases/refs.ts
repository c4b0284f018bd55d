/**
 * References people quote: reports `R-2026-0001`, cases `C-2026-0001` (year of receipt or
 * opening, then a running number per year), and the reporter's receipt code.
 */
import { CustosError } from '../errors.ts';

const pad = (n: number): string => String(n).padStart(4, '0');

/** `R-<year>-<nnnn>`; the number runs per year from 1. */
export function formatReportRef(year: number, n: number): string {
  return `R-${year}-${pad(n)}`;
}

/** `C-<year>-<nnnn>`; the number runs per year from 1. */
export function formatCaseRef(year: number, n: number): string {
  return `C-${year}-${pad(n)}`;
}

/** Crockford base32 alphabet (no I, L, O, U: nothing to misread aloud or by hand). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Number of random bytes behind a receipt code (80 bits). */
export const RECEIPT_BYTES = 10;

/**
 * Formats 10 random bytes as a receipt code: 16 Crockford base32 characters in four groups
 * (`7K2M-Q9TX-4HDP-WR3B`). 80 bits: guessing one of a million live codes at 100 tries a second
 * takes longer than a lifetime.
 * @throws CustosError `RECEIPT_BAD_ENTROPY` (internal) unless given exactly {@link RECEIPT_BYTES} bytes.
 */
export function formatReceiptCode(random: Uint8Array): string {
  if (random.length !== RECEIPT_BYTES)
    throw new CustosError(
      'internal',
      'RECEIPT_BAD_ENTROPY',
      `a receipt code needs ${RECEIPT_BYTES} random bytes, got ${random.length}`,
    );
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)?.join('-') ?? out;
}

/**
 * Canonical form of a receipt code as typed: upper case, separators and spaces removed,
 * Crockford's look-alikes mapped (`O`→`0`, `I`/`L`→`1`). Returns null when it cannot be a code.
 */
export function normalizeReceiptCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(s) ? s : null;
}
