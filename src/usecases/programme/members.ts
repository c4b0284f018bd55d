/**
 * Programme members (issue 6 §1–§3; legal-framework R1, R2, R5, R7, R9, R10): applications from
 * the public site, the member register, and every change a programme manager records — status
 * moves, legal status, the account link, declarations, changes of circumstance, the
 * investigation flag, the barred-list check, vetting and training completions. Every change is
 * a programme event (and a custody event with pseudonymous ids), and every read or change of a
 * member's record is in the access log.
 */
import { CustosError } from '../../core/errors.ts';
import {
  activationProblems,
  effectiveStatus,
  transitionProblems,
  TRANSITIONS,
} from '../../core/programme/members.ts';
import { moduleState, validUntilFor } from '../../core/programme/training.ts';
import type {
  CircumstanceKind,
  DeclarationKind,
  LegalStatus,
  Member,
  MemberStatus,
  TrainingModule,
} from '../../core/programme/types.ts';
import { vettingCurrent, type VettingLevel } from '../../core/programme/vetting.ts';
import { allowedActions, authorize } from '../../policies/authorize.ts';
import type { MemberPatch } from '../../ports/programme-repositories.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, custodyActor, nowIso, people, personOf } from '../desk-support.ts';
import { loadMember, managerIds, notifyUsers, recordProgrammeEvent } from './support.ts';

const memberResource = (m: Member) => ({ type: 'member' as const, userId: m.userId });

/** `M-<year>-<nnnn>`. */
function memberRef(year: number, n: number): string {
  return `M-${year}-${String(n).padStart(4, '0')}`;
}

/** The register line of a member at `nowMs`. */
async function summaryOf(
  repos: Repositories,
  m: Member,
  nowMs: number,
  modules: readonly TrainingModule[],
) {
  const vetting = (await repos.programme.vetting.findByMember(m.id)) ?? null;
  const completions = await repos.programme.training.completionsOf([m.id]);
  const eff = effectiveStatus(m, vetting, nowMs);
  const names = await people(repos, [m.userId]);
  const live = modules.filter((x) => !x.retired);
  return {
    id: m.id,
    ref: m.ref,
    displayName: m.displayName,
    status: m.status,
    effectiveStatus: eff.status,
    suspensionReason: eff.reason,
    legalStatus: m.legalStatus,
    account: m.userId ? personOf(names, m.userId) : null,
    vetting: vetting
      ? {
          level: vetting.level,
          grantedAt: vetting.grantedAt,
          expiresAt: vetting.expiresAt,
          current: vettingCurrent(vetting, nowMs),
        }
      : null,
    training: {
      current: live.filter((x) => moduleState(completions, x.id, nowMs).state === 'current').length,
      total: live.length,
    },
    pastGroupMembership: m.pastGroupMembership,
    underInvestigation: m.underInvestigationSince !== null,
    appliedAt: m.appliedAt,
  };
}

/** Who an event's pseudonymous actor is, in words. */
function actorName(actor: string, names: ReadonlyMap<string, { displayName: string }>): string {
  if (actor.startsWith('user:')) return names.get(actor.slice(5))?.displayName ?? 'unknown user';
  if (actor === 'public:application') return 'the applicant (public form)';
  if (actor.startsWith('system:')) return 'Custos (automatic)';
  if (actor.startsWith('cli:')) return 'command line';
  return actor;
}

