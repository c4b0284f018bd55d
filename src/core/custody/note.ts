/**
 * C2SP signed notes with Ed25519 (signature type 0x01), byte-compatible with
 * golang.org/x/mod/sumdb/note: key IDs, key strings, signature lines.
 *
 * A note is UTF-8 text ending in LF, a blank line, then signature lines
 * `U+2014 SP name SP base64(keyID(4, big-endian) || signature)` LF. The signature covers the
 * text including its final LF, not the blank line. Verifiers ignore unknown keys (witness
 * cosignatures, rotation), reject the note if a known key's signature fails, and need at least
 * one known key to verify.
 *
 * Signing uses node:crypto Ed25519 (RFC 8032, deterministic). Key GENERATION is not here:
 * keys come from the signing adapter.
 */
import {
  createPrivateKey,
  createPublicKey,
  sign as cryptoSign,
  verify as cryptoVerify,
  type KeyObject,
} from 'node:crypto';
import { custodyError } from './errors.ts';
import {
  controlCharacterAt,
  fromBase64Strict,
  fromUtf8Strict,
  isWellFormedText,
  toBase64,
  utf8,
} from './bytes.ts';
import { sha256 } from './merkle.ts';

/** Signature type byte of Ed25519 note keys (C2SP signed-note). */
export const ED25519_KEY_TYPE = 0x01;
/** Signature lines processed before a note is refused (golang.org/x/mod/sumdb/note uses 100; C2SP requires at least 16). */
export const MAX_NOTE_SIGNATURES = 100;

const SIGNATURE_PREFIX = '\u2014 ';
/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows (RFC 8410). */
const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
/** SPKI DER prefix of an Ed25519 public key; the 32-byte key follows (RFC 8410). */
const SPKI_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
]);

/** A key a verifier trusts: an Ed25519 public key under a name. */
export interface NoteVerifierKey {
  readonly name: string;
  /** `SHA-256(name || 0x0A || 0x01 || publicKey)[:4]` as an unsigned 32-bit integer. */
  readonly keyId: number;
  /** 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
}

/** One signature line of a note. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The signature bytes after the 4-byte key ID. */
  readonly signature: Uint8Array;
}

/** Produces signature lines for a note. `sign` returns a 64-byte Ed25519 signature of `message`. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** A note whose signatures were checked against pinned keys. */
export interface OpenedNote {
  /** The signed text, ending in LF. */
  readonly text: string;
  /** Signatures by known keys, all verified. */
  readonly verified: readonly NoteSignature[];
  /** Signatures by keys the verifier does not know (not checked). */
  readonly unknown: readonly NoteSignature[];
}

/**
 * Key ID of an Ed25519 note key: the first 4 bytes, big-endian, of
 * `SHA-256(name || 0x0A || 0x01 || publicKey)` (C2SP signed-note).
 * @throws NOTE_BAD_KEY_NAME, NOTE_BAD_KEY_LENGTH.
 */
export function noteKeyId(name: string, publicKey: Uint8Array): number {
  assertKeyName(name);
  assertKeyLength(publicKey, 'public key');
  const digest = sha256(
    Buffer.concat([utf8(name), Uint8Array.of(0x0a, ED25519_KEY_TYPE), publicKey]),
  );
  return new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0);
}

/** The 32-byte Ed25519 public key of a 32-byte seed (RFC 8032 §5.1.5). @throws NOTE_BAD_KEY_LENGTH. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKeyFromSeed(seed)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length));
}

/** Verifier key string `name+hex(keyID)+base64(0x01 || publicKey)` (golang.org/x/mod/sumdb/note). */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  return `${name}+${hex8(noteKeyId(name, publicKey))}+${toBase64(Uint8Array.of(ED25519_KEY_TYPE, ...publicKey))}`;
}

/**
 * Parses a verifier key string (see {@link formatVerifierKey}); the key ID must match.
 * @throws NOTE_BAD_VERIFIER_KEY, NOTE_BAD_KEY_NAME, NOTE_UNSUPPORTED_KEY_TYPE,
 *   NOTE_BAD_KEY_LENGTH, NOTE_KEY_ID_MISMATCH.
 */
export function parseVerifierKey(vkey: string): NoteVerifierKey {
  const { name, keyId, key } = parseKeyString(vkey, 'NOTE_BAD_VERIFIER_KEY');
  return { name, keyId, publicKey: checkKeyId(name, keyId, key) };
}

/** Signer key string `PRIVATE+KEY+name+hex(keyID)+base64(0x01 || seed)` (golang.org/x/mod/sumdb/note). */
export function formatSignerKey(name: string, seed: Uint8Array): string {
  return `PRIVATE+KEY+${name}+${hex8(noteKeyId(name, ed25519PublicKey(seed)))}+${toBase64(Uint8Array.of(ED25519_KEY_TYPE, ...seed))}`;
}

/**
 * Parses a signer key string (see {@link formatSignerKey}) into its name, key ID and seed.
 * @throws NOTE_BAD_SIGNER_KEY and the codes of {@link parseVerifierKey}.
 */
