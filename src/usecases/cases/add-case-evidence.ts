/**
 * Evidence an officer adds to their case (a chat export handed in at the station, a platform
 * disclosure): streamed through `ingestEvidence` with the officer's initials, one exhibit per file.
 */
import { CustosError } from '../../core/errors.ts';
import { caseHolder } from '../../core/retention/erasure.ts';
import { authorize } from '../../policies/authorize.ts';
import { recordAccess } from '../access-log/record-access.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, caseResource, custodyActor, nowIso } from '../desk-support.ts';
import { ingestEvidence } from '../evidence/ingest-evidence.ts';
import {
  handedInStream,
  limited,
  safeFileName,
  type IncomingFile,
} from '../intake/report-evidence.ts';
import { loadCase } from './view-case.ts';

/** Checks the actor may add evidence to the case before any byte is read. @throws `CASE_NOT_FOUND`, `POLICY_DENIED`. */
export async function authorizeCaseEvidence(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
): Promise<void> {
  authorize(actor, 'addEvidence', caseResource(await loadCase(ctx.uow.read, caseId)));
}

/**
 * Stores one file as an exhibit of the case.
 * @throws CustosError `CASE_NOT_FOUND`, `POLICY_DENIED`, `UPLOAD_TOO_LARGE`, `ACCOUNT_INITIALS_MISSING`.
 */
export async function addCaseEvidence(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
  file: IncomingFile,
): Promise<{
  id: string;
  ref: string;
  name: string;
  sha256: string;
  sizeBytes: number;
  status: string;
}> {
  const kase = await loadCase(ctx.uow.read, caseId);
  authorize(actor, 'addEvidence', caseResource(kase));
  const user = await ctx.uow.read.accounts.users.findById(actor.userId ?? '');
  if (!user)
    throw new CustosError(
      'internal',
      'ACCOUNT_INITIALS_MISSING',
      'the officer account has no initials for exhibit references',
    );
  const name = safeFileName(file.name);
  const result = await ingestEvidence(ctx, {
    handedIn: handedInStream(name, limited(file.stream, ctx.config.maxFileBytes, name)),
    initials: user.initials,
    actor: custodyActor(actor),
    note: `added to case ${kase.ref}`,
    timeZone: ctx.config.timeZone,
    defaultRegion: ctx.config.defaultRegion,
    holder: caseHolder(kase.id),
  });
  await ctx.uow.run(async (repos) => {
    await repos.desk.cases.assignExhibits(kase.id, [result.original.id]);
    await repos.desk.cases.insertEntry({
      id: ctx.ids.newId(),
      caseId: kase.id,
      at: nowIso(ctx),
      by: actor.userId ?? '',
      body: {
        kind: 'evidence-added',
        exhibitRefs: [result.original.ref, ...(result.transcript ? [result.transcript.ref] : [])],
      },
    });
    await repos.desk.cases.update(kase.id, { updatedAt: nowIso(ctx) });
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'collect',
      objectType: 'exhibit',
      objectId: result.original.id,
      objectRef: result.original.ref,
      caseId: kase.id,
      reasonCode: 'case-work',
    });
  });
  return {
    id: result.original.id,
    ref: result.original.ref,
    name,
    sha256: result.original.sha256,
    sizeBytes: result.original.sizeBytes,
    status: result.original.status,
  };
}
