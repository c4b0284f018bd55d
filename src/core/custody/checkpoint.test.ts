import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCustosError } from '../errors.ts';
import type { CustodyErrorCode } from './errors.ts';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
import {
  MAX_NOTE_SIGNATURES,
  ed25519NoteSigner,
  ed25519PublicKey,
  formatSignerKey,
  formatVerifierKey,
  noteKeyId,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  type NoteSigner,
} from './note.ts';
import { sha256 } from './merkle.ts';
import { utf8 } from './bytes.ts';
import { checkpointVectors as V, fromHex, hex } from './test-support.ts';

const seed = fromHex(V.key.seed_hex);
const signer = ed25519NoteSigner(V.key.name, seed);
const vkey = parseVerifierKey(V.key.vkey);
const pinned = { origin: V.key.name, keys: [vkey] };
const isCode = (code: CustodyErrorCode) => (e: unknown) => isCustosError(e, code);

/** What the reference verifier said, as our code. */
const SAID: Record<string, CustodyErrorCode> = {
  'signature from known key failed': 'NOTE_SIGNATURE_INVALID',
  'no verified signature from a known key': 'NOTE_NO_VERIFIED_SIGNATURE',
  'malformed signature line': 'NOTE_BAD_SIGNATURE_LINE',
  'control character': 'NOTE_CONTROL_CHARACTER',
  'no blank line': 'NOTE_NO_BLANK_LINE',
  'no signature lines': 'NOTE_NO_SIGNATURES',
  'bad tree size': 'CHECKPOINT_BAD_SIZE',
  'origin mismatch': 'CHECKPOINT_ORIGIN_MISMATCH',
  'root not 32 bytes / non-canonical base64': 'CHECKPOINT_BAD_ROOT',
  'checkpoint needs >= 3 newline-terminated lines': 'CHECKPOINT_TOO_FEW_LINES',
};

describe('test key (checkpoint.json)', () => {
  test('public key, key ID, vkey and skey strings', () => {
    assert.equal(hex(ed25519PublicKey(seed)), V.key.public_key_hex);
    assert.equal(
      noteKeyId(V.key.name, fromHex(V.key.public_key_hex)).toString(16).padStart(8, '0'),
      V.key.key_id_hex,
    );
    assert.equal(formatVerifierKey(V.key.name, fromHex(V.key.public_key_hex)), V.key.vkey);
    assert.equal(formatSignerKey(V.key.name, seed), V.key.skey);
    assert.deepEqual(parseSignerKey(V.key.skey), { name: V.key.name, keyId: signer.keyId, seed });
    assert.deepEqual(vkey, {
      name: V.key.name,
      keyId: signer.keyId,
      publicKey: fromHex(V.key.public_key_hex),
    });
  });
});

describe('published checkpoints are reproduced byte for byte', () => {
  for (const cp of V.checkpoints) {
    test(cp.id, async () => {
      const checkpoint = {
        origin: V.key.name,
        size: BigInt(cp.tree_size),
        root: fromHex(cp.root_hex),
      };
      assert.equal(formatCheckpoint(checkpoint), cp.body);
      assert.equal(hex(await signer.sign(utf8(cp.body))), cp.signature_hex);
      assert.equal(await signCheckpoint(checkpoint, [signer]), cp.signed_note);
      const opened = openCheckpoint(cp.signed_note, pinned);
      assert.deepEqual(opened.checkpoint, checkpoint);
      assert.equal(opened.note.verified.length, 1);
    });
  }
});

describe('checkpoint cases (4 valid, 17 invalid)', () => {
  test('counts', () => {
    assert.equal(V.cases.length, 21);
    assert.equal(V.cases.filter((c) => c.expect === 'valid').length, 4);
  });

  for (const c of V.cases) {
    test(`${c.id} [${c.layer}]: ${c.why}`, () => {
      const case_pin = { origin: c.expected_origin, keys: [vkey] };
      if (c.expect === 'valid') {
        const { checkpoint, note } = openCheckpoint(c.signed_note, case_pin);
        assert.equal(checkpoint.origin, c.expected_origin);
        assert.equal(note.verified.length, 1);
        assert.equal(note.unknown.length, c.id === 'valid/extra-unknown-signature' ? 1 : 0);
        return;
      }
      const code = SAID[c.reference_verifier_said];
      assert.ok(code, `no code for ${c.reference_verifier_said}`);
      if (c.layer === 'note') {
        assert.throws(() => openNote(c.signed_note, [vkey]), isCode(code));
      } else {
        // The note itself is fine; the checkpoint layer must be what refuses it.
        assert.doesNotThrow(() => openNote(c.signed_note, [vkey]));
        assert.throws(() => openCheckpoint(c.signed_note, case_pin), isCode(code));
      }
    });
  }
});