export function parseSignerKey(skey: string): { name: string; keyId: number; seed: Uint8Array } {
  const prefix = 'PRIVATE+KEY+';
  if (!skey.startsWith(prefix)) {
    throw custodyError(
      'invalid-input',
      'NOTE_BAD_SIGNER_KEY',
      'signer key must start with "PRIVATE+KEY+"',
    );
  }
  const {
    name,
    keyId,
    key: seed,
  } = parseKeyString(skey.slice(prefix.length), 'NOTE_BAD_SIGNER_KEY');
  assertKeyLength(seed, 'seed');
  checkKeyId(name, keyId, ed25519PublicKey(seed));
  return { name, keyId, seed };
}

/**
 * An Ed25519 note signer over a 32-byte seed held in memory (tests, the offline tools).
 * Signing is deterministic (RFC 8032); nothing random happens here.
 * @throws NOTE_BAD_KEY_NAME, NOTE_BAD_KEY_LENGTH.
 */
export function ed25519NoteSigner(name: string, seed: Uint8Array): NoteSigner {
  const key = privateKeyFromSeed(seed);
  return {
    name,
    keyId: noteKeyId(name, ed25519PublicKey(seed)),
    sign: (message) => new Uint8Array(cryptoSign(null, message, key)),
  };
}

/**
 * Signs `text` with every signer and returns the signed note: `text`, a blank line, one
 * signature line per signer (C2SP signed-note).
 *
 * @param text - UTF-8 text ending in LF, no control characters other than LF.
 * @throws NOTE_BAD_TEXT, NOTE_BAD_KEY_NAME, NOTE_SIGNER_FAILED (a signature not 64 bytes).
 */
export async function signNote(text: string, signers: readonly NoteSigner[]): Promise<string> {
  if (
    text === '' ||
    !text.endsWith('\n') ||
    !isWellFormedText(text) ||
    controlCharacterAt(text) >= 0
  ) {
    throw custodyError(
      'invalid-input',
      'NOTE_BAD_TEXT',
      'note text must be non-empty UTF-8 ending in LF with no control characters other than LF',
    );
  }
  const message = utf8(text);
  const lines: string[] = [];
  for (const signer of signers) {
    assertKeyName(signer.name);
    const signature = await signer.sign(message);
    if (!(signature instanceof Uint8Array) || signature.length !== 64) {
      throw custodyError(
        'internal',
        'NOTE_SIGNER_FAILED',
        `signer ${signer.name} returned no 64-byte Ed25519 signature`,
      );
    }
    lines.push(formatSignatureLine({ name: signer.name, keyId: signer.keyId, signature }));
  }
  return `${text}\n${lines.join('')}`;
}

/**
 * Opens a signed note: checks its form and verifies signatures against pinned keys.
 *
 * @param note - the whole note, as text or bytes; ATTACKER CONTROLLED.
 * @param known - pinned verifier keys. A signature matches a key only by name AND key ID.
 * @returns the text and the verified / unknown signatures.
 * @throws invalid-input NOTE_INVALID_UTF8, NOTE_CONTROL_CHARACTER, NOTE_NO_BLANK_LINE,
 *   NOTE_NO_SIGNATURES, NOTE_BAD_SIGNATURE_LINE, NOTE_TOO_MANY_SIGNATURES; integrity
 *   NOTE_SIGNATURE_INVALID (a known key's signature fails), NOTE_NO_VERIFIED_SIGNATURE.
 */
export function openNote(note: string | Uint8Array, known: readonly NoteVerifierKey[]): OpenedNote {
  const msg = typeof note === 'string' ? note : fromUtf8Strict(note);
  if (msg === undefined || !isWellFormedText(msg)) {
    throw custodyError('invalid-input', 'NOTE_INVALID_UTF8', 'signed note is not valid UTF-8');
  }
  const bad = controlCharacterAt(msg);
  if (bad >= 0) {
    throw custodyError(
      'invalid-input',
      'NOTE_CONTROL_CHARACTER',
      `control character U+${msg.charCodeAt(bad).toString(16).padStart(4, '0')} at offset ${bad} (only LF is allowed)`,
      {
        offset: bad,
      },
    );
  }
  // The text ends at the LAST blank line: the text may hold blank lines, signatures cannot.
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) {
    throw custodyError(
      'invalid-input',
      'NOTE_NO_BLANK_LINE',
      'signed note has no blank line before its signatures',
    );
  }
  const text = msg.slice(0, split + 1);
  const block = msg.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) {
    throw custodyError(
      'invalid-input',
      'NOTE_NO_SIGNATURES',
      'signed note has no signature lines after the blank line',
    );
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) {
    throw custodyError(
      'invalid-input',
      'NOTE_TOO_MANY_SIGNATURES',
      `signed note has ${lines.length} signature lines, at most ${MAX_NOTE_SIGNATURES} are read`,
    );
  }
  const message = utf8(text);
  const verified: NoteSignature[] = [];
  const unknown: NoteSignature[] = [];
  lines.forEach((line, i) => {
    const sig = parseSignatureLine(line, i);
    const key = known.find((k) => k.name === sig.name && k.keyId === sig.keyId);
    if (!key) {
      unknown.push(sig);
      return;
    }
    if (
      sig.signature.length !== 64 ||
      !cryptoVerify(null, message, publicKeyObject(key.publicKey), sig.signature)
    ) {
      throw custodyError(
        'integrity',
        'NOTE_SIGNATURE_INVALID',
        `signature ${i + 1} by known key ${sig.name}+${hex8(sig.keyId)} does not verify`,
        {
          name: sig.name,
          keyId: hex8(sig.keyId),
        },
      );
    }
    verified.push(sig);
  });
  if (verified.length === 0) {
    throw custodyError('integrity', 'NOTE_NO_VERIFIED_SIGNATURE', 'no signature from a pinned key');
  }
  return { text, verified, unknown };
}