/** The whole record of a member as a programme manager sees it. */
export async function memberDetail(
  ctx: DeskContext,
  repos: Repositories,
  actor: DeskActor,
  m: Member,
) {
  const nowMs = ctx.clock.now();
  const modules = await repos.programme.training.modules();
  const vetting = (await repos.programme.vetting.findByMember(m.id)) ?? null;
  const completions = await repos.programme.training.completionsOf([m.id]);
  const declarations = await repos.programme.members.declarationsOf([m.id]);
  const circumstances = await repos.programme.members.circumstancesOf(m.id);
  const events = await repos.programme.events.listFor(`member:${m.id}`);
  const cases = new Map(
    (
      await repos.desk.cases.findByIds(declarations.flatMap((d) => (d.caseId ? [d.caseId] : [])))
    ).map((c) => [c.id, c.ref]),
  );
  const names = await people(repos, [
    ...declarations.map((d) => d.recordedBy),
    ...circumstances.map((c) => c.recordedBy),
    ...completions.map((c) => c.signedOffBy),
    ...events.filter((e) => e.actor.startsWith('user:')).map((e) => e.actor.slice(5)),
  ]);
  const shownModules = modules.filter(
    (x) => !x.retired || completions.some((c) => c.moduleId === x.id),
  );
  return {
    ...(await summaryOf(repos, m, nowMs, modules)),
    email: m.email,
    phone: m.phone,
    motivation: m.motivation,
    barredListCheck: m.barredListCheck,
    underInvestigationSince: m.underInvestigationSince,
    declarations: declarations.map((d) => ({
      id: d.id,
      kind: d.kind,
      caseRef: d.caseId ? (cases.get(d.caseId) ?? null) : null,
      description: d.description,
      declaredAt: d.declaredAt,
      recordedBy: d.recordedBy ? personOf(names, d.recordedBy) : null,
    })),
    circumstances: circumstances.map((c) => ({
      id: c.id,
      kind: c.kind,
      note: c.note,
      reportedAt: c.reportedAt,
      recordedBy: personOf(names, c.recordedBy),
    })),
    trainingRecord: shownModules.map((x) => {
      const s = moduleState(completions, x.id, nowMs);
      return {
        moduleId: x.id,
        title: x.title,
        state: s.state,
        version: s.completion?.version ?? null,
        completedAt: s.completion?.completedAt ?? null,
        validUntil: s.completion?.validUntil ?? null,
        signedOffBy: s.completion ? personOf(names, s.completion.signedOffBy) : null,
      };
    }),
    events: events.map((e) => ({
      at: e.at,
      kind: e.kind,
      by: actorName(e.actor, names),
      details: { ...e.details },
    })),
    nextStatuses: TRANSITIONS[m.status].filter(
      (to) => transitionProblems(m, to, vetting, nowMs).length === 0,
    ),
    activationProblems: activationProblems(m, vetting, nowMs),
    allowed: allowedActions(actor, memberResource(m)),
  };
}

export interface ApplicationInput {
  readonly name: string;
  readonly email: string;
  readonly phone?: string | undefined;
  readonly pastGroupMembership: boolean;
  readonly pastGroups?: string | undefined;
  readonly channels?: string | undefined;
  readonly connections?: string | undefined;
  readonly motivation: string;
}

/**
 * An application from the public site: a member record in status `applicant` with the
 * declarations made on the form (past group membership is declared, not disqualifying; R5).
 * Programme managers are told in the app.
 * @returns the member's reference for the applicant to quote.
 */
