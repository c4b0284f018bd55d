/**
 * Strict readers for the bundle's JSON documents. Everything read from a bundle is ATTACKER
 * CONTROLLED: every key is checked, unknown keys are refused, and a document must be byte-equal
 * to its canonical pretty form ({@link prettyJson}), so no byte of it can change unnoticed.
 */

/** A JSON value read from a bundle did not have the expected shape. */
export class ShapeError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path}: expected ${expected}`);
  }
}

/** The one serialisation of bundle JSON documents: 2-space indent, LF, final LF. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Parses `text` and checks it is exactly `prettyJson` of what it holds. */
export function parseCanonical(text: string, where: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ShapeError(where, 'valid JSON');
  }
  if (prettyJson(value) !== text) {
    throw new ShapeError(where, 'the canonical layout (2-space indent, LF line ends, final LF)');
  }
  return value;
}

/** Reads an object and refuses keys outside `allowed`. */
export function obj(
  v: unknown,
  path: string,
  allowed: readonly string[],
): Readonly<Record<string, unknown>> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ShapeError(path, 'an object');
  const rec = v as Record<string, unknown>;
  for (const k of Object.keys(rec)) {
    if (!allowed.includes(k)) throw new ShapeError(`${path}.${k}`, 'no such key');
  }
  return rec;
}

export function str(v: unknown, path: string, re?: RegExp): string {
  if (typeof v !== 'string' || (re && !re.test(v))) {
    throw new ShapeError(path, re ? `a string matching ${re.source}` : 'a string');
  }
  return v;
}

export function strOrNull(v: unknown, path: string, re?: RegExp): string | null {
  return v === null ? null : str(v, path, re);
}

/** A non-negative safe integer. */
export function count(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new ShapeError(path, 'a non-negative integer');
  }
  return v;
}

export function arr(v: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(v)) throw new ShapeError(path, 'an array');
  return v;
}

export function oneOf<T extends string>(v: unknown, path: string, options: readonly T[]): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
    throw new ShapeError(path, `one of ${options.join(', ')}`);
  }
  return v as T;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
