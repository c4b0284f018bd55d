/**
 * The custody log's Ed25519 key, kept in the data directory: generated on first use with the
 * operating system's CSPRNG, stored as a signer key string (golang.org/x/mod/sumdb/note encoding)
 * readable only by its owner, with the public verifier key beside it for verifiers to pin.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CustosError } from '../../core/errors.ts';
import {
  ed25519NoteSigner,
  ed25519PublicKey,
  formatSignerKey,
  formatVerifierKey,
  parseSignerKey,
} from '../../core/custody/note.ts';
import type { CustodyKey } from '../../ports/checkpoint-signer.ts';

/** File names inside `<data>/keys/`. */
export const SIGNER_KEY_FILE = 'custody.skey';
export const VERIFIER_KEY_FILE = 'custody.vkey';

/**
 * Loads the custody key from `<dataDir>/keys/`, creating it on first use.
 *
 * @param origin - log origin for a NEW key; default `custos.local/custody/<16 random hex>`.
 *   An existing key keeps its own name.
 * @throws CustosError `CUSTODY_KEY_UNREADABLE` (integrity) when the key file is damaged.
 */
export async function loadOrCreateCustodyKey(
  dataDir: string,
  origin?: string,
): Promise<CustodyKey> {
  const dir = join(dataDir, 'keys');
  const skeyPath = join(dir, SIGNER_KEY_FILE);
  let skey: string | undefined;
  try {
    skey = (await readFile(skeyPath, 'utf8')).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (skey === undefined) {
    const name = origin ?? `custos.local/custody/${randomBytes(8).toString('hex')}`;
    const seed = new Uint8Array(randomBytes(32));
    const candidate = formatSignerKey(name, seed);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${skeyPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${candidate}\n`, { mode: 0o600, flag: 'wx' });
    try {
      // link() fails if the key exists: a process that raced us keeps its key, and we use it too
      await link(tmp, skeyPath);
      await writeFile(
        join(dir, VERIFIER_KEY_FILE),
        `${formatVerifierKey(name, ed25519PublicKey(seed))}\n`,
        { mode: 0o644 },
      );
      skey = candidate;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new CustosError(
          'internal',
          'CUSTODY_KEY_WRITE_FAILED',
          `cannot store the custody key at ${skeyPath}`,
          { cause: e },
        );
      }
      skey = (await readFile(skeyPath, 'utf8')).trim();
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }
  let parsed;
  try {
    parsed = parseSignerKey(skey);
  } catch (e) {
    throw new CustosError(
      'integrity',
      'CUSTODY_KEY_UNREADABLE',
      `the custody key ${skeyPath} is damaged; expected a signer key string PRIVATE+KEY+name+keyid+key`,
      { cause: e },
    );
  }
  return {
    origin: parsed.name,
    verifierKey: formatVerifierKey(parsed.name, ed25519PublicKey(parsed.seed)),
    signer: ed25519NoteSigner(parsed.name, parsed.seed),
  };
}