export async function applyToJoin(
  ctx: DeskContext,
  actor: DeskActor,
  input: ApplicationInput,
): Promise<{ reference: string }> {
  authorize(actor, 'apply', { type: 'members' });
  return ctx.uow.run(async (repos) => {
    const now = nowIso(ctx);
    const year = new Date(now).getUTCFullYear();
    const m: Member = {
      id: ctx.ids.newId(),
      ref: memberRef(year, await repos.desk.counters.next(`member-${year}`)),
      displayName: input.name,
      email: input.email,
      phone: input.phone ?? null,
      status: 'applicant',
      legalStatus: null,
      userId: null,
      pastGroupMembership: input.pastGroupMembership,
      motivation: input.motivation,
      barredListCheck: null,
      underInvestigationSince: null,
      appliedAt: now,
      createdAt: now,
      updatedAt: now,
    };
    await repos.programme.members.insert(m);
    const declared: [DeclarationKind, string | undefined][] = [
      [
        'past-group',
        input.pastGroupMembership ? (input.pastGroups ?? 'declared on the application') : undefined,
      ],
      ['social-channel', input.channels],
      [
        'other',
        input.connections
          ? `Connections declared on the application: ${input.connections}`
          : undefined,
      ],
    ];
    for (const [kind, description] of declared)
      if (description?.trim())
        await repos.programme.members.insertDeclaration({
          id: ctx.ids.newId(),
          memberId: m.id,
          kind,
          caseId: null,
          description: description.trim(),
          declaredAt: now,
          recordedBy: null,
        });
    await recordProgrammeEvent(ctx, repos, {
      actor: 'public:application',
      subject: `member:${m.id}`,
      kind: 'applied',
      details: { ref: m.ref, pastGroupMembership: m.pastGroupMembership },
      custody: true,
    });
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'collect',
      objectType: 'member',
      objectId: m.id,
      objectRef: m.ref,
      reasonCode: 'application',
    });
    await notifyUsers(ctx, repos, await managerIds(repos), {
      kind: 'application-received',
      title: `New application to join: ${m.ref}`,
      link: { type: 'member', id: m.id },
    });
    return { reference: m.ref };
  });
}

/** The member register and the volunteer accounts without a member record. @throws `POLICY_DENIED`. */
export async function listMembers(ctx: DeskContext, actor: DeskActor) {
  authorize(actor, 'list', { type: 'members' });
  const repos = ctx.uow.read;
  const nowMs = ctx.clock.now();
  const modules = await repos.programme.training.modules();
  const members = await repos.programme.members.list();
  const linked = new Set(members.map((m) => m.userId));
  const volunteers = await repos.accounts.users.listActiveByRole('volunteer');
  await ctx.uow.run((w) =>
    recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'member-register',
      objectId: 'all',
      reasonCode: 'programme',
    }),
  );
  return {
    items: await Promise.all(members.map((m) => summaryOf(repos, m, nowMs, modules))),
    unlinkedVolunteers: volunteers
      .filter((u) => !linked.has(u.id))
      .map((u) => ({ id: u.id, displayName: u.displayName })),
  };
}

/** One member's record (a logged consultation). @throws `MEMBER_NOT_FOUND`, `POLICY_DENIED`. */
export async function viewMember(ctx: DeskContext, actor: DeskActor, memberId: string) {
  const m = await loadMember(ctx.uow.read, memberId);
  authorize(actor, 'view', memberResource(m));
  await ctx.uow.run((w) =>
    recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'member',
      objectId: m.id,
      objectRef: m.ref,
      reasonCode: 'programme',
    }),
  );
  return memberDetail(ctx, ctx.uow.read, actor, m);
}

/** Checks that `userId` is an active volunteer account without a member record. */
async function linkableAccount(repos: Repositories, userId: string, memberId: string | null) {
  const user = await repos.accounts.users.findById(userId);
  if (!user || user.role !== 'volunteer' || user.status === 'disabled')
    throw new CustosError(
      'invalid-input',
      'MEMBER_ACCOUNT_INVALID',
      'a member is linked to a volunteer account (invited or active)',
    );
  const other = await repos.programme.members.findByUserId(userId);
  if (other && other.id !== memberId)
    throw new CustosError(
      'conflict',
      'MEMBER_ACCOUNT_TAKEN',
      `that account is already the account of member ${other.ref}`,
    );
  return user;
}

