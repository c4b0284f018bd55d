/** Options shared by several commands. */
import { InvalidArgumentError } from 'commander';
import { canonicalTimeZone, isValidTimeZone } from '../../../core/transcript/local-time.ts';

/** Default IANA zone for naive local times when `--tz` is not given (`CUSTOS_TZ` overrides). */
export const DEFAULT_TIME_ZONE = 'Europe/London';

/** commander argument parser for `--tz`: an IANA zone name, returned as the database spells it. */
export function timeZoneArg(value: string): string {
  if (!isValidTimeZone(value))
    throw new InvalidArgumentError(
      `${JSON.stringify(value)} is not an IANA time zone; expected a name such as Europe/London or America/New_York`,
    );
  return canonicalTimeZone(value);
}

/** The zone to use: the option, else `CUSTOS_TZ`, else {@link DEFAULT_TIME_ZONE}; and whether it was defaulted. */
export function chooseTimeZone(
  option: string | undefined,
  env: NodeJS.ProcessEnv,
): { zone: string; defaulted: boolean } {
  if (option) return { zone: option, defaulted: false };
  const fromEnv = env.CUSTOS_TZ;
  if (fromEnv && isValidTimeZone(fromEnv))
    return { zone: canonicalTimeZone(fromEnv), defaulted: true };
  return { zone: DEFAULT_TIME_ZONE, defaulted: true };
}

/** commander argument parser for a region code used for phone numbers (`GB`). */
export function regionArg(value: string): string {
  const v = value.toUpperCase();
  if (!/^[A-Z]{2}$/.test(v))
    throw new InvalidArgumentError(
      `${JSON.stringify(value)} is not a two-letter region code such as GB`,
    );
  return v;
}

/** Custody-log actor for a CLI user: `cli:<INITIALS>` from `--by` or `CUSTOS_INITIALS`, else `cli:operator`. */
export function actorFor(by: string | undefined, env: NodeJS.ProcessEnv): string {
  const raw = (by ?? env.CUSTOS_INITIALS ?? '').trim().toUpperCase();
  return /^[A-Z]{2,4}$/.test(raw) ? `cli:${raw}` : 'cli:operator';
}

/** Default region for phone numbers without a country code: `CUSTOS_REGION`, else GB (the programme's). */
export function chooseRegion(env: NodeJS.ProcessEnv): string {
  const v = (env.CUSTOS_REGION ?? '').toUpperCase();
  return /^[A-Z]{2}$/.test(v) ? v : 'GB';
}