describe('reference vectors', () => {
  test('Go sumdb/note PeterNeumann note, byte for byte', async () => {
    const [ref] = V.reference_vectors;
    const key = parseSignerKey(ref.skey);
    const verifier = parseVerifierKey(ref.vkey);
    assert.equal(formatVerifierKey(key.name, ed25519PublicKey(key.seed)), ref.vkey);
    assert.equal(formatSignerKey(key.name, key.seed), ref.skey);
    assert.equal(
      await signNote(ref.text, [ed25519NoteSigner(key.name, key.seed)]),
      ref.signed_note,
    );
    assert.equal(openNote(ref.signed_note, [verifier]).text, ref.text);
  });

  test('RFC 8032 §7.1 TEST 1', async () => {
    const [, ref] = V.reference_vectors;
    assert.equal(hex(ed25519PublicKey(fromHex(ref.seed_hex))), ref.public_key_hex);
    assert.equal(
      hex(await ed25519NoteSigner('rfc8032', fromHex(ref.seed_hex)).sign(fromHex(ref.message_hex))),
      ref.signature_hex,
    );
  });
});

describe('signed notes', () => {
  const signers = Array.from({ length: 20 }, (_, i) =>
    ed25519NoteSigner(`witness.example/w${i}`, sha256(utf8(`witness seed ${i}`))),
  );
  const keyOf = (s: NoteSigner, i: number) =>
    parseVerifierKey(
      formatVerifierKey(s.name, ed25519PublicKey(sha256(utf8(`witness seed ${i}`)))),
    );
  const text =
    'example.org/evidence-custody/test\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n';

  test('accepts 21 signatures, verifies the known ones and ignores the others', async () => {
    const note = await signNote(text, [...signers, signer]);
    const opened = openNote(note, [vkey, keyOf(signers[3] as NoteSigner, 3)]);
    assert.equal(opened.text, text);
    assert.deepEqual(
      opened.verified.map((s) => s.name),
      ['witness.example/w3', V.key.name],
    );
    assert.equal(opened.unknown.length, 19);
  });

  test('a failing signature from any known key rejects the note, even next to a good one', async () => {
    const note = await signNote(text, [signer, signers[0] as NoteSigner]);
    const lines = note.split('\n');
    const last = lines[lines.length - 2] ?? '';
    const tampered = [
      ...lines.slice(0, -2),
      last.slice(0, -6) + (last.at(-6) === 'A' ? 'B' : 'A') + last.slice(-5),
      '',
    ].join('\n');
    assert.doesNotThrow(() => openNote(tampered, [vkey]));
    assert.throws(
      () => openNote(tampered, [vkey, keyOf(signers[0] as NoteSigner, 0)]),
      isCode('NOTE_SIGNATURE_INVALID'),
    );
  });

  test('the text ends at the LAST blank line, so a text may hold blank lines', async () => {
    const withBlank = 'first\n\nsecond\n';
    const note = await signNote(withBlank, [signer]);
    assert.equal(openNote(note, [vkey]).text, withBlank);
    assert.equal(openNote(utf8(note), [vkey]).text, withBlank);
  });

  test('too many signature lines, bad UTF-8, DEL and bad text are refused', async () => {
    const note = await signNote(text, [signer]);
    const sigLine = note.slice(text.length + 1);
    assert.throws(
      () => openNote(text + '\n' + sigLine.repeat(MAX_NOTE_SIGNATURES + 1), [vkey]),
      isCode('NOTE_TOO_MANY_SIGNATURES'),
    );
    assert.doesNotThrow(() => openNote(text + '\n' + sigLine.repeat(MAX_NOTE_SIGNATURES), [vkey]));
    assert.throws(
      () => openNote(Uint8Array.of(...utf8(note), 0xff), [vkey]),
      isCode('NOTE_INVALID_UTF8'),
    );
    assert.throws(
      () => openNote('a\u007f\n\n' + sigLine, [vkey]),
      isCode('NOTE_CONTROL_CHARACTER'),
    );
    assert.throws(
      () => openNote(text + '\n' + sigLine.replace(/=?\n$/, '!\n'), [vkey]),
      isCode('NOTE_BAD_SIGNATURE_LINE'),
    );
    assert.throws(
      () => openNote(text + '\n' + sigLine.slice(0, -1), [vkey]),
      isCode('NOTE_NO_SIGNATURES'),
    );
    await assert.rejects(signNote('no final newline', [signer]), isCode('NOTE_BAD_TEXT'));
    await assert.rejects(signNote('tab\there\n', [signer]), isCode('NOTE_BAD_TEXT'));
    await assert.rejects(
      signNote(text, [{ name: 'x', keyId: 1, sign: () => new Uint8Array(63) }]),
      isCode('NOTE_SIGNER_FAILED'),
    );
    await assert.rejects(
      signNote(text, [{ ...signer, name: 'has space' }]),
      isCode('NOTE_BAD_KEY_NAME'),
    );
  });

  test('key strings are parsed strictly', () => {
    const [name, id, key] = V.key.vkey.split('+') as [string, string, string];
    assert.throws(
      () => parseVerifierKey(`${name}+00000000+${key}`),
      isCode('NOTE_KEY_ID_MISMATCH'),
    );
    assert.throws(() => parseVerifierKey(`${name}+${id}`), isCode('NOTE_BAD_VERIFIER_KEY'));
    assert.throws(
      () => parseVerifierKey(`${name}+${id.toUpperCase()}+${key}`),
      isCode('NOTE_BAD_VERIFIER_KEY'),
    );
    assert.throws(
      () => parseVerifierKey(`${name}+${id}+${key.replace(/^A/, 'B')}`),
      isCode('NOTE_UNSUPPORTED_KEY_TYPE'),
    );
    assert.throws(() => parseVerifierKey(`${name}+${id}+AQID`), isCode('NOTE_BAD_KEY_LENGTH'));
    assert.throws(() => parseVerifierKey(`+${id}+${key}`), isCode('NOTE_BAD_KEY_NAME'));
    assert.throws(() => parseSignerKey(V.key.vkey), isCode('NOTE_BAD_SIGNER_KEY'));
    assert.throws(() => ed25519NoteSigner('k', new Uint8Array(31)), isCode('NOTE_BAD_KEY_LENGTH'));
  });
});