/** A member recorded by a programme manager (for example, one who applied on paper). */
export async function createMember(
  ctx: DeskContext,
  actor: DeskActor,
  input: {
    displayName: string;
    email?: string | undefined;
    phone?: string | undefined;
    userId?: string | undefined;
    pastGroupMembership: boolean;
  },
) {
  authorize(actor, 'create', { type: 'members' });
  const m = await ctx.uow.run(async (repos) => {
    if (input.userId) await linkableAccount(repos, input.userId, null);
    const now = nowIso(ctx);
    const year = new Date(now).getUTCFullYear();
    const m: Member = {
      id: ctx.ids.newId(),
      ref: memberRef(year, await repos.desk.counters.next(`member-${year}`)),
      displayName: input.displayName,
      email: input.email ?? null,
      phone: input.phone ?? null,
      status: 'applicant',
      legalStatus: null,
      userId: input.userId ?? null,
      pastGroupMembership: input.pastGroupMembership,
      motivation: null,
      barredListCheck: null,
      underInvestigationSince: null,
      appliedAt: now,
      createdAt: now,
      updatedAt: now,
    };
    await repos.programme.members.insert(m);
    await recordProgrammeEvent(ctx, repos, {
      actor: custodyActor(actor),
      subject: `member:${m.id}`,
      kind: 'recorded',
      details: { ref: m.ref, account: m.userId ? `user:${m.userId}` : null },
      custody: true,
    });
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'collect',
      objectType: 'member',
      objectId: m.id,
      objectRef: m.ref,
      reasonCode: 'programme',
    });
    return m;
  });
  return memberDetail(ctx, ctx.uow.read, actor, m);
}

/**
 * The shape every change to a member takes: load and authorize, then in one unit of work the
 * checks, the change, its programme (and custody) event and the access-log entry.
 */
async function changeMember(
  ctx: DeskContext,
  actor: DeskActor,
  memberId: string,
  change: {
    readonly kind: string;
    readonly details?: (m: Member) => Record<string, unknown>;
    readonly apply: (m: Member, repos: Repositories, now: string) => Promise<MemberPatch | null>;
    readonly after?: (m: Member, repos: Repositories) => Promise<void>;
  },
) {
  const first = await loadMember(ctx.uow.read, memberId);
  authorize(actor, 'change', memberResource(first));
  const updated = await ctx.uow.run(async (repos) => {
    const m = await loadMember(repos, memberId);
    const now = nowIso(ctx);
    const patch = await change.apply(m, repos, now);
    if (patch) await repos.programme.members.update(m.id, patch);
    const next: Member = patch ? { ...m, ...patch } : m;
    await recordProgrammeEvent(ctx, repos, {
      actor: custodyActor(actor),
      subject: `member:${m.id}`,
      kind: change.kind,
      details: change.details?.(next) ?? {},
      custody: true,
    });
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'change',
      objectType: 'member',
      objectId: m.id,
      objectRef: m.ref,
      reasonCode: 'programme',
    });
    await change.after?.(next, repos);
    return next;
  });
  return memberDetail(ctx, ctx.uow.read, actor, updated);
}

/**
 * Moves a member to another status (applicant → vetting → training → active; suspended; left).
 * @throws CustosError `MEMBER_TRANSITION_INVALID` (conflict) naming why (not a permitted move;
 *   vetting, legal status, account, barred-list check or an investigation in the way).
 */
export async function setMemberStatus(
  ctx: DeskContext,
  actor: DeskActor,
  memberId: string,
  input: { status: MemberStatus; reason?: string | undefined },
) {
  let from: MemberStatus = 'applicant';
  return changeMember(ctx, actor, memberId, {
    kind: 'status-changed',
    details: (m) => ({ from, to: m.status, reason: input.reason ?? null }),
    apply: async (m, repos, now) => {
      from = m.status;
      const vetting = (await repos.programme.vetting.findByMember(m.id)) ?? null;
      const problems = transitionProblems(m, input.status, vetting, ctx.clock.now());
      if (problems.length)
        throw new CustosError(
          'conflict',
          'MEMBER_TRANSITION_INVALID',
          `${m.ref} cannot become ${input.status}: ${problems.join('; ')}`,
          { details: { problems } },
        );
      return { status: input.status, updatedAt: now };
    },
  });
}

