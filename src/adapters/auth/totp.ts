/**
 * TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30 s steps) through otplib 13, with the time taken from
 * the injected clock and one step of tolerance either side for clock drift. `verify` returns the
 * matched time step so that the caller can refuse a code used before (§5.2).
 */
import { generate, generateSecret, generateURI, verify } from 'otplib';
import type { Clock } from '../../ports/clock.ts';
import type { TotpService } from '../../ports/desk-services.ts';

/** A {@link TotpService} whose codes are checked against `clock`. */
export function otpTotp(clock: Clock, issuer = 'Custos'): TotpService {
  return {
    generateSecret: () => generateSecret({ length: 20 }),
    uri: (label, secret) => generateURI({ issuer, label, secret }),
    async verify(secret, code) {
      if (!/^\d{6}$/.test(code)) return null;
      try {
        const r = await verify({
          secret,
          token: code,
          epoch: Math.floor(clock.now() / 1000),
          epochTolerance: 30,
        });
        // (the TOTP strategy's result carries the matched step; HOTP's would not)
        return r.valid && 'timeStep' in r ? r.timeStep : null;
      } catch {
        return null;
      }
    },
  };
}

/** The current code for a secret at `clock`'s time (tests, and `custos demo code`). */
export function totpCode(secret: string, clock: Clock): Promise<string> {
  return generate({ secret, epoch: Math.floor(clock.now() / 1000) });
}
