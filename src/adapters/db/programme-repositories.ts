/**
 * Kysely implementations of the programme's repository ports, one code path for SQLite and
 * PostgreSQL.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  Authorisation,
  CircumstanceChange,
  CircumstanceKind,
  Declaration,
  DeclarationKind,
  LegalStatus,
  Member,
  MemberStatus,
  ProgrammeEvent,
  RotaEntry,
  ShiftDebrief,
  ShiftEndEvent,
  TaskAuthorisation,
  TrainingCompletion,
  TrainingModule,
  VettingRecord,
  WelfareCheckIn,
} from '../../core/programme/types.ts';
import type {
  AuthorisationPatch,
  AuthorisationRepository,
  MemberPatch,
  MemberRepository,
  ProgrammeEventRepository,
  ProgrammeRepositories,
  ReminderRepository,
  RotaRepository,
  TrainingRepository,
  VettingRepository,
  WelfareRepository,
} from '../../ports/programme-repositories.ts';
import type {
  AuthorisationsTable,
  MembersTable,
  RotaEntriesTable,
  TrainingCompletionsTable,
} from './programme-schema.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** SQLite limits bound parameters; chunk `IN (…)` lists. */
const CHUNK = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function memberFromRow(r: Selectable<MembersTable>): Member {
  return {
    id: r.id,
    ref: r.ref,
    displayName: r.display_name,
    email: r.email,
    phone: r.phone,
    status: r.status as MemberStatus,
    legalStatus: r.legal_status as LegalStatus | null,
    userId: r.user_id,
    pastGroupMembership: Number(r.past_group_membership) === 1,
    motivation: r.motivation,
    barredListCheck:
      r.barred_checked_at && r.barred_result
        ? { checkedAt: r.barred_checked_at, result: r.barred_result as 'clear' | 'barred' }
        : null,
    underInvestigationSince: r.under_investigation_since,
    appliedAt: r.applied_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

class KyselyMemberRepository implements MemberRepository {
  constructor(private readonly db: Db) {}

  async insert(m: Member): Promise<void> {
    await this.db
      .insertInto('members')
      .values({
        id: m.id,
        ref: m.ref,
        display_name: m.displayName,
        email: m.email,
        phone: m.phone,
        status: m.status,
        legal_status: m.legalStatus,
        user_id: m.userId,
        past_group_membership: m.pastGroupMembership ? 1 : 0,
        motivation: m.motivation,
        barred_checked_at: m.barredListCheck?.checkedAt ?? null,
        barred_result: m.barredListCheck?.result ?? null,
        under_investigation_since: m.underInvestigationSince,
        applied_at: m.appliedAt,
        created_at: m.createdAt,
        updated_at: m.updatedAt,
      })
      .execute();
  }

  async update(id: string, p: MemberPatch): Promise<void> {
    await this.db
      .updateTable('members')
      .set({
        updated_at: p.updatedAt,
        ...(p.displayName !== undefined ? { display_name: p.displayName } : {}),
        ...(p.email !== undefined ? { email: p.email } : {}),
        ...(p.phone !== undefined ? { phone: p.phone } : {}),
        ...(p.status !== undefined ? { status: p.status } : {}),
        ...(p.legalStatus !== undefined ? { legal_status: p.legalStatus } : {}),
        ...(p.userId !== undefined ? { user_id: p.userId } : {}),
        ...(p.barredListCheck !== undefined
          ? {
              barred_checked_at: p.barredListCheck?.checkedAt ?? null,
              barred_result: p.barredListCheck?.result ?? null,
            }
          : {}),
        ...(p.underInvestigationSince !== undefined
          ? { under_investigation_since: p.underInvestigationSince }
          : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async findById(id: string): Promise<Member | undefined> {
    const r = await this.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && memberFromRow(r);
  }

  async findByUserId(userId: string): Promise<Member | undefined> {
    const r = await this.db
      .selectFrom('members')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r && memberFromRow(r);
  }

  async list(): Promise<Member[]> {
    const rows = await this.db.selectFrom('members').selectAll().orderBy('ref').execute();
    return rows.map(memberFromRow);
  }

  async insertDeclaration(d: Declaration): Promise<void> {
    await this.db
      .insertInto('member_declarations')
      .values({
        id: d.id,
        member_id: d.memberId,
        kind: d.kind,
        case_id: d.caseId,
        description: d.description,
        declared_at: d.declaredAt,
        recorded_by: d.recordedBy,
      })
      .execute();
  }

  async declarationsOf(memberIds: readonly string[]): Promise<Declaration[]> {
    const out: Declaration[] = [];
    for (const part of chunks(memberIds)) {
      const rows = await this.db
        .selectFrom('member_declarations')
        .selectAll()
        .where('member_id', 'in', part)
        .orderBy('declared_at')
        .orderBy('id')
        .execute();
      for (const r of rows)
        out.push({
          id: r.id,
          memberId: r.member_id,
          kind: r.kind as DeclarationKind,
          caseId: r.case_id,
          description: r.description,
          declaredAt: r.declared_at,
          recordedBy: r.recorded_by,
        });
    }
    return out;
  }

  async insertCircumstance(c: CircumstanceChange): Promise<void> {
    await this.db
      .insertInto('member_circumstances')
      .values({
        id: c.id,
        member_id: c.memberId,
        kind: c.kind,
        note: c.note,
        reported_at: c.reportedAt,
        recorded_by: c.recordedBy,
      })
      .execute();
  }

  async circumstancesOf(memberId: string): Promise<CircumstanceChange[]> {
    const rows = await this.db
      .selectFrom('member_circumstances')
      .selectAll()
      .where('member_id', '=', memberId)
      .orderBy('reported_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      memberId: r.member_id,
      kind: r.kind as CircumstanceKind,
      note: r.note,
      reportedAt: r.reported_at,
      recordedBy: r.recorded_by,
    }));
  }
}

class KyselyVettingRepository implements VettingRepository {
  constructor(private readonly db: Db) {}

  async put(v: VettingRecord): Promise<void> {
    const row = {
      level: v.level,
      granted_at: v.grantedAt,
      expires_at: v.expiresAt,
      recorded_by: v.recordedBy,
      updated_at: v.updatedAt,
    };
    await this.db
      .insertInto('member_vetting')
      .values({ member_id: v.memberId, ...row })
      .onConflict((oc) => oc.column('member_id').doUpdateSet(row))
      .execute();
  }

  async findByMember(memberId: string): Promise<VettingRecord | undefined> {
    const r = await this.db
      .selectFrom('member_vetting')
      .selectAll()
      .where('member_id', '=', memberId)
      .executeTakeFirst();
    return (
      r && {
        memberId: r.member_id,
        level: r.level,
        grantedAt: r.granted_at,
        expiresAt: r.expires_at,
        recordedBy: r.recorded_by,
        updatedAt: r.updated_at,
      }
    );
  }

  async list(): Promise<VettingRecord[]> {
    const rows = await this.db.selectFrom('member_vetting').selectAll().execute();
    return rows.map((r) => ({
      memberId: r.member_id,
      level: r.level,
      grantedAt: r.granted_at,
      expiresAt: r.expires_at,
      recordedBy: r.recorded_by,
      updatedAt: r.updated_at,
    }));
  }
}

function completionFromRow(r: Selectable<TrainingCompletionsTable>): TrainingCompletion {
  return {
    id: r.id,
    memberId: r.member_id,
    moduleId: r.module_id,
    version: r.version,
    completedAt: r.completed_at,
    validUntil: r.valid_until,
    signedOffBy: r.signed_off_by,
    recordedAt: r.recorded_at,
  };
}

class KyselyTrainingRepository implements TrainingRepository {
  constructor(private readonly db: Db) {}

  async modules(): Promise<TrainingModule[]> {
    const rows = await this.db
      .selectFrom('training_modules')
      .selectAll()
      .orderBy('title')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      version: r.version,
      validityMonths: r.validity_months === null ? null : Number(r.validity_months),
      retired: Number(r.retired) === 1,
    }));
  }

  async findModule(id: string): Promise<TrainingModule | undefined> {
    return (await this.modules()).find((m) => m.id === id);
  }

  async putModule(m: TrainingModule): Promise<void> {
    const row = {
      title: m.title,
      version: m.version,
      validity_months: m.validityMonths,
      retired: m.retired ? 1 : 0,
    };
    await this.db
      .insertInto('training_modules')
      .values({ id: m.id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  async insertCompletion(c: TrainingCompletion): Promise<void> {
    await this.db
      .insertInto('training_completions')
      .values({
        id: c.id,
        member_id: c.memberId,
        module_id: c.moduleId,
        version: c.version,
        completed_at: c.completedAt,
        valid_until: c.validUntil,
        signed_off_by: c.signedOffBy,
        recorded_at: c.recordedAt,
      })
      .execute();
  }

  async completionsOf(memberIds: readonly string[]): Promise<TrainingCompletion[]> {
    const out: TrainingCompletion[] = [];
    for (const part of chunks(memberIds)) {
      const rows = await this.db
        .selectFrom('training_completions')
        .selectAll()
        .where('member_id', 'in', part)
        .orderBy('completed_at')
        .orderBy('id')
        .execute();
      out.push(...rows.map(completionFromRow));
    }
    return out;
  }

  async allCompletions(): Promise<TrainingCompletion[]> {
    const rows = await this.db
      .selectFrom('training_completions')
      .selectAll()
      .orderBy('completed_at')
      .orderBy('id')
      .execute();
    return rows.map(completionFromRow);
  }
}

function authorisationFromRow(r: Selectable<AuthorisationsTable>): Authorisation {
  return {
    id: r.id,
    ref: r.ref,
    operation: r.operation,
    taskTypes: JSON.parse(r.task_types) as string[],
    platforms: JSON.parse(r.platforms) as string[],
    startsAt: r.starts_at,
    reviewAt: r.review_at,
    expiresAt: r.expires_at,
    authorisingOfficerId: r.authorising_officer_id,
    officerInChargeId: r.officer_in_charge_id,
    supervisorId: r.supervisor_id,
    status: r.status as Authorisation['status'],
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

class KyselyAuthorisationRepository implements AuthorisationRepository {
  constructor(private readonly db: Db) {}

  async insert(a: Authorisation): Promise<void> {
    await this.db
      .insertInto('authorisations')
      .values({
        id: a.id,
        ref: a.ref,
        operation: a.operation,
        task_types: JSON.stringify(a.taskTypes),
        platforms: JSON.stringify(a.platforms),
        starts_at: a.startsAt,
        review_at: a.reviewAt,
        expires_at: a.expiresAt,
        authorising_officer_id: a.authorisingOfficerId,
        officer_in_charge_id: a.officerInChargeId,
        supervisor_id: a.supervisorId,
        status: a.status,
        cancelled_at: a.cancelledAt,
        cancel_reason: a.cancelReason,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      })
      .execute();
  }

  async update(id: string, p: AuthorisationPatch): Promise<void> {
    await this.db
      .updateTable('authorisations')
      .set({
        updated_at: p.updatedAt,
        ...(p.reviewAt !== undefined ? { review_at: p.reviewAt } : {}),
        ...(p.status !== undefined ? { status: p.status } : {}),
        ...(p.cancelledAt !== undefined ? { cancelled_at: p.cancelledAt } : {}),
        ...(p.cancelReason !== undefined ? { cancel_reason: p.cancelReason } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async findById(id: string): Promise<Authorisation | undefined> {
    const r = await this.db
      .selectFrom('authorisations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && authorisationFromRow(r);
  }

  async findByIds(ids: readonly string[]): Promise<Authorisation[]> {
    const out: Authorisation[] = [];
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('authorisations')
        .selectAll()
        .where('id', 'in', part)
        .execute();
      out.push(...rows.map(authorisationFromRow));
    }
    return out;
  }

  async list(): Promise<Authorisation[]> {
    const rows = await this.db
      .selectFrom('authorisations')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('ref', 'desc')
      .execute();
    return rows.map(authorisationFromRow);
  }

  async linkTask(l: TaskAuthorisation): Promise<void> {
    await this.db
      .insertInto('task_authorisations')
      .values({
        task_id: l.taskId,
        authorisation_id: l.authorisationId,
        officer_in_charge_id: l.officerInChargeId,
        supervisor_id: l.supervisorId,
        linked_at: l.linkedAt,
      })
      .execute();
  }

  async linkOf(taskId: string): Promise<TaskAuthorisation | undefined> {
    return (await this.linksOf([taskId]))[0];
  }

  async linksOf(taskIds: readonly string[]): Promise<TaskAuthorisation[]> {
    const out: TaskAuthorisation[] = [];
    for (const part of chunks(taskIds)) {
      const rows = await this.db
        .selectFrom('task_authorisations')
        .selectAll()
        .where('task_id', 'in', part)
        .execute();
      for (const r of rows)
        out.push({
          taskId: r.task_id,
          authorisationId: r.authorisation_id,
          officerInChargeId: r.officer_in_charge_id,
          supervisorId: r.supervisor_id,
          linkedAt: r.linked_at,
        });
    }
    return out;
  }

  async taskCounts(authorisationIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks(authorisationIds)) {
      const rows = await this.db
        .selectFrom('task_authorisations')
        .select(['authorisation_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('authorisation_id', 'in', part)
        .groupBy('authorisation_id')
        .execute();
      for (const r of rows) out.set(r.authorisation_id, Number(r.n));
    }
    return out;
  }
}

function rotaFromRow(r: Selectable<RotaEntriesTable>): RotaEntry {
  return {
    id: r.id,
    officerId: r.officer_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    cancelledAt: r.cancelled_at,
  };
}

class KyselyRotaRepository implements RotaRepository {
  constructor(private readonly db: Db) {}

  async insert(e: RotaEntry): Promise<void> {
    await this.db
      .insertInto('rota_entries')
      .values({
        id: e.id,
        officer_id: e.officerId,
        starts_at: e.startsAt,
        ends_at: e.endsAt,
        created_by: e.createdBy,
        created_at: e.createdAt,
        cancelled_at: e.cancelledAt,
      })
      .execute();
  }

  async cancel(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('rota_entries')
      .set({ cancelled_at: at })
      .where('id', '=', id)
      .where('cancelled_at', 'is', null)
      .execute();
  }

  async findById(id: string): Promise<RotaEntry | undefined> {
    const r = await this.db
      .selectFrom('rota_entries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && rotaFromRow(r);
  }

  async overlapping(from: string, to: string): Promise<RotaEntry[]> {
    const rows = await this.db
      .selectFrom('rota_entries')
      .selectAll()
      .where('starts_at', '<', to)
      .where('ends_at', '>', from)
      .orderBy('starts_at')
      .orderBy('id')
      .execute();
    return rows.map(rotaFromRow);
  }
}

class KyselyWelfareRepository implements WelfareRepository {
  constructor(private readonly db: Db) {}

  async insertShiftEnd(e: ShiftEndEvent): Promise<void> {
    await this.db
      .insertInto('shift_ends')
      .values({ id: e.id, user_id: e.userId, kind: e.kind, at: e.at })
      .execute();
  }

  async shiftEndsSince(userId: string | null, since: string): Promise<ShiftEndEvent[]> {
    let q = this.db.selectFrom('shift_ends').selectAll().where('at', '>=', since);
    if (userId !== null) q = q.where('user_id', '=', userId);
    const rows = await q.orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      kind: r.kind as ShiftEndEvent['kind'],
      at: r.at,
    }));
  }

  async insertCheckIn(c: WelfareCheckIn): Promise<void> {
    await this.db
      .insertInto('welfare_check_ins')
      .values({
        id: c.id,
        user_id: c.userId,
        shift_started_at: c.shiftStartedAt,
        at: c.at,
        wellbeing: c.wellbeing,
        wants_contact: c.wantsContact ? 1 : 0,
        note: c.note,
      })
      .execute();
  }

  async checkInsSince(userId: string | null, since: string): Promise<WelfareCheckIn[]> {
    let q = this.db.selectFrom('welfare_check_ins').selectAll().where('at', '>=', since);
    if (userId !== null) q = q.where('user_id', '=', userId);
    const rows = await q.orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      shiftStartedAt: r.shift_started_at,
      at: r.at,
      wellbeing: Number(r.wellbeing),
      wantsContact: Number(r.wants_contact) === 1,
      note: r.note,
    }));
  }

  async insertDebrief(d: ShiftDebrief): Promise<void> {
    await this.db
      .insertInto('shift_debriefs')
      .values({
        id: d.id,
        user_id: d.userId,
        shift_started_at: d.shiftStartedAt,
        at: d.at,
        by_officer_id: d.byOfficerId,
        notes: d.notes,
      })
      .execute();
  }

  async debriefsSince(since: string): Promise<ShiftDebrief[]> {
    const rows = await this.db
      .selectFrom('shift_debriefs')
      .selectAll()
      .where('shift_started_at', '>=', since)
      .orderBy('shift_started_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      shiftStartedAt: r.shift_started_at,
      at: r.at,
      byOfficerId: r.by_officer_id,
      notes: r.notes,
    }));
  }
}

class KyselyProgrammeEventRepository implements ProgrammeEventRepository {
  constructor(private readonly db: Db) {}

  async insert(e: ProgrammeEvent): Promise<void> {
    await this.db
      .insertInto('programme_events')
      .values({
        id: e.id,
        at: e.at,
        actor: e.actor,
        subject: e.subject,
        kind: e.kind,
        details: JSON.stringify(e.details),
      })
      .execute();
  }

  async listFor(subject: string): Promise<ProgrammeEvent[]> {
    const rows = await this.db
      .selectFrom('programme_events')
      .selectAll()
      .where('subject', '=', subject)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      subject: r.subject,
      kind: r.kind,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }

  async listKinds(kinds: readonly string[], from: string, to: string): Promise<ProgrammeEvent[]> {
    if (kinds.length === 0) return [];
    const rows = await this.db
      .selectFrom('programme_events')
      .selectAll()
      .where('kind', 'in', kinds)
      .where('at', '>=', from)
      .where('at', '<', to)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      subject: r.subject,
      kind: r.kind,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }
}

class KyselyReminderRepository implements ReminderRepository {
  constructor(private readonly db: Db) {}

  async wasSent(key: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('programme_reminders')
      .select('key')
      .where('key', '=', key)
      .executeTakeFirst();
    return r !== undefined;
  }

  async markSent(key: string, at: string): Promise<void> {
    await this.db
      .insertInto('programme_reminders')
      .values({ key, sent_at: at })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
}

/** The programme's repositories bound to a connection or transaction. */
export function programmeRepositories(db: Db): ProgrammeRepositories {
  return {
    members: new KyselyMemberRepository(db),
    vetting: new KyselyVettingRepository(db),
    training: new KyselyTrainingRepository(db),
    authorisations: new KyselyAuthorisationRepository(db),
    rota: new KyselyRotaRepository(db),
    welfare: new KyselyWelfareRepository(db),
    events: new KyselyProgrammeEventRepository(db),
    reminders: new KyselyReminderRepository(db),
  };
}