function formatSignatureLine(sig: NoteSignature): string {
  const payload = new Uint8Array(4 + sig.signature.length);
  new DataView(payload.buffer).setUint32(0, sig.keyId);
  payload.set(sig.signature, 4);
  return `${SIGNATURE_PREFIX}${sig.name} ${toBase64(payload)}\n`;
}

/** Parses `U+2014 SP name SP base64(keyID || sig)`; the payload must hold 4 + at least 1 bytes. */
function parseSignatureLine(line: string, i: number): NoteSignature {
  const malformed = (why: string) =>
    custodyError('invalid-input', 'NOTE_BAD_SIGNATURE_LINE', `signature line ${i + 1}: ${why}`, {
      line: i + 1,
    });
  if (!line.startsWith(SIGNATURE_PREFIX)) {
    throw malformed('must start with U+2014 EM DASH and a space');
  }
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw malformed('expected "name base64"');
  const name = rest.slice(0, space);
  if (!isValidKeyName(name)) {
    throw malformed('key name must be non-empty with no white space or "+"');
  }
  const payload = fromBase64Strict(rest.slice(space + 1));
  if (!payload || payload.length < 5) {
    throw malformed(
      'signature must be canonical standard base64 of a 4-byte key ID and a signature',
    );
  }
  return {
    name,
    keyId: new DataView(payload.buffer, payload.byteOffset).getUint32(0),
    signature: payload.subarray(4),
  };
}

function parseKeyString(
  s: string,
  code: 'NOTE_BAD_VERIFIER_KEY' | 'NOTE_BAD_SIGNER_KEY',
): { name: string; keyId: number; key: Uint8Array } {
  // name "+" 8 hex digits "+" base64; the base64 may itself contain "+".
  const m = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(s);
  const [, name, id, b64] = m ?? [];
  const raw = b64 === undefined ? undefined : fromBase64Strict(b64);
  if (
    name === undefined ||
    id === undefined ||
    !/^[0-9a-f]{8}$/.test(id) ||
    !raw ||
    raw.length === 0
  ) {
    throw custodyError(
      'invalid-input',
      code,
      'key string must be name+<8 hex digits>+<base64 key>',
    );
  }
  assertKeyName(name);
  if (raw[0] !== ED25519_KEY_TYPE) {
    throw custodyError(
      'invalid-input',
      'NOTE_UNSUPPORTED_KEY_TYPE',
      `key type 0x${(raw[0] ?? 0).toString(16).padStart(2, '0')} is not Ed25519 (0x01)`,
    );
  }
  return { name, keyId: parseInt(id, 16), key: raw.subarray(1) };
}

function checkKeyId(name: string, keyId: number, publicKey: Uint8Array): Uint8Array {
  assertKeyLength(publicKey, 'public key');
  if (noteKeyId(name, publicKey) !== keyId) {
    throw custodyError(
      'invalid-input',
      'NOTE_KEY_ID_MISMATCH',
      `key ID ${hex8(keyId)} does not match key ${name}`,
    );
  }
  return publicKey;
}

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  assertKeyLength(seed, 'seed');
  return createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
}

/** C2SP signed-note / sumdb note: a name is non-empty, with no Unicode white space and no "+". */
function isValidKeyName(name: string): boolean {
  return name !== '' && isWellFormedText(name) && !/[\s+\u0085]/u.test(name);
}

function assertKeyName(name: string): void {
  if (typeof name !== 'string' || !isValidKeyName(name)) {
    throw custodyError(
      'invalid-input',
      'NOTE_BAD_KEY_NAME',
      `key name ${JSON.stringify(name)} must be non-empty with no white space or "+"`,
    );
  }
}

function assertKeyLength(key: Uint8Array, what: string): void {
  if (!(key instanceof Uint8Array) || key.length !== 32) {
    throw custodyError('invalid-input', 'NOTE_BAD_KEY_LENGTH', `Ed25519 ${what} must be 32 bytes`);
  }
}

function hex8(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}
