/**
 * Reminders and automatic suspensions (R7, R9, R10, R60): vetting reminders at the configured
 * days before expiry (90, 60, 30 by default), training reminders before a module lapses, debrief
 * reminders to the supervising officer, and — at vetting expiry — the recorded suspension of an
 * active member with an event and a notice.
 * Access is refused by the task gate at the exact moment anyway; the sweep makes the record and
 * tells people. Run by the server on a timer, by `custos demo`, and on demand by a programme
 * manager. Each reminder is sent once per expiry (a renewed expiry starts again).
 */
import type { Notification } from '../../core/cases/types.ts';
import { effectiveStatus } from '../../core/programme/members.ts';
import { daysLeft, reminderDue } from '../../core/programme/reminders.ts';
import { moduleState } from '../../core/programme/training.ts';
import type { Member } from '../../core/programme/types.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso } from '../desk-support.ts';
import { outstandingDebriefs } from './debriefs.ts';
import { loadProgrammeSettings, managerIds, notifyUsers, recordProgrammeEvent } from './support.ts';

/** What a sweep did. */
export interface SweepResult {
  readonly reminders: number;
  readonly suspensions: number;
}

/** Tells the managers (linking the member's record) and the member (linking their own record). */
async function tell(
  ctx: DeskContext,
  repos: Repositories,
  managers: readonly string[],
  m: Member,
  n: { kind: Notification['kind']; title: string; own: string },
): Promise<void> {
  await notifyUsers(ctx, repos, managers, {
    kind: n.kind,
    title: n.title,
    link: { type: 'member', id: m.id },
  });
  if (m.userId)
    await notifyUsers(ctx, repos, [m.userId], {
      kind: n.kind,
      title: n.own,
      link: { type: 'own-record', id: m.id },
    });
}

/** The reminder due for one expiry, given the reminder keys already sent; null when none. */
async function dueFor(
  repos: Repositories,
  keyPrefix: string,
  expiresAt: string,
  nowMs: number,
  days: readonly number[],
): Promise<number | null> {
  const sent = new Set<number>();
  for (const d of days)
    if (await repos.programme.reminders.wasSent(`${keyPrefix}:${d}`)) sent.add(d);
  return reminderDue(Date.parse(expiresAt), nowMs, days, sent);
}

/**
 * Sends the reminders and records the suspensions due at the context's clock. The system acts
 * (no actor to authorise); {@link sendDueReminders} is the manager's button.
 */
export async function runProgrammeSweep(ctx: DeskContext): Promise<SweepResult> {
  return ctx.uow.run(async (repos) => {
    const nowMs = ctx.clock.now();
    const now = nowIso(ctx);
    const settings = await loadProgrammeSettings(repos);
    const managers = await managerIds(repos);
    const modules = (await repos.programme.training.modules()).filter((x) => !x.retired);
    let reminders = 0;
    let suspensions = 0;
    for (const m of await repos.programme.members.list()) {
      if (m.status === 'left' || m.status === 'applicant' || m.status === 'vetting') continue;
      const vetting = (await repos.programme.vetting.findByMember(m.id)) ?? null;
      if (vetting) {
        const prefix = `vetting:${m.id}:${vetting.expiresAt}`;
        const due = await dueFor(
          repos,
          prefix,
          vetting.expiresAt,
          nowMs,
          settings.vettingReminderDays,
        );
        if (due !== null) {
          const days = daysLeft(Date.parse(vetting.expiresAt), nowMs);
          await repos.programme.reminders.markSent(`${prefix}:${due}`, now);
          await tell(ctx, repos, managers, m, {
            kind: 'vetting-expiring',
            title: `Vetting of ${m.displayName} (${m.ref}) expires in ${days} days`,
            own: `Your vetting expires in ${days} days: speak to the programme manager about renewal`,
          });
          await recordProgrammeEvent(ctx, repos, {
            actor: 'system:custos',
            subject: `member:${m.id}`,
            kind: 'vetting-reminder',
            details: { days: due, expiresAt: vetting.expiresAt },
            custody: false,
          });
          reminders++;
        }
      }
      // The recorded suspension at vetting expiry (the gate already refuses from that instant).
      if (
        m.status === 'active' &&
        effectiveStatus(m, vetting, nowMs).reason === 'vetting-expired'
      ) {
        await repos.programme.members.update(m.id, { status: 'suspended', updatedAt: now });
        await recordProgrammeEvent(ctx, repos, {
          actor: 'system:custos',
          subject: `member:${m.id}`,
          kind: 'status-changed',
          details: { from: 'active', to: 'suspended', reason: 'vetting-expired' },
          custody: true,
        });
        await tell(ctx, repos, managers, m, {
          kind: 'access-suspended',
          title: `Access of ${m.displayName} (${m.ref}) is suspended: vetting expired`,
          own: 'Your access to tasks is suspended because your vetting has expired',
        });
        suspensions++;
        continue;
      }
      if (m.status !== 'active' && m.status !== 'training') continue;
      const completions = await repos.programme.training.completionsOf([m.id]);
      for (const mod of modules) {
        const s = moduleState(completions, mod.id, nowMs);
        const until = s.completion?.validUntil;
        if (s.state !== 'current' || !until) continue;
        const prefix = `training:${m.id}:${mod.id}:${until}`;
        const due = await dueFor(repos, prefix, until, nowMs, settings.trainingReminderDays);
        if (due === null) continue;
        const days = daysLeft(Date.parse(until), nowMs);
        await repos.programme.reminders.markSent(`${prefix}:${due}`, now);
        await tell(ctx, repos, managers, m, {
          kind: 'training-expiring',
          title: `Training “${mod.title}” of ${m.displayName} (${m.ref}) lapses in ${days} days`,
          own: `Your training “${mod.title}” lapses in ${days} days: book the refresher`,
        });
        reminders++;
      }
    }
    // Shifts with case material still waiting for a debrief: the officer on duty when each began
    // is reminded once (R60). A missing debrief never locks the volunteer out.
    for (const p of await outstandingDebriefs(repos, nowMs)) {
      const start = new Date(p.shift.startedAtMs).toISOString();
      const key = `debrief:${p.userId}:${start}`;
      if (await repos.programme.reminders.wasSent(key)) continue;
      const onDuty = (
        await repos.programme.rota.overlapping(
          start,
          new Date(p.shift.startedAtMs + 1).toISOString(),
        )
      ).filter((e) => e.cancelledAt === null);
      await repos.programme.reminders.markSent(key, now);
      const name = (await repos.accounts.users.findById(p.userId))?.displayName ?? 'A volunteer';
      await notifyUsers(
        ctx,
        repos,
        onDuty.map((e) => e.officerId),
        {
          kind: 'debrief-due',
          title: `${name}'s shift with case material is waiting for a debrief`,
          link: { type: 'debriefs', id: p.userId },
        },
      );
      reminders++;
    }
    return { reminders, suspensions };
  });
}

/** A programme manager runs the sweep now. @throws `POLICY_DENIED`. */
export async function sendDueReminders(ctx: DeskContext, actor: DeskActor): Promise<SweepResult> {
  authorize(actor, 'sendReminders', { type: 'programme' });
  return runProgrammeSweep(ctx);
}
