/**
 * The task gate (issue 6 §5; legal-framework R1, R3, R5, R7–R12, R59, R60): whether a member may
 * be given a task, and may work on it, at one moment. Every rule is a named check; the gate
 * returns every requirement that does not hold, each naming what is missing, so the refusal can
 * say what to put right. Assignment checks the member, vetting, training, legal status,
 * authorisation and conflicts; work (every action on the task: view, annotate, status change,
 * view timing) checks all of those again plus a supervising officer on duty and the welfare
 * limits. A task whose requirements lapse is locked until they hold again.
 *
 * Pure: the caller gathers the facts and passes the time.
 */
import {
  requirementOf,
  VOLUNTEER_FORBIDDEN_TAXONOMY,
  type TaskRequirement,
} from './requirements.ts';
import { moduleState } from './training.ts';
import type {
  Authorisation,
  Declaration,
  LegalStatus,
  Member,
  RotaEntry,
  TrainingCompletion,
  TrainingModule,
  VettingRecord,
} from './types.ts';
import { vettingAtLeast } from './vetting.ts';
import type { WelfareStatus } from './welfare.ts';

export type GateStage = 'assign' | 'work';

/** Everything the gate looks at. */
export interface GateFacts {
  readonly nowMs: number;
  readonly stage: GateStage;
  readonly taskType: string;
  /** The task type's requirement; defaults to the declared one (`requirements.ts`). Tests pass others. */
  readonly requirement?: TaskRequirement | undefined;
  /** The role of the account the task is (to be) assigned to. */
  readonly assigneeRole: string;
  readonly member: Member | null;
  readonly vetting: VettingRecord | null;
  readonly completions: readonly TrainingCompletion[];
  /** The catalogue, for module titles in messages. */
  readonly modules: readonly TrainingModule[];
  readonly authorisation: Authorisation | null;
  /** Platform of the task's report (`whatsapp`, …); null when the task has no report. */
  readonly platform: string | null;
  readonly caseId: string;
  readonly declarations: readonly Declaration[];
  /** Rota entries (the gate picks those on duty at `nowMs`). */
  readonly rota: readonly RotaEntry[];
  /** The assignee's welfare status at `nowMs` (needed for `work`). */
  readonly welfare: WelfareStatus | null;
}

/** Codes of the requirements the gate names. */
export const MISSING_CODES = [
  'task-type-undeclared',
  'task-type-forbidden-for-volunteers',
  'member-record-missing',
  'member-not-active',
  'member-under-investigation',
  'vetting-missing',
  'vetting-expired',
  'vetting-level-too-low',
  'legal-status-not-permitted',
  'training-missing',
  'training-expired',
  'authorisation-missing',
  'authorisation-cancelled',
  'authorisation-not-started',
  'authorisation-expired',
  'authorisation-review-overdue',
  'authorisation-task-type-out-of-scope',
  'authorisation-platform-out-of-scope',
  'authorisation-officers-missing',
  'conflict-of-interest',
  'supervisor-not-on-duty',
  'welfare-weekly-limit',
  'welfare-shift-limit',
  'welfare-check-in-due',
] as const;
export type MissingCode = (typeof MISSING_CODES)[number];

