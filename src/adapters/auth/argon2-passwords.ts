/**
 * Password hashing with argon2id (RFC 9106) through @node-rs/argon2, at the OWASP-recommended
 * minimum (m = 19 MiB, t = 2, p = 1; about 30 ms per hash on the reference machine).
 */
import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../ports/desk-services.ts';

/** argon2id parameters: memory in KiB, iterations, lanes. */
export interface Argon2Parameters {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export const OWASP_ARGON2ID: Argon2Parameters = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** A {@link PasswordHasher} over argon2id with the given parameters (lower ones only for tests). */
export function argon2Passwords(params: Argon2Parameters = OWASP_ARGON2ID): PasswordHasher {
  return {
    // @node-rs/argon2 hashes with argon2id unless told otherwise (its `Algorithm` is a const enum).
    hash: (password) => hash(password, { ...params }),
    async verify(phc, password) {
      try {
        return await verify(phc, password);
      } catch {
        return false;
      }
    },
  };
}
