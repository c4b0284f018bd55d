/**
 * Kysely implementations of the account, desk and access-log repository ports, one code path for
 * SQLite and PostgreSQL.
 */
import {
  NoResultError,
  type Insertable,
  type Kysely,
  type Selectable,
  type Transaction,
} from 'kysely';
import type { AccessAction, AccessEntry } from '../../core/access-log/entry.ts';
import type {
  Annotation,
  Case,
  CaseEntry,
  CaseEntryBody,
  CaseJustification,
  DeconflictionHit,
  Notification,
  NotificationKind,
  Report,
  ReportSelector,
  Task,
  TaskView,
  TriageOverride,
} from '../../core/cases/types.ts';
import type { Outcome } from '../../core/cases/referral.ts';
import type { TaskType } from '../../core/cases/task-types.ts';
import type { Band } from '../../core/triage/types.ts';
import type { AccessLogFilter, AccessLogRepository } from '../../ports/access-log.ts';
import type {
  AccountRepositories,
  LoginAttemptRepository,
  OneTimePurpose,
  OneTimeToken,
  OneTimeTokenRepository,
  Session,
  SessionRepository,
  SessionStage,
  User,
  UserPatch,
  UserRepository,
  UserStatus,
} from '../../ports/account-repositories.ts';
import type {
  CasePatch,
  CaseRepository,
  CaseSelector,
  CounterRepository,
  DeconflictionRepository,
  DeskRepositories,
  NotificationRepository,
  ReportPatch,
  ReportRepository,
  SettingsRepository,
  TaskPatch,
  TaskRepository,
} from '../../ports/desk-repositories.ts';
import type {
  AccessLogTable,
  CasesTable,
  DeconflictionHitsTable,
  ReportSelectorsTable,
  ReportsTable,
  TasksTable,
  UsersTable,
} from './desk-schema.ts';
import { prepared } from './prepared.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** SQLite limits bound parameters; chunk `IN (…)` lists. */
const CHUNK = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

// Queries on the path of every public report, compiled once (prepared.ts).
const insertReport = prepared((db, row: Insertable<ReportsTable>) =>
  db.insertInto('reports').values(row),
);
const insertSelectorRows = prepared((db, rows: Insertable<ReportSelectorsTable>[]) =>
  db.insertInto('report_selectors').values(rows),
);
const selectorsOfReports = prepared((db, ids: string[]) =>
  db
    .selectFrom('report_selectors')
    .selectAll()
    .where('report_id', 'in', ids)
    .orderBy('report_id')
    .orderBy('id'),
);
const SELECTOR_COLUMNS = [
  's.id',
  's.report_id',
  's.kind',
  's.match_key',
  's.value',
  's.source',
  's.exhibit_id',
  's.message_index',
  's.case_id',
] as const;
// Selectors of reports in cases: by the partial index on match_key (case_id not null). Every
// branch of the OR repeats `case_id is not null`: SQLite's planner picks a partial index for an
// OR branch only when that branch implies the index's condition, and would otherwise walk every
// selector with the key, queued ones included (thousands for an often-reported name).
const caseSelectorsMatching = prepared(
  (db, a: { keys: string[]; ranges: { from: string; to: string }[] }) =>
    db
      .selectFrom('report_selectors as s')
      .select(SELECTOR_COLUMNS)
      .where((eb) =>
        eb.or([
          ...(a.keys.length
            ? [eb.and([eb('s.case_id', 'is not', null), eb('s.match_key', 'in', a.keys)])]
            : []),
          ...a.ranges.map((r) =>
            eb.and([
              eb('s.case_id', 'is not', null),
              eb('s.match_key', '>=', r.from),
              eb('s.match_key', '<', r.to),
            ]),
          ),
        ]),
      )
      .orderBy('s.id'),
);
const nextCounter = prepared((db, a: { name: string }) =>
  db
    .updateTable('counters')
    .set((eb) => ({ last: eb('last', '+', 1) }))
    .where('name', '=', a.name)
    .returning('last'),
);
const setCounter = prepared((db, a: { last: number; name: string }) =>
  db.updateTable('counters').set({ last: a.last }).where('name', '=', a.name),
);
const lockAccessHead = prepared((db, _: Record<string, never>) =>
  db
    .updateTable('access_log_head')
    .set((eb) => ({ size: eb.ref('size') }))
    .where('id', '=', 1)
    .returning(['size', 'last_hash']),
);
const setAccessHead = prepared((db, a: { size: number; lastHash: string }) =>
  db
    .updateTable('access_log_head')
    .set({ size: a.size, last_hash: a.lastHash })
    .where('id', '=', 1),
);
const insertAccessEntry = prepared((db, row: Insertable<AccessLogTable>) =>
  db.insertInto('access_log').values(row),
);

// ---------------------------------------------------------------- accounts

