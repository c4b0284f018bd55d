/**
 * Auditors read, verify and export the access log (DPA 2018 s62(4)–(5): for verifying
 * lawfulness, self-monitoring, integrity and criminal proceedings, and for the ICO on request).
 * An export is itself a disclosure and is logged.
 */
import {
  firstBrokenEntry,
  type AccessAction,
  type AccessEntry,
} from '../../core/access-log/entry.ts';
import { authorize } from '../../policies/authorize.ts';
import type { AccessLogFilter } from '../../ports/access-log.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor } from '../desk-support.ts';

export interface AccessLogQueryInput {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly actorId?: string | undefined;
  readonly caseRef?: string | undefined;
  readonly action?: AccessAction | undefined;
}

export interface AccessLogEntryView {
  readonly seq: number;
  readonly at: string;
  readonly actor: { id: string | null; displayName: string | null; role: string };
  readonly action: AccessAction;
  readonly object: { type: string; id: string; ref: string | null };
  readonly caseRef: string | null;
  readonly justification: { reasonCode: string; text: string | null } | null;
  readonly recipient: string | null;
  readonly hash: string;
  readonly prevHash: string | null;
}

async function filterOf(
  repos: Repositories,
  q: AccessLogQueryInput,
): Promise<AccessLogFilter | null> {
  let caseId: string | undefined;
  if (q.caseRef !== undefined) {
    const all = await repos.desk.cases.listAll();
    const found = all.find((c) => c.ref === q.caseRef);
    if (!found) return null;
    caseId = found.id;
  }
  return {
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
    ...(q.actorId !== undefined ? { actorId: q.actorId } : {}),
    ...(caseId !== undefined ? { caseId } : {}),
    ...(q.action !== undefined ? { action: q.action } : {}),
  };
}

async function views(
  repos: Repositories,
  entries: readonly AccessEntry[],
): Promise<AccessLogEntryView[]> {
  const users = new Map(
    (
      await repos.accounts.users.findByIds(
        entries.map((e) => e.actorId).filter((x): x is string => x !== null),
      )
    ).map((u) => [u.id, u.displayName]),
  );
  const cases = new Map(
    (
      await repos.desk.cases.findByIds(
        entries.map((e) => e.caseId).filter((x): x is string => x !== null),
      )
    ).map((c) => [c.id, c.ref]),
  );
  return entries.map((e) => ({
    seq: e.seq,
    at: e.at,
    actor: {
      id: e.actorId,
      displayName: e.actorId
        ? (users.get(e.actorId) ?? (e.actorId === 'local-operator' ? 'local operator' : null))
        : null,
      role: e.actorRole,
    },
    action: e.action,
    object: { type: e.objectType, id: e.objectId, ref: e.objectRef },
    caseRef: e.caseId ? (cases.get(e.caseId) ?? null) : null,
    justification: e.reasonCode ? { reasonCode: e.reasonCode, text: e.justification } : null,
    recipient: e.recipient,
    hash: e.hash,
    prevHash: e.prevHash,
  }));
}

/** One page of the log, oldest first. @throws CustosError `POLICY_DENIED`. */
export async function listAccessLog(
  ctx: DeskContext,
  actor: DeskActor,
  q: AccessLogQueryInput & { limit: number; offset: number },
): Promise<{ items: AccessLogEntryView[]; total: number }> {
  authorize(actor, 'read', { type: 'access-log' });
  const repos = ctx.uow.read;
  const filter = await filterOf(repos, q);
  if (!filter) return { items: [], total: 0 };
  const [entries, total] = await Promise.all([
    repos.accessLog.list(filter, { limit: q.limit, offset: q.offset }),
    repos.accessLog.count(filter),
  ]);
  const items = await views(repos, entries);
  await ctx.uow.run((w) =>
    recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'access-log',
      objectId: 'page',
      reasonCode: 'audit',
      justification: `${items.length} entries read`,
    }),
  );
  return { items, total };
}