/** One requirement that does not hold. */
export interface MissingRequirement {
  readonly code: MissingCode;
  /** Plain words: what is missing and what would put it right. */
  readonly message: string;
  /** The module, level, status or authorisation it is about, when there is one. */
  readonly subject?: string;
  /** When it will hold again by itself (a break ending), ISO-8601 UTC. */
  readonly until?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const day = (s: string): string => s.slice(0, 10);

type Rule = (f: GateFacts, r: TaskRequirement) => MissingRequirement[];
const one = (m: MissingRequirement | null): MissingRequirement[] => (m ? [m] : []);

const LEGAL_LABEL: Readonly<Record<LegalStatus, string>> = {
  'special-constable': 'special constable',
  'police-support-volunteer': 'police support volunteer',
  officer: 'police officer',
};

/** The rules, in the order their refusals are listed. Stage `both` rules run at assignment and at work. */
const RULES: readonly (readonly [stage: GateStage | 'both', rule: Rule])[] = [
  [
    'both',
    (f, r) =>
      one(
        f.assigneeRole === 'volunteer' && VOLUNTEER_FORBIDDEN_TAXONOMY.includes(r.taxonomy)
          ? {
              code: 'task-type-forbidden-for-volunteers',
              subject: r.taxonomy,
              message: `volunteers are never given ${r.taxonomy} tasks (covert, imagery or field work)`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.member === null
          ? {
              code: 'member-record-missing',
              message: 'the account has no programme member record; a programme manager links one',
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.member && f.member.status !== 'active'
          ? {
              code: 'member-not-active',
              subject: f.member.status,
              message: `the member's status is ${f.member.status}, not active`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.member?.underInvestigationSince
          ? {
              code: 'member-under-investigation',
              message: `access is suspended while the member is under investigation (since ${day(f.member.underInvestigationSince)})`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.member && f.vetting === null
          ? { code: 'vetting-missing', message: 'no vetting clearance is recorded' }
          : null,
      ),
  ],
  [
    'both',
    (f) => {
      const v = f.vetting;
      if (!v) return [];
      if (f.nowMs >= Date.parse(v.expiresAt))
        return [
          {
            code: 'vetting-expired',
            subject: v.level,
            message: `vetting (${v.level}) expired on ${day(v.expiresAt)}`,
          },
        ];
      if (f.nowMs < Date.parse(v.grantedAt))
        return [
          {
            code: 'vetting-expired',
            subject: v.level,
            message: `vetting (${v.level}) is not in force until ${day(v.grantedAt)}`,
          },
        ];
      return [];
    },
  ],
  [
    'both',
    (f, r) =>
      one(
        f.vetting && !vettingAtLeast(f.vetting.level, r.vettingLevel)
          ? {
              code: 'vetting-level-too-low',
              subject: r.vettingLevel,
              message: `this task needs vetting at ${r.vettingLevel} or above; the member holds ${f.vetting.level}`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f, r) =>
      one(
        f.member &&
          (f.member.legalStatus === null || !r.legalStatuses.includes(f.member.legalStatus))
          ? {
              code: 'legal-status-not-permitted',
              subject: f.member.legalStatus ?? 'none',
              message:
                f.member.legalStatus === null
                  ? 'the member has no legal status recorded'
                  : `a ${LEGAL_LABEL[f.member.legalStatus]} may not be given this task`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f, r) =>
      f.member
        ? r.modules.flatMap((id): MissingRequirement[] => {
            const title = f.modules.find((m) => m.id === id)?.title ?? id;
            const s = moduleState(f.completions, id, f.nowMs);
            if (s.state === 'missing')
              return [
                {
                  code: 'training-missing' as const,
                  subject: id,
                  message: `training “${title}” has not been completed`,
                },
              ];
            if (s.state === 'expired')
              return [
                {
                  code: 'training-expired' as const,
                  subject: id,
                  message: `training “${title}” lapsed on ${day(s.completion?.validUntil ?? '')}`,
                },
              ];
            return [];
          })
        : [],
  ],
  [
    'both',
    (f) =>
      one(
        f.authorisation === null
          ? {
              code: 'authorisation-missing',
              message: 'the task has no live authorisation from an officer',
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.authorisation?.status === 'cancelled'
          ? {
              code: 'authorisation-cancelled',
              subject: f.authorisation.ref,
              message: `authorisation ${f.authorisation.ref} was cancelled`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.authorisation && f.nowMs < Date.parse(f.authorisation.startsAt)
          ? {
              code: 'authorisation-not-started',
              subject: f.authorisation.ref,
              message: `authorisation ${f.authorisation.ref} starts on ${day(f.authorisation.startsAt)}`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.authorisation && f.nowMs >= Date.parse(f.authorisation.expiresAt)
          ? {
              code: 'authorisation-expired',
              subject: f.authorisation.ref,
              message: `authorisation ${f.authorisation.ref} expired on ${day(f.authorisation.expiresAt)}`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.authorisation && f.nowMs >= Date.parse(f.authorisation.reviewAt)
          ? {
              code: 'authorisation-review-overdue',
              subject: f.authorisation.ref,
              message: `authorisation ${f.authorisation.ref} was due for review on ${day(f.authorisation.reviewAt)}`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.authorisation && !f.authorisation.taskTypes.includes(f.taskType)
          ? {
              code: 'authorisation-task-type-out-of-scope',
              subject: f.authorisation.ref,
              message: `authorisation ${f.authorisation.ref} does not cover this task type`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.authorisation &&
          f.platform !== null &&
          !f.authorisation.platforms.includes('any') &&
          !f.authorisation.platforms.includes(f.platform)
          ? {
              code: 'authorisation-platform-out-of-scope',
              subject: f.platform,
              message: `authorisation ${f.authorisation.ref} does not cover material from ${f.platform}`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.authorisation &&
          (f.authorisation.officerInChargeId === '' || f.authorisation.supervisorId === '')
          ? {
              code: 'authorisation-officers-missing',
              subject: f.authorisation.ref,
              message: `authorisation ${f.authorisation.ref} does not name an officer in charge and a supervising officer`,
            }
          : null,
      ),
  ],
  [
    'both',
    (f) =>
      one(
        f.declarations.some((d) => d.kind === 'case-connection' && d.caseId === f.caseId)
          ? {
              code: 'conflict-of-interest',
              message: 'the member has declared a connection to this case',
            }
          : null,
      ),
  ],
  [
    'work',
    (f) =>
      one(
        !f.rota.some(
          (e) =>
            e.cancelledAt === null &&
            Date.parse(e.startsAt) <= f.nowMs &&
            f.nowMs < Date.parse(e.endsAt),
        )
          ? {
              code: 'supervisor-not-on-duty',
              message: 'no supervising officer is on duty now; work waits for the rota',
            }
          : null,
      ),
  ],
  [
    'work',
    (f) =>
      one(
        f.welfare && f.welfare.weekExposureMs >= f.welfare.weeklyLimitMs
          ? {
              code: 'welfare-weekly-limit',
              message: 'the weekly limit of time with case material is reached',
              ...(f.welfare.weekFreeAtMs !== null ? { until: iso(f.welfare.weekFreeAtMs) } : {}),
            }
          : null,
      ),
  ],
  [
    'work',
    (f) =>
      one(
        f.welfare && f.welfare.breakUntilMs !== null
          ? {
              code: 'welfare-shift-limit',
              message: 'this shift has reached its limit of time with case material: take a break',
              until: iso(f.welfare.breakUntilMs),
            }
          : null,
      ),
  ],
  [
    'work',
    (f) =>
      one(
        f.welfare && f.welfare.checkInDue
          ? {
              code: 'welfare-check-in-due',
              message: 'check in about your last shift before starting another',
            }
          : null,
      ),
  ],
];

/**
 * Every requirement that does not hold for this task at `facts.nowMs`; empty when the member
 * may go ahead. A task type without a declared requirement is refused outright.
 */
export function taskGate(facts: GateFacts): MissingRequirement[] {
  const r = facts.requirement ?? requirementOf(facts.taskType);
  if (!r)
    return [
      {
        code: 'task-type-undeclared',
        subject: facts.taskType,
        message: `task type ${facts.taskType} declares no requirements, so nobody may be given it`,
      },
    ];
  return RULES.filter(([stage]) => stage === 'both' || stage === facts.stage).flatMap(([, rule]) =>
    rule(facts, r),
  );
}

/** The missing requirements as one sentence for an error message. */
export function describeMissing(missing: readonly MissingRequirement[]): string {
  return missing.map((m) => m.message).join('; ');
}