function userFromRow(r: Selectable<UsersTable>): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    initials: r.initials,
    role: r.role,
    status: r.status as UserStatus,
    passwordHash: r.password_hash,
    totpSecret: r.totp_secret,
    totpPendingSecret: r.totp_pending_secret,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastSignInAt: r.last_sign_in_at,
  };
}

class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Db) {}

  async insert(u: User): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: u.id,
        username: u.username,
        display_name: u.displayName,
        initials: u.initials,
        role: u.role,
        status: u.status,
        password_hash: u.passwordHash,
        totp_secret: u.totpSecret,
        totp_pending_secret: u.totpPendingSecret,
        created_at: u.createdAt,
        updated_at: u.updatedAt,
        last_sign_in_at: u.lastSignInAt,
      })
      .execute();
  }

  async update(id: string, p: UserPatch): Promise<void> {
    await this.db
      .updateTable('users')
      .set({
        updated_at: p.updatedAt,
        ...(p.displayName !== undefined ? { display_name: p.displayName } : {}),
        ...(p.role !== undefined ? { role: p.role } : {}),
        ...(p.status !== undefined ? { status: p.status } : {}),
        ...(p.passwordHash !== undefined ? { password_hash: p.passwordHash } : {}),
        ...(p.totpSecret !== undefined ? { totp_secret: p.totpSecret } : {}),
        ...(p.totpPendingSecret !== undefined ? { totp_pending_secret: p.totpPendingSecret } : {}),
        ...(p.lastSignInAt !== undefined ? { last_sign_in_at: p.lastSignInAt } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async findById(id: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && userFromRow(r);
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const r = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return r && userFromRow(r);
  }

  async findByIds(ids: readonly string[]): Promise<User[]> {
    const out: User[] = [];
    for (const part of chunks([...new Set(ids)])) {
      if (part.length === 0) continue;
      const rows = await this.db.selectFrom('users').selectAll().where('id', 'in', part).execute();
      out.push(...rows.map(userFromRow));
    }
    return out;
  }

  async list(): Promise<User[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('username').execute()).map(
      userFromRow,
    );
  }

  async listActiveByRole(role: string): Promise<User[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('role', '=', role)
      .where('status', '=', 'active')
      .orderBy('display_name')
      .orderBy('id')
      .execute();
    return rows.map(userFromRow);
  }

  async count(role: string, status: UserStatus): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', role)
      .where('status', '=', status)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async claimTotpStep(id: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}

class KyselySessionRepository implements SessionRepository {
  constructor(private readonly db: Db) {}

  async insert(s: Session): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        user_id: s.userId,
        stage: s.stage,
        csrf_token: s.csrfToken,
        created_at: s.createdAt,
        last_seen_at: s.lastSeenAt,
        expires_at: s.expiresAt,
        revoked_at: s.revokedAt,
      })
      .execute();
  }

  async findById(id: string): Promise<Session | undefined> {
    const r = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        userId: r.user_id,
        stage: r.stage as SessionStage,
        csrfToken: r.csrf_token,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
        revokedAt: r.revoked_at,
      }
    );
  }

  async setStage(id: string, stage: SessionStage, at: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ stage, last_seen_at: at })
      .where('id', '=', id)
      .execute();
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeAllForUser(userId: string, at: string, exceptId?: string): Promise<number> {
    let q = this.db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

class KyselyLoginAttemptRepository implements LoginAttemptRepository {
  constructor(private readonly db: Db) {}

  async record(a: {
    id: string;
    at: string;
    username: string;
    ip: string;
    ok: boolean;
  }): Promise<void> {
    await this.db
      .insertInto('login_attempts')
      .values({ id: a.id, at: a.at, username: a.username, ip: a.ip, ok: a.ok ? 1 : 0 })
      .execute();
  }

  async failuresForUsername(username: string, since: string): Promise<number> {
    const last = await this.db
      .selectFrom('login_attempts')
      .select('at')
      .where('username', '=', username)
      .where('ok', '=', 1)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const from = last && last.at > since ? last.at : since;
    const r = await this.db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('username', '=', username)
      .where('ok', '=', 0)
      .where('at', '>', from)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async failuresForIp(ip: string, since: string): Promise<number> {
    const r = await this.db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip', '=', ip)
      .where('ok', '=', 0)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

class KyselyOneTimeTokenRepository implements OneTimeTokenRepository {
  constructor(private readonly db: Db) {}

  async insert(t: OneTimeToken): Promise<void> {
    await this.db
      .insertInto('one_time_tokens')
      .values({
        id: t.id,
        token_hash: t.tokenHash,
        purpose: t.purpose,
        user_id: t.userId,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
        used_at: t.usedAt,
      })
      .execute();
  }

  async findByHash(tokenHash: string): Promise<OneTimeToken | undefined> {
    const r = await this.db
      .selectFrom('one_time_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        tokenHash: r.token_hash,
        purpose: r.purpose as OneTimePurpose,
        userId: r.user_id,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        usedAt: r.used_at,
      }
    );
  }

  async markUsed(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('one_time_tokens')
      .set({ used_at: at })
      .where('id', '=', id)
      .execute();
  }

  async invalidate(purpose: OneTimePurpose, userId: string | null, at: string): Promise<void> {
    let q = this.db
      .updateTable('one_time_tokens')
      .set({ used_at: at })
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null);
    if (userId !== null) q = q.where('user_id', '=', userId);
    await q.execute();
  }
}

// ---------------------------------------------------------------- reports

function reportFromRow(r: Selectable<ReportsTable>): Report {
  return {
    id: r.id,
    ref: r.ref,
    receiptHash: r.receipt_hash,
    status: r.status as Report['status'],
    source: r.source as Report['source'],
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    dangerNow: r.danger_now as Report['dangerNow'],
    whatHappened: r.what_happened,
    platform: r.platform,
    platformOther: r.platform_other,
    identifiers: JSON.parse(r.identifiers) as string[],
    childAge: r.child_age,
    reporterRelation: r.reporter_relation,
    contact: r.contact ? (JSON.parse(r.contact) as Report['contact']) : null,
    caseId: r.case_id,
    closedReason: r.closed_reason,
    uploadTokenHash: r.upload_token_hash,
    uploadExpiresAt: r.upload_expires_at,
    uploadFiles: r.upload_files,
    uploadBytes: Number(r.upload_bytes),
    deconfliction: r.deconfliction as Report['deconfliction'],
  };
}

class KyselyReportRepository implements ReportRepository {
  constructor(private readonly db: Db) {}

  async insert(r: Report): Promise<void> {
    await insertReport(this.db, {
      id: r.id,
      ref: r.ref,
      receipt_hash: r.receiptHash,
      status: r.status,
      source: r.source,
      received_at: r.receivedAt,
      updated_at: r.updatedAt,
      danger_now: r.dangerNow,
      what_happened: r.whatHappened,
      platform: r.platform,
      platform_other: r.platformOther,
      identifiers: JSON.stringify(r.identifiers),
      child_age: r.childAge,
      reporter_relation: r.reporterRelation,
      contact: r.contact ? JSON.stringify(r.contact) : null,
      case_id: r.caseId,
      closed_reason: r.closedReason,
      upload_token_hash: r.uploadTokenHash,
      upload_expires_at: r.uploadExpiresAt,
      upload_files: r.uploadFiles,
      upload_bytes: r.uploadBytes,
      deconfliction: r.deconfliction,
    });
  }

  async update(id: string, p: ReportPatch): Promise<void> {
    await this.db
      .updateTable('reports')
      .set({
        updated_at: p.updatedAt,
        ...(p.status !== undefined ? { status: p.status } : {}),
        ...(p.caseId !== undefined ? { case_id: p.caseId } : {}),
        ...(p.closedReason !== undefined ? { closed_reason: p.closedReason } : {}),
        ...(p.uploadTokenHash !== undefined ? { upload_token_hash: p.uploadTokenHash } : {}),
        ...(p.uploadExpiresAt !== undefined ? { upload_expires_at: p.uploadExpiresAt } : {}),
        ...(p.uploadFiles !== undefined ? { upload_files: p.uploadFiles } : {}),
        ...(p.uploadBytes !== undefined ? { upload_bytes: p.uploadBytes } : {}),
        ...(p.deconfliction !== undefined ? { deconfliction: p.deconfliction } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async findById(id: string): Promise<Report | undefined> {
    const r = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && reportFromRow(r);
  }

  async findByReceiptHash(hash: string): Promise<Report | undefined> {
    const r = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('receipt_hash', '=', hash)
      .executeTakeFirst();
    return r && reportFromRow(r);
  }

  async findByIds(ids: readonly string[]): Promise<Report[]> {
    const out: Report[] = [];
    for (const part of chunks([...new Set(ids)])) {
      if (part.length === 0) continue;
      out.push(
        ...(await this.db.selectFrom('reports').selectAll().where('id', 'in', part).execute()).map(
          reportFromRow,
        ),
      );
    }
    return out;
  }

  async listByStatus(statuses: readonly Report['status'][]): Promise<Report[]> {
    if (statuses.length === 0) return [];
    const rows = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('status', 'in', [...statuses])
      .orderBy('received_at')
      .orderBy('id')
      .execute();
    return rows.map(reportFromRow);
  }

  async listByCase(caseId: string): Promise<Report[]> {
    const rows = await this.db
      .selectFrom('reports')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('received_at')
      .orderBy('id')
      .execute();
    return rows.map(reportFromRow);
  }

  async addExhibit(reportId: string, exhibitId: string, position: number): Promise<void> {
    await this.db
      .insertInto('report_exhibits')
      .values({ report_id: reportId, exhibit_id: exhibitId, position })
      .execute();
  }

  async exhibitIds(reportId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('report_exhibits')
      .select('exhibit_id')
      .where('report_id', '=', reportId)
      .orderBy('position')
      .execute();
    return rows.map((r) => r.exhibit_id);
  }

  async exhibitCounts(reportIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks([...new Set(reportIds)])) {
      if (part.length === 0) continue;
      const rows = await this.db
        .selectFrom('report_exhibits')
        .select(['report_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('report_id', 'in', part)
        .groupBy('report_id')
        .execute();
      for (const r of rows) out.set(r.report_id, Number(r.n));
    }
    return out;
  }

  async reportOfExhibit(exhibitId: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('report_exhibits')
      .select('report_id')
      .where('exhibit_id', '=', exhibitId)
      .executeTakeFirst();
    return r?.report_id;
  }

  async moveSelectorsToCase(reportId: string, caseId: string): Promise<void> {
    await this.db
      .updateTable('report_selectors')
      .set({ case_id: caseId })
      .where('report_id', '=', reportId)
      .execute();
  }

  async insertSelectors(
    selectors: readonly ReportSelector[],
    caseId: string | null,
  ): Promise<void> {
    for (const part of chunks(selectors)) {
      if (part.length === 0) continue;
      await insertSelectorRows(
        this.db,
        part.map((s) => ({
          id: s.id,
          report_id: s.reportId,
          kind: s.kind,
          match_key: s.matchKey,
          value: s.value,
          source: s.source,
          exhibit_id: s.exhibitId,
          message_index: s.messageIndex,
          case_id: caseId,
        })),
        part.length,
      );
    }
  }

  async selectorsOf(reportIds: readonly string[]): Promise<ReportSelector[]> {
    const out: ReportSelector[] = [];
    for (const part of chunks([...new Set(reportIds)])) {
      if (part.length === 0) continue;
      const { rows } = await selectorsOfReports(this.db, part, part.length);
      out.push(
        ...rows.map((r) => ({
          id: r.id,
          reportId: r.report_id,
          kind: r.kind,
          matchKey: r.match_key,
          value: r.value,
          source: r.source as ReportSelector['source'],
          exhibitId: r.exhibit_id,
          messageIndex: r.message_index,
        })),
      );
    }
    return out;
  }

  async selectorsMatching(
    keys: readonly string[],
    families: readonly string[],
    options: { readonly queued: boolean },
  ): Promise<CaseSelector[]> {
    if (keys.length === 0 && families.length === 0) return [];
    const columns = SELECTOR_COLUMNS;
    const { rows: inCases } = await caseSelectorsMatching(
      this.db,
      // A range per family, not LIKE, so the index serves it.
      { keys: [...keys], ranges: families.map((f) => ({ from: `${f}:`, to: `${f};` })) },
      `${keys.length}/${families.length}`,
    );
    const queued =
      options.queued && keys.length
        ? await this.db
            .selectFrom('report_selectors as s')
            .innerJoin('reports as r', 'r.id', 's.report_id')
            .select(columns)
            .where('s.case_id', 'is', null)
            .where('s.match_key', 'in', [...keys])
            .where('r.status', 'in', ['new', 'in-review'])
            .orderBy('s.id')
            .execute()
        : [];
    return [...inCases, ...queued].map((r) => ({
      id: r.id,
      reportId: r.report_id,
      kind: r.kind,
      matchKey: r.match_key,
      value: r.value,
      source: r.source as ReportSelector['source'],
      exhibitId: r.exhibit_id,
      messageIndex: r.message_index,
      caseId: r.case_id,
    }));
  }

  async insertOverride(o: TriageOverride): Promise<void> {
    await this.db
      .insertInto('triage_overrides')
      .values({
        id: o.id,
        report_id: o.reportId,
        band: o.band,
        reason: o.reason,
        assessed_band: o.assessedBand,
        by_user: o.by,
        at: o.at,
      })
      .execute();
  }

  async overridesOf(reportIds: readonly string[]): Promise<TriageOverride[]> {
    const out: TriageOverride[] = [];
    for (const part of chunks([...new Set(reportIds)])) {
      if (part.length === 0) continue;
      const rows = await this.db
        .selectFrom('triage_overrides')
        .selectAll()
        .where('report_id', 'in', part)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      out.push(
        ...rows.map((r) => ({
          id: r.id,
          reportId: r.report_id,
          band: r.band as Band,
          reason: r.reason,
          assessedBand: r.assessed_band as Band | null,
          by: r.by_user,
          at: r.at,
        })),
      );
    }
    return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }
}

// ---------------------------------------------------------------- cases

function caseFromRow(r: Selectable<CasesTable>): Case {
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    status: r.status as Case['status'],
    ownerId: r.owner_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    outcome: r.outcome as Outcome | null,
  };
}

class KyselyCaseRepository implements CaseRepository {
  constructor(private readonly db: Db) {}

  async insert(c: Case): Promise<void> {
    await this.db
      .insertInto('cases')
      .values({
        id: c.id,
        ref: c.ref,
        title: c.title,
        status: c.status,
        owner_id: c.ownerId,
        created_by: c.createdBy,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
        outcome: c.outcome,
      })
      .execute();
  }

  async update(id: string, p: CasePatch): Promise<void> {
    await this.db
      .updateTable('cases')
      .set({
        updated_at: p.updatedAt,
        ...(p.status !== undefined ? { status: p.status } : {}),
        ...(p.ownerId !== undefined ? { owner_id: p.ownerId } : {}),
        ...(p.outcome !== undefined ? { outcome: p.outcome } : {}),
        ...(p.title !== undefined ? { title: p.title } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async findById(id: string): Promise<Case | undefined> {
    const r = await this.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return r && caseFromRow(r);
  }

  async findByIds(ids: readonly string[]): Promise<Case[]> {
    const out: Case[] = [];
    for (const part of chunks([...new Set(ids)])) {
      if (part.length === 0) continue;
      out.push(
        ...(await this.db.selectFrom('cases').selectAll().where('id', 'in', part).execute()).map(
          caseFromRow,
        ),
      );
    }
    return out;
  }

  async listByOwner(ownerId: string): Promise<Case[]> {
    return (
      await this.db
        .selectFrom('cases')
        .selectAll()
        .where('owner_id', '=', ownerId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute()
    ).map(caseFromRow);
  }

  async listAll(): Promise<Case[]> {
    return (
      await this.db.selectFrom('cases').selectAll().orderBy('created_at').orderBy('ref').execute()
    ).map(caseFromRow);
  }

  async insertEntry(e: CaseEntry): Promise<void> {
    await this.db
      .insertInto('case_entries')
      .values({
        id: e.id,
        case_id: e.caseId,
        kind: e.body.kind,
        at: e.at,
        by_user: e.by,
        body: JSON.stringify(e.body),
      })
      .execute();
  }

  async entriesOf(caseId: string): Promise<CaseEntry[]> {
    const rows = await this.db
      .selectFrom('case_entries')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      at: r.at,
      by: r.by_user,
      body: JSON.parse(r.body) as CaseEntryBody,
    }));
  }

  async findEntry(id: string): Promise<CaseEntry | undefined> {
    const r = await this.db
      .selectFrom('case_entries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        caseId: r.case_id,
        at: r.at,
        by: r.by_user,
        body: JSON.parse(r.body) as CaseEntryBody,
      }
    );
  }

  async justificationFor(
    sessionId: string,
    caseId: string,
  ): Promise<CaseJustification | undefined> {
    const r = await this.db
      .selectFrom('case_justifications')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return (
      r && {
        sessionId: r.session_id,
        caseId: r.case_id,
        reasonCode: r.reason_code,
        text: r.text,
        at: r.at,
      }
    );
  }

  async insertJustification(j: CaseJustification): Promise<void> {
    await this.db
      .insertInto('case_justifications')
      .values({
        session_id: j.sessionId,
        case_id: j.caseId,
        reason_code: j.reasonCode,
        text: j.text,
        at: j.at,
      })
      .onConflict((oc) =>
        oc
          .columns(['session_id', 'case_id'])
          .doUpdateSet({ reason_code: j.reasonCode, text: j.text, at: j.at }),
      )
      .execute();
  }

  async assignExhibits(caseId: string, exhibitIds: readonly string[]): Promise<void> {
    for (const part of chunks([...new Set(exhibitIds)])) {
      if (part.length === 0) continue;
      await this.db
        .updateTable('exhibits')
        .set({ case_id: caseId })
        .where((eb) => eb.or([eb('id', 'in', part), eb('source_exhibit_id', 'in', part)]))
        .execute();
    }
  }

  async exhibitIdsOf(caseId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('exhibits')
      .select('id')
      .where('case_id', '=', caseId)
      .orderBy('acquired_at')
      .orderBy('initials')
      .orderBy('number')
      .execute();
    return rows.map((r) => r.id);
  }
}

// ---------------------------------------------------------------- tasks

function taskFromRow(r: Selectable<TasksTable>): Task {
  return {
    id: r.id,
    caseId: r.case_id,
    reportId: r.report_id,
    exhibitId: r.exhibit_id,
    type: r.type as TaskType,
    instructions: r.instructions,
    assigneeId: r.assignee_id,
    assignedBy: r.assigned_by,
    status: r.status as Task['status'],
    summary: r.summary,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

class KyselyTaskRepository implements TaskRepository {
  constructor(private readonly db: Db) {}

  async insert(t: Task): Promise<void> {
    await this.db
      .insertInto('tasks')
      .values({
        id: t.id,
        case_id: t.caseId,
        report_id: t.reportId,
        exhibit_id: t.exhibitId,
        type: t.type,
        instructions: t.instructions,
        assignee_id: t.assigneeId,
        assigned_by: t.assignedBy,
        status: t.status,
        summary: t.summary,
        created_at: t.createdAt,
        updated_at: t.updatedAt,
      })
      .execute();
  }

  async update(id: string, p: TaskPatch): Promise<void> {
    await this.db
      .updateTable('tasks')
      .set({
        updated_at: p.updatedAt,
        ...(p.status !== undefined ? { status: p.status } : {}),
        ...(p.summary !== undefined ? { summary: p.summary } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async findById(id: string): Promise<Task | undefined> {
    const r = await this.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return r && taskFromRow(r);
  }

  async listByAssignee(userId: string): Promise<Task[]> {
    return (
      await this.db
        .selectFrom('tasks')
        .selectAll()
        .where('assignee_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute()
    ).map(taskFromRow);
  }

  async listByCases(caseIds: readonly string[]): Promise<Task[]> {
    const out: Task[] = [];
    for (const part of chunks([...new Set(caseIds)])) {
      if (part.length === 0) continue;
      out.push(
        ...(
          await this.db
            .selectFrom('tasks')
            .selectAll()
            .where('case_id', 'in', part)
            .orderBy('created_at', 'desc')
            .orderBy('id')
            .execute()
        ).map(taskFromRow),
      );
    }
    return out;
  }

  async insertAnnotation(a: Annotation): Promise<void> {
    await this.db
      .insertInto('annotations')
      .values({
        id: a.id,
        task_id: a.taskId,
        exhibit_id: a.exhibitId,
        message_index: a.messageIndex,
        span_start: a.span?.[0] ?? null,
        span_end: a.span?.[1] ?? null,
        label: a.label,
        note: a.note,
        author_id: a.authorId,
        created_at: a.createdAt,
      })
      .execute();
  }

  async annotationsOf(taskId: string): Promise<Annotation[]> {
    const rows = await this.db
      .selectFrom('annotations')
      .selectAll()
      .where('task_id', '=', taskId)
      .orderBy('message_index')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      taskId: r.task_id,
      exhibitId: r.exhibit_id,
      messageIndex: r.message_index,
      span:
        r.span_start !== null && r.span_end !== null ? ([r.span_start, r.span_end] as const) : null,
      label: r.label,
      note: r.note,
      authorId: r.author_id,
      createdAt: r.created_at,
    }));
  }

  async insertView(v: TaskView): Promise<void> {
    await this.db
      .insertInto('task_views')
      .values({
        id: v.id,
        task_id: v.taskId,
        user_id: v.userId,
        started_at: v.startedAt,
        last_beat_at: v.lastBeatAt,
        ended_at: v.endedAt,
        duration_ms: v.durationMs,
      })
      .execute();
  }

  async findView(id: string): Promise<TaskView | undefined> {
    const r = await this.db
      .selectFrom('task_views')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        taskId: r.task_id,
        userId: r.user_id,
        startedAt: r.started_at,
        lastBeatAt: r.last_beat_at,
        endedAt: r.ended_at,
        durationMs: Number(r.duration_ms),
      }
    );
  }

  async updateView(
    id: string,
    p: Pick<TaskView, 'lastBeatAt' | 'endedAt' | 'durationMs'>,
  ): Promise<void> {
    await this.db
      .updateTable('task_views')
      .set({ last_beat_at: p.lastBeatAt, ended_at: p.endedAt, duration_ms: p.durationMs })
      .where('id', '=', id)
      .execute();
  }

  async viewsBetween(from: string, to: string): Promise<TaskView[]> {
    const rows = await this.db
      .selectFrom('task_views')
      .selectAll()
      .where('started_at', '>=', from)
      .where('started_at', '<', to)
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      taskId: r.task_id,
      userId: r.user_id,
      startedAt: r.started_at,
      lastBeatAt: r.last_beat_at,
      endedAt: r.ended_at,
      durationMs: Number(r.duration_ms),
    }));
  }
}

// ---------------------------------------------------------------- deconfliction, notifications, settings, counters

function hitFromRow(r: Selectable<DeconflictionHitsTable>): DeconflictionHit {
  return {
    id: r.id,
    reportId: r.report_id,
    selectorId: r.selector_id,
    otherCaseId: r.other_case_id,
    otherReportId: r.other_report_id,
    otherSelectorId: r.other_selector_id,
    matchType: r.match_type as DeconflictionHit['matchType'],
    similarity: r.similarity,
    explanation: r.explanation,
    createdAt: r.created_at,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
    note: r.note,
  };
}

class KyselyDeconflictionRepository implements DeconflictionRepository {
  constructor(private readonly db: Db) {}

  async insert(hits: readonly DeconflictionHit[]): Promise<DeconflictionHit[]> {
    const inserted: DeconflictionHit[] = [];
    for (const h of hits) {
      const r = await this.db
        .insertInto('deconfliction_hits')
        .values({
          id: h.id,
          report_id: h.reportId,
          selector_id: h.selectorId,
          other_case_id: h.otherCaseId,
          other_report_id: h.otherReportId,
          other_selector_id: h.otherSelectorId,
          match_type: h.matchType,
          similarity: h.similarity,
          explanation: h.explanation,
          created_at: h.createdAt,
          acknowledged_by: h.acknowledgedBy,
          acknowledged_at: h.acknowledgedAt,
          note: h.note,
        })
        .onConflict((oc) => oc.columns(['report_id', 'selector_id', 'other_case_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (r) inserted.push(h);
    }
    return inserted;
  }

  async findById(id: string): Promise<DeconflictionHit | undefined> {
    const r = await this.db
      .selectFrom('deconfliction_hits')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && hitFromRow(r);
  }

  async listByReports(reportIds: readonly string[]): Promise<DeconflictionHit[]> {
    const out: DeconflictionHit[] = [];
    for (const part of chunks([...new Set(reportIds)])) {
      if (part.length === 0) continue;
      out.push(
        ...(
          await this.db
            .selectFrom('deconfliction_hits')
            .selectAll()
            .where('report_id', 'in', part)
            .orderBy('created_at')
            .orderBy('id')
            .execute()
        ).map(hitFromRow),
      );
    }
    return out;
  }

  async listByOtherCase(caseId: string): Promise<DeconflictionHit[]> {
    return (
      await this.db
        .selectFrom('deconfliction_hits')
        .selectAll()
        .where('other_case_id', '=', caseId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    ).map(hitFromRow);
  }

  async acknowledge(id: string, by: string, at: string, note: string | null): Promise<void> {
    await this.db
      .updateTable('deconfliction_hits')
      .set({ acknowledged_by: by, acknowledged_at: at, note })
      .where('id', '=', id)
      .execute();
  }
}

class KyselyNotificationRepository implements NotificationRepository {
  constructor(private readonly db: Db) {}

  async insert(n: Notification): Promise<void> {
    await this.db
      .insertInto('notifications')
      .values({
        id: n.id,
        user_id: n.userId,
        kind: n.kind,
        at: n.at,
        title: n.title,
        link_type: n.link.type,
        link_id: n.link.id,
        read_at: n.readAt,
      })
      .execute();
  }

  async findById(id: string): Promise<Notification | undefined> {
    const r = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        userId: r.user_id,
        kind: r.kind as NotificationKind,
        at: r.at,
        title: r.title,
        link: { type: r.link_type as Notification['link']['type'], id: r.link_id },
        readAt: r.read_at,
      }
    );
  }

  async listForUser(userId: string, limit: number): Promise<Notification[]> {
    const rows = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      kind: r.kind as NotificationKind,
      at: r.at,
      title: r.title,
      link: { type: r.link_type as Notification['link']['type'], id: r.link_id },
      readAt: r.read_at,
    }));
  }

  async unreadCount(userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async markRead(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('id', '=', id)
      .where('read_at', 'is', null)
      .execute();
  }
}

class KyselySettingsRepository implements SettingsRepository {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return r?.value;
  }

  async put(key: string, json: string, at: string, by: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value: json, updated_at: at, updated_by: by })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: json, updated_at: at, updated_by: by }),
      )
      .execute();
  }
}

