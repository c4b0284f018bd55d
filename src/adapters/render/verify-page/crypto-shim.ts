/**
 * `node:crypto` for the verifier page: exactly what the custody core calls when it VERIFIES
 * (SHA-256 via `hash`, Ed25519 verification via `createPublicKey` + `verify`), implemented with
 * @noble/hashes (FIPS 180-4 SHA-256) and @noble/curves (RFC 8032 Ed25519, strict: no ZIP-215
 * leniency), both synchronous as node:crypto is. Signing and key generation are refused: the page
 * never holds a private key. Bundled in by esbuild (`../verifier-page.ts`), never run in Node.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Buffer } from 'buffer';

/** SPKI DER prefix of an Ed25519 public key (RFC 8410); the 32-byte key follows. */
const SPKI_PREFIX = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

interface PublicKeyObject {
  readonly type: 'public';
  readonly raw: Uint8Array;
  export(): Buffer;
}

/** `hash('sha256', data, 'buffer')`. */
export function hash(algorithm: string, data: Uint8Array | string, encoding?: string): Buffer {
  if (algorithm !== 'sha256') throw new Error(`the verifier page has no ${algorithm}`);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = Buffer.from(sha256(bytes));
  if (encoding === undefined || encoding === 'buffer') return digest;
  throw new Error(`the verifier page does not encode digests as ${encoding}`);
}

/** `createHash('sha256')` with `update` and `digest('hex' | 'buffer')`. */
export function createHash(algorithm: string): {
  update(d: Uint8Array | string): unknown;
  digest(e?: string): Buffer | string;
} {
  if (algorithm !== 'sha256') throw new Error(`the verifier page has no ${algorithm}`);
  const h = sha256.create();
  const self = {
    update(d: Uint8Array | string) {
      h.update(typeof d === 'string' ? new TextEncoder().encode(d) : d);
      return self;
    },
    digest(e?: string) {
      const out = Buffer.from(h.digest());
      return e === 'hex' ? out.toString('hex') : out;
    },
  };
  return self;
}

/** `createPublicKey({ key: spkiDer, format: 'der', type: 'spki' })` for Ed25519 keys. */
export function createPublicKey(options: {
  key: Uint8Array;
  format: string;
  type: string;
}): PublicKeyObject {
  const der = options.key;
  if (
    options.format !== 'der' ||
    options.type !== 'spki' ||
    der.length !== 44 ||
    SPKI_PREFIX.some((b, i) => der[i] !== b)
  ) {
    throw new Error('the verifier page reads only Ed25519 SPKI public keys');
  }
  const raw = der.slice(12);
  return { type: 'public', raw, export: () => Buffer.from(der) };
}

/** `verify(null, message, publicKey, signature)`: Ed25519 (RFC 8032 §5.1.7). */
export function verify(
  algorithm: null | undefined,
  message: Uint8Array,
  key: PublicKeyObject,
  signature: Uint8Array,
): boolean {
  if (algorithm !== null && algorithm !== undefined) throw new Error('only Ed25519 is supported');
  try {
    return ed25519.verify(signature, message, key.raw, { zip215: false });
  } catch {
    return false;
  }
}

export function createPrivateKey(): never {
  throw new Error('the verifier page holds no private keys');
}

export function sign(): never {
  throw new Error('the verifier page does not sign');
}
