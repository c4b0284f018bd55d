/**
 * `custos blobs encrypt`: moves a store written before encryption at rest to the encrypted form.
 * Each plaintext blob is re-hashed, encrypted under a fresh data key wrapped for every holder its
 * exhibits have now (their case, their report, or the intake holder), checked by decrypting and
 * re-hashing, and only then is the plaintext file overwritten and unlinked. Safe to interrupt and
 * run again. A `verified` custody event records the run.
 */
import { INTAKE_HOLDER } from '../../ports/blob-store.ts';
import type { AppContext } from '../app-context.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { holderOfExhibit } from './retention-support.ts';

export interface EncryptStoreReport {
  readonly encrypted: number;
  /** Plaintext blobs no exhibit refers to: encrypted for the intake holder. */
  readonly unreferenced: number;
  readonly bytes: number;
}

/**
 * Encrypts every plaintext blob.
 * @param actor - pseudonymous id of who ran it (`cli:AB`).
 * @throws integrity errors when a plaintext blob does not re-hash to its name (it is left as is).
 */
export async function encryptPlaintextBlobs(
  app: Pick<AppContext, 'uow' | 'blobs' | 'clock'>,
  actor: string,
  onProgress?: (done: number) => void,
): Promise<EncryptStoreReport> {
  const repos = app.uow.read;
  let encrypted = 0;
  let unreferenced = 0;
  let bytes = 0;
  const pending: string[] = [];
  for await (const sha of app.blobs.plaintextBlobs()) pending.push(sha);
  for (const sha of pending) {
    const ids = new Set([
      ...(await repos.exhibits.findBySha256(sha)).map((e) => e.id),
      ...(await repos.retention.exhibitIdsWithFile(sha)),
    ]);
    const holders = new Set<string>();
    for (const id of ids) {
      const ex = await repos.exhibits.findById(id);
      if (ex && ex.status !== 'disposed') holders.add(await holderOfExhibit(repos, ex));
    }
    if (holders.size === 0) {
      unreferenced++;
      holders.add(INTAKE_HOLDER);
    }
    bytes += await app.blobs.size(sha);
    await app.blobs.encryptPlaintext(sha, [...holders].sort());
    encrypted++;
    onProgress?.(encrypted);
  }
  await app.uow.run((r) =>
    recordCustodyEvent(r, app.clock, {
      actor,
      action: 'verified',
      object: 'store:custos',
      reason: 'encrypted-at-rest',
      details: { encrypted, unreferenced, bytes },
    }),
  );
  return { encrypted, unreferenced, bytes };
}