export class KyselyCounterRepository implements CounterRepository {
  /**
   * In a transaction, each counter once taken: the first `next` updates (and so locks) its row
   * until the transaction ends, later ones count on in memory, and `flush` writes the last value
   * before the commit (see `unitOfWork`). Dies with the transaction, so nothing outlives a rollback.
   */
  private readonly taken: Map<string, { last: number; changed: boolean }> | undefined;

  constructor(private readonly db: Db) {
    this.taken = db.isTransaction ? new Map() : undefined;
  }

  async next(name: string): Promise<number> {
    const held = this.taken?.get(name);
    if (held) {
      held.last++;
      held.changed = true;
      return held.last;
    }
    const [row] = (await nextCounter(this.db, { name })).rows;
    const last = row ? row.last : 1;
    if (!row) await this.db.insertInto('counters').values({ name, last }).execute();
    this.taken?.set(name, { last, changed: false });
    return last;
  }

  /** Writes the counters this transaction has counted on in memory; `unitOfWork` calls it before commit. */
  async flush(): Promise<void> {
    if (!this.taken) return;
    for (const [name, held] of this.taken) {
      if (!held.changed) continue;
      await setCounter(this.db, { last: held.last, name });
      held.changed = false;
    }
  }
}

// ---------------------------------------------------------------- access log

