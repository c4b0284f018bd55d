import type { NoteSigner } from '../core/custody/note.ts';

/**
 * The custody log's signing identity: the checkpoint origin (a unique log name) and the Ed25519
 * key that signs checkpoints under that name (C2SP tlog-checkpoint, signed-note).
 */
export interface CustodyKey {
  /** Checkpoint origin line and note key name, e.g. `custos.local/custody/3f9a0c1d2e4b5a69`. */
  readonly origin: string;
  /** Verifier key string (`name+hexkeyid+base64(0x01||pubkey)`) to pin in verifiers. */
  readonly verifierKey: string;
  readonly signer: NoteSigner;
}