/** Columns of the CSV export, in order (the same list as `src/contracts/audit.ts`). */
export const CSV_COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'object_type',
  'object_id',
  'object_ref',
  'case_ref',
  'reason_code',
  'justification',
  'recipient',
  'prev_hash',
  'hash',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; quotes doubled.
 * A field that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a
 * leading `'` (OWASP CSV injection).
 */
export function csvField(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRow(e: AccessLogEntryView): string {
  const cells = [
    e.seq,
    e.at,
    e.actor.id,
    e.actor.displayName,
    e.actor.role,
    e.action,
    e.object.type,
    e.object.id,
    e.object.ref,
    e.caseRef,
    e.justification?.reasonCode ?? null,
    e.justification?.text ?? null,
    e.recipient,
    e.prevHash,
    e.hash,
  ];
  return `${cells.map(csvField).join(',')}\r\n`;
}

/**
 * Exports matching entries as CSV (header row, CRLF) or JSON (an array), streamed in pages.
 * Logged first as a disclosure to the auditor.
 * @returns the media type, a file name and the text chunks.
 */
export async function exportAccessLog(
  ctx: DeskContext,
  actor: DeskActor,
  q: AccessLogQueryInput & { format: 'csv' | 'json' },
): Promise<{ contentType: string; fileName: string; chunks: AsyncIterable<string> }> {
  authorize(actor, 'export', { type: 'access-log' });
  const repos = ctx.uow.read;
  const filter = await filterOf(repos, q);
  await ctx.uow.run((w) =>
    recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'disclose',
      objectType: 'access-log',
      objectId: 'export',
      reasonCode: 'audit',
      justification: `export as ${q.format}`,
      recipient: `user:${actor.userId ?? ''}`,
    }),
  );
  const stamp = new Date(ctx.clock.now()).toISOString().replace(/[:.]/g, '-');
  async function* chunks(): AsyncGenerator<string> {
    if (q.format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
    else yield '[';
    let first = true;
    if (filter) {
      for (let offset = 0; ; offset += 1000) {
        const page = await views(
          repos,
          await repos.accessLog.list(filter, { limit: 1000, offset }),
        );
        for (const e of page) {
          if (q.format === 'csv') yield csvRow(e);
          else {
            yield `${first ? '\n' : ',\n'}${JSON.stringify(e)}`;
            first = false;
          }
        }
        if (page.length < 1000) break;
      }
    }
    if (q.format === 'json') yield '\n]\n';
  }
  return {
    contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    fileName: `custos-access-log-${stamp}.${q.format}`,
    chunks: chunks(),
  };
}

/** Re-checks the whole hash chain. @returns the number of entries and the first broken one. */
export async function verifyAccessLog(
  ctx: DeskContext,
  actor: DeskActor,
): Promise<{ entries: number; intact: boolean; firstBadSeq: number | null }> {
  authorize(actor, 'verify', { type: 'access-log' });
  const repos = ctx.uow.read;
  const size = await repos.accessLog.size();
  let prev: string | null = null;
  let expected = 0;
  let firstBadSeq: number | null = null;
  let batch: AccessEntry[] = [];
  const flush = () => {
    if (firstBadSeq === null && batch.length) {
      firstBadSeq = firstBrokenEntry(batch, prev, expected);
      prev = batch.at(-1)?.hash ?? prev;
      expected += batch.length;
    }
    batch = [];
  };
  for await (const e of repos.accessLog.range(0, size)) {
    batch.push(e);
    if (batch.length >= 1000) flush();
  }
  flush();
  if (firstBadSeq === null && expected !== size) firstBadSeq = expected;
  await ctx.uow.run((w) =>
    recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'access-log',
      objectId: 'verify',
      reasonCode: 'audit',
    }),
  );
  return { entries: size, intact: firstBadSeq === null, firstBadSeq };
}