function entryFromRow(r: Selectable<AccessLogTable>): AccessEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    action: r.action as AccessAction,
    objectType: r.object_type,
    objectId: r.object_id,
    objectRef: r.object_ref,
    caseId: r.case_id,
    reasonCode: r.reason_code,
    justification: r.justification,
    recipient: r.recipient,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export class KyselyAccessLogRepository implements AccessLogRepository {
  /**
   * In a transaction, the head once locked: the lock lasts until the transaction ends and every
   * change of the head in it goes through `setHead`, so entries sharing a transaction (group
   * commit) do not lock it again, and the head is written once, by `flush` before the commit
   * (see `unitOfWork`). It dies with the transaction (this object is made per transaction), so
   * nothing outlives a rollback.
   */
  private head: { size: number; lastHash: string | null } | undefined;
  private pending: { size: number; lastHash: string } | undefined;

  constructor(private readonly db: Db) {}

  async lockHead(): Promise<{ size: number; lastHash: string | null }> {
    if (this.head) return { ...this.head };
    const [r] = (await lockAccessHead(this.db, {})).rows;
    if (!r) throw new NoResultError(this.db.updateTable('access_log_head').toOperationNode());
    const head = { size: Number(r.size), lastHash: r.last_hash };
    if (this.db.isTransaction) this.head = { ...head };
    return head;
  }

  async setHead(size: number, lastHash: string): Promise<void> {
    if (!this.head) {
      await setAccessHead(this.db, { size, lastHash });
      return;
    }
    this.head = { size, lastHash };
    this.pending = { size, lastHash };
  }

  /** Writes the head this transaction has kept back; `unitOfWork` calls it before commit. */
  async flush(): Promise<void> {
    if (!this.pending) return;
    await setAccessHead(this.db, this.pending);
    this.pending = undefined;
  }

  async insert(e: AccessEntry): Promise<void> {
    await insertAccessEntry(this.db, {
      seq: e.seq,
      at: e.at,
      actor_id: e.actorId,
      actor_role: e.actorRole,
      action: e.action,
      object_type: e.objectType,
      object_id: e.objectId,
      object_ref: e.objectRef,
      case_id: e.caseId,
      reason_code: e.reasonCode,
      justification: e.justification,
      recipient: e.recipient,
      prev_hash: e.prevHash,
      hash: e.hash,
    });
  }

  private filtered(f: AccessLogFilter) {
    let q = this.db.selectFrom('access_log');
    if (f.from !== undefined) q = q.where('at', '>=', f.from);
    if (f.to !== undefined) q = q.where('at', '<', f.to);
    if (f.actorId !== undefined) q = q.where('actor_id', '=', f.actorId);
    if (f.caseId !== undefined) q = q.where('case_id', '=', f.caseId);
    if (f.action !== undefined) q = q.where('action', '=', f.action);
    return q;
  }

  async list(f: AccessLogFilter, page: { limit: number; offset: number }): Promise<AccessEntry[]> {
    const rows = await this.filtered(f)
      .selectAll()
      .orderBy('seq')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return rows.map(entryFromRow);
  }

  async count(f: AccessLogFilter): Promise<number> {
    const r = await this.filtered(f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async *range(from: number, to: number): AsyncIterable<AccessEntry> {
    const PAGE = 2000;
    for (let at = from; at < to; at += PAGE) {
      const rows = await this.db
        .selectFrom('access_log')
        .selectAll()
        .where('seq', '>=', at)
        .where('seq', '<', Math.min(to, at + PAGE))
        .orderBy('seq')
        .execute();
      for (const r of rows) yield entryFromRow(r);
    }
  }

  async size(): Promise<number> {
    if (this.head) return this.head.size;
    const r = await this.db
      .selectFrom('access_log_head')
      .select('size')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(r.size);
  }
}

/** The account, desk and access-log repositories bound to a connection or transaction. */
export function deskRepositories(db: Db): {
  accounts: AccountRepositories;
  desk: DeskRepositories;
  accessLog: AccessLogRepository;
} {
  return {
    accounts: {
      users: new KyselyUserRepository(db),
      sessions: new KyselySessionRepository(db),
      attempts: new KyselyLoginAttemptRepository(db),
      tokens: new KyselyOneTimeTokenRepository(db),
    },
    desk: {
      reports: new KyselyReportRepository(db),
      cases: new KyselyCaseRepository(db),
      tasks: new KyselyTaskRepository(db),
      deconfliction: new KyselyDeconflictionRepository(db),
      notifications: new KyselyNotificationRepository(db),
      settings: new KyselySettingsRepository(db),
      counters: new KyselyCounterRepository(db),
    },
    accessLog: new KyselyAccessLogRepository(db),
  };
}