/** Records the member's legal status (R1: changed only by the programme, every change logged). */
export async function setLegalStatus(
  ctx: DeskContext,
  actor: DeskActor,
  memberId: string,
  legalStatus: LegalStatus,
) {
  return changeMember(ctx, actor, memberId, {
    kind: 'legal-status-changed',
    details: (m) => ({ legalStatus: m.legalStatus }),
    apply: (_m, _r, now) => Promise.resolve({ legalStatus, updatedAt: now }),
  });
}

/**
 * Links the member to a volunteer account (a volunteer account is a member).
 * @throws CustosError `MEMBER_ACCOUNT_INVALID` (not a volunteer account), `MEMBER_ACCOUNT_TAKEN`.
 */
export async function linkAccount(
  ctx: DeskContext,
  actor: DeskActor,
  memberId: string,
  userId: string,
) {
  return changeMember(ctx, actor, memberId, {
    kind: 'account-linked',
    details: (m) => ({ account: `user:${m.userId ?? ''}` }),
    apply: async (m, repos, now) => {
      await linkableAccount(repos, userId, m.id);
      return { userId, updatedAt: now };
    },
  });
}

/**
 * Records a declaration: a past group, a channel the member controls, or a connection to a case
 * (assignment to that case is then blocked by the gate).
 * @throws CustosError `DECLARATION_CASE_REQUIRED` (invalid-input), `CASE_REF_UNKNOWN` (invalid-input).
 */
export async function addDeclaration(
  ctx: DeskContext,
  actor: DeskActor,
  memberId: string,
  input: { kind: DeclarationKind; caseRef?: string | undefined; description: string },
) {
  let declarationId = '';
  return changeMember(ctx, actor, memberId, {
    kind: 'declaration-recorded',
    details: () => ({ declaration: declarationId, kind: input.kind }),
    apply: async (m, repos, now) => {
      let caseId: string | null = null;
      if (input.kind === 'case-connection') {
        if (!input.caseRef)
          throw new CustosError(
            'invalid-input',
            'DECLARATION_CASE_REQUIRED',
            'a connection to a case names the case reference (C-2026-0001)',
          );
        const ref = input.caseRef.trim().toUpperCase();
        const kase = (await repos.desk.cases.listAll()).find((c) => c.ref === ref);
        if (!kase)
          throw new CustosError('invalid-input', 'CASE_REF_UNKNOWN', `there is no case ${ref}`);
        caseId = kase.id;
      }
      declarationId = ctx.ids.newId();
      await repos.programme.members.insertDeclaration({
        id: declarationId,
        memberId: m.id,
        kind: input.kind,
        caseId,
        description: input.description,
        declaredAt: now,
        recordedBy: actor.userId,
      });
      return null;
    },
  });
}

/** Records a change of circumstance the member reported (R9 aftercare). */
export async function addCircumstance(
  ctx: DeskContext,
  actor: DeskActor,
  memberId: string,
  input: { kind: CircumstanceKind; note: string; reportedAt?: string | undefined },
) {
  return changeMember(ctx, actor, memberId, {
    kind: 'circumstance-reported',
    details: () => ({ kind: input.kind }),
    apply: async (m, repos, now) => {
      await repos.programme.members.insertCircumstance({
        id: ctx.ids.newId(),
        memberId: m.id,
        kind: input.kind,
        note: input.note,
        reportedAt: input.reportedAt ?? now,
        recordedBy: actor.userId ?? '',
      });
      return null;
    },
  });
}

/**
 * Marks a member as under investigation (access is suspended at once and an application stops,
 * R9) or clears the mark. The member is told in the app.
 */
