/** What `GET /session` tells the web app: who is signed in, at which stage, and what they may open. */
import { capabilities } from '../../policies/authorize.ts';
import type { Session, User } from '../../ports/account-repositories.ts';
import type { DeskContext } from '../desk-context.ts';
import { actorOfUser } from '../desk-support.ts';
import { setupNeeded } from './setup.ts';

/** The sign-in banner (R45: the DPA 2018 s170 offence and misconduct). */
export const SIGN_IN_BANNER =
  'This system holds police information about children and suspects. Use it only for the work you are tasked with. ' +
  'Every view is recorded. Obtaining or disclosing personal data without authority is an offence (Data Protection Act 2018, s170) and misconduct.';

export interface SessionView {
  readonly signedIn: boolean;
  readonly stage: Session['stage'] | null;
  readonly user: User | null;
  readonly csrfToken: string | null;
  readonly capabilities: string[];
  readonly setupNeeded: boolean;
  readonly banner: string;
}

/** The session view for an optional live session. */
export async function sessionInfo(
  ctx: DeskContext,
  live: { session: Session; user: User } | null,
): Promise<SessionView> {
  const signedIn = live !== null && live.session.stage === 'signed-in';
  return {
    signedIn,
    stage: live?.session.stage ?? null,
    user: live?.user ?? null,
    csrfToken: live?.session.csrfToken ?? null,
    capabilities: signedIn && live ? capabilities(actorOfUser(live.user, live.session.id)) : [],
    setupNeeded: live ? false : await setupNeeded(ctx),
    banner: SIGN_IN_BANNER,
  };
}