describe('checkpoint bodies', () => {
  const root = sha256(utf8('root'));

  test('sizes beyond 2^53 and extension lines round-trip', () => {
    const cp = {
      origin: 'example.org/log',
      size: 2n ** 64n - 1n,
      root,
      extensions: ['ext one', 'x'],
    };
    const body = formatCheckpoint(cp);
    assert.equal(body.split('\n')[1], '18446744073709551615');
    assert.deepEqual(parseCheckpoint(body), cp);
  });

  test('malformed bodies get their own codes', () => {
    const good = formatCheckpoint({ origin: 'o', size: 1n, root });
    assert.throws(() => parseCheckpoint(good.slice(0, -1)), isCode('CHECKPOINT_NO_FINAL_NEWLINE'));
    assert.throws(() => parseCheckpoint(good + '\n'), isCode('CHECKPOINT_BAD_EXTENSION'));
    assert.throws(() => parseCheckpoint(good.replace(/^o/, '')), isCode('CHECKPOINT_BAD_ORIGIN'));
    assert.throws(
      () => parseCheckpoint(good.replace('\n1\n', '\n18446744073709551616\n')),
      isCode('CHECKPOINT_BAD_SIZE'),
    );
    assert.throws(
      () => parseCheckpoint(good.replace('\n1\n', '\n-1\n')),
      isCode('CHECKPOINT_BAD_SIZE'),
    );
    assert.throws(
      () => parseCheckpoint(good.replace(/=\n$/, 'A\n')),
      isCode('CHECKPOINT_BAD_ROOT'),
    );
    assert.throws(
      () => formatCheckpoint({ origin: 'a\nb', size: 1n, root }),
      isCode('CHECKPOINT_BAD_ORIGIN'),
    );
    assert.throws(
      () => formatCheckpoint({ origin: 'o', size: 2n ** 64n, root }),
      isCode('CHECKPOINT_BAD_SIZE'),
    );
    assert.throws(
      () => formatCheckpoint({ origin: 'o', size: 1n, root: root.subarray(1) }),
      isCode('CHECKPOINT_BAD_ROOT'),
    );
    assert.throws(
      () => formatCheckpoint({ origin: 'o', size: 1n, root, extensions: [''] }),
      isCode('CHECKPOINT_BAD_EXTENSION'),
    );
  });
});