export async function setInvestigation(
  ctx: DeskContext,
  actor: DeskActor,
  memberId: string,
  input: { underInvestigation: boolean; note?: string | undefined },
) {
  return changeMember(ctx, actor, memberId, {
    kind: input.underInvestigation ? 'investigation-marked' : 'investigation-cleared',
    details: () => ({ note: input.note ?? null }),
    apply: (m, _r, now) =>
      Promise.resolve({
        underInvestigationSince: input.underInvestigation
          ? (m.underInvestigationSince ?? now)
          : null,
        updatedAt: now,
      }),
    after: async (m, repos) => {
      if (input.underInvestigation && m.userId)
        await notifyUsers(ctx, repos, [m.userId], {
          kind: 'access-suspended',
          title: 'Your access to tasks is paused. The programme manager will contact you.',
          link: { type: 'own-record', id: m.id },
        });
    },
  });
}

/** Records the College barred-list check (PCA 2017 s42; R2): a `barred` result blocks activation. */
export async function recordBarredListCheck(
  ctx: DeskContext,
  actor: DeskActor,
  memberId: string,
  input: { checkedAt: string; result: 'clear' | 'barred' },
) {
  return changeMember(ctx, actor, memberId, {
    kind: 'barred-list-checked',
    details: () => ({ result: input.result, checkedAt: input.checkedAt }),
    apply: (_m, _r, now) =>
      Promise.resolve({
        barredListCheck: { checkedAt: input.checkedAt, result: input.result },
        updatedAt: now,
      }),
  });
}

/**
 * Records the member's vetting clearance (level, grant, expiry). Reminders follow at the
 * configured days before expiry; access is suspended at expiry.
 * @throws CustosError `VETTING_DATES_INVALID` (invalid-input) when expiry is not after the grant.
 */
export async function recordVetting(
  ctx: DeskContext,
  actor: DeskActor,
  memberId: string,
  input: { level: VettingLevel; grantedAt: string; expiresAt: string },
) {
  if (Date.parse(input.expiresAt) <= Date.parse(input.grantedAt))
    throw new CustosError(
      'invalid-input',
      'VETTING_DATES_INVALID',
      'the vetting expiry must be after the date it was granted',
    );
  return changeMember(ctx, actor, memberId, {
    kind: 'vetting-recorded',
    details: () => ({ level: input.level, grantedAt: input.grantedAt, expiresAt: input.expiresAt }),
    apply: async (m, repos, now) => {
      await repos.programme.vetting.put({
        memberId: m.id,
        level: input.level,
        grantedAt: input.grantedAt,
        expiresAt: input.expiresAt,
        recordedBy: actor.userId ?? '',
        updatedAt: now,
      });
      return null;
    },
  });
}

/**
 * Records a completed training module, signed off by the recording manager: the version in force
 * and the lapse date from the module's validity.
 * @throws CustosError `TRAINING_MODULE_UNKNOWN` (invalid-input), `TRAINING_DATE_INVALID` (in the future).
 */
export async function recordCompletion(
  ctx: DeskContext,
  actor: DeskActor,
  memberId: string,
  input: { moduleId: string; completedAt: string },
) {
  if (Date.parse(input.completedAt) > ctx.clock.now())
    throw new CustosError(
      'invalid-input',
      'TRAINING_DATE_INVALID',
      'a completion cannot be dated in the future',
    );
  return changeMember(ctx, actor, memberId, {
    kind: 'training-completed',
    details: () => ({ module: input.moduleId, completedAt: input.completedAt }),
    apply: async (m, repos, now) => {
      const module = await repos.programme.training.findModule(input.moduleId);
      if (!module || module.retired)
        throw new CustosError(
          'invalid-input',
          'TRAINING_MODULE_UNKNOWN',
          `there is no training module ${input.moduleId} in the catalogue`,
        );
      await repos.programme.training.insertCompletion({
        id: ctx.ids.newId(),
        memberId: m.id,
        moduleId: module.id,
        version: module.version,
        completedAt: input.completedAt,
        validUntil: validUntilFor(input.completedAt, module),
        signedOffBy: actor.userId ?? '',
        recordedAt: now,
      });
      return null;
    },
  });
}
