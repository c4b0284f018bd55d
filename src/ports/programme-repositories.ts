/**
 * Storage of the volunteer programme (issue 6): members, declarations and changes of
 * circumstance, vetting, the training catalogue and completions, officers' authorisations and
 * their tasks, the supervision rota, welfare records (shift ends, check-ins, debriefs), the
 * programme's event log and sent reminders. Implemented in `adapters/db/programme-repositories.ts`.
 */
import type {
  Authorisation,
  CircumstanceChange,
  Declaration,
  Member,
  ProgrammeEvent,
  RotaEntry,
  ShiftDebrief,
  ShiftEndEvent,
  TaskAuthorisation,
  TrainingCompletion,
  TrainingModule,
  VettingRecord,
  WelfareCheckIn,
} from '../core/programme/types.ts';

export type MemberPatch = Partial<
  Pick<
    Member,
    | 'displayName'
    | 'email'
    | 'phone'
    | 'status'
    | 'legalStatus'
    | 'userId'
    | 'barredListCheck'
    | 'underInvestigationSince'
  >
> & { readonly updatedAt: string };

export interface MemberRepository {
  insert(m: Member): Promise<void>;
  update(id: string, patch: MemberPatch): Promise<void>;
  findById(id: string): Promise<Member | undefined>;
  findByUserId(userId: string): Promise<Member | undefined>;
  /** Every member, by reference. */
  list(): Promise<Member[]>;
  insertDeclaration(d: Declaration): Promise<void>;
  /** Declarations of these members, oldest first. */
  declarationsOf(memberIds: readonly string[]): Promise<Declaration[]>;
  insertCircumstance(c: CircumstanceChange): Promise<void>;
  circumstancesOf(memberId: string): Promise<CircumstanceChange[]>;
}

export interface VettingRepository {
  /** Records the member's current clearance (replacing the previous one). */
  put(v: VettingRecord): Promise<void>;
  findByMember(memberId: string): Promise<VettingRecord | undefined>;
  list(): Promise<VettingRecord[]>;
}

export interface TrainingRepository {
  /** The catalogue, by title. */
  modules(): Promise<TrainingModule[]>;
  findModule(id: string): Promise<TrainingModule | undefined>;
  /** Adds a module or replaces its title, version, validity and retired flag. */
  putModule(m: TrainingModule): Promise<void>;
  insertCompletion(c: TrainingCompletion): Promise<void>;
  /** Completions of these members, oldest first. */
  completionsOf(memberIds: readonly string[]): Promise<TrainingCompletion[]>;
  /** Every completion, oldest first. */
  allCompletions(): Promise<TrainingCompletion[]>;
}

export type AuthorisationPatch = Partial<
  Pick<Authorisation, 'reviewAt' | 'status' | 'cancelledAt' | 'cancelReason'>
> & { readonly updatedAt: string };

export interface AuthorisationRepository {
  insert(a: Authorisation): Promise<void>;
  update(id: string, patch: AuthorisationPatch): Promise<void>;
  findById(id: string): Promise<Authorisation | undefined>;
  findByIds(ids: readonly string[]): Promise<Authorisation[]>;
  /** Every authorisation, newest first. */
  list(): Promise<Authorisation[]>;
  linkTask(link: TaskAuthorisation): Promise<void>;
  linkOf(taskId: string): Promise<TaskAuthorisation | undefined>;
  linksOf(taskIds: readonly string[]): Promise<TaskAuthorisation[]>;
  /** Number of tasks linked to each of these authorisations (absent: none). */
  taskCounts(authorisationIds: readonly string[]): Promise<Map<string, number>>;
}

export interface RotaRepository {
  insert(e: RotaEntry): Promise<void>;
  cancel(id: string, at: string): Promise<void>;
  findById(id: string): Promise<RotaEntry | undefined>;
  /** Entries (cancelled ones too) that overlap `[from, to)`, by start. */
  overlapping(from: string, to: string): Promise<RotaEntry[]>;
}

export interface WelfareRepository {
  insertShiftEnd(e: ShiftEndEvent): Promise<void>;
  /** Shift ends of `userId` (every user when null) at or after `since`, oldest first. */
  shiftEndsSince(userId: string | null, since: string): Promise<ShiftEndEvent[]>;
  insertCheckIn(c: WelfareCheckIn): Promise<void>;
  /** Check-ins of `userId` (every user when null) at or after `since`, oldest first. */
  checkInsSince(userId: string | null, since: string): Promise<WelfareCheckIn[]>;
  insertDebrief(d: ShiftDebrief): Promise<void>;
  /** Debriefs of shifts that started at or after `since`, oldest first. */
  debriefsSince(since: string): Promise<ShiftDebrief[]>;
}

export interface ProgrammeEventRepository {
  insert(e: ProgrammeEvent): Promise<void>;
  /** Events about one subject, oldest first. */
  listFor(subject: string): Promise<ProgrammeEvent[]>;
  /** Events of these kinds in `[from, to)`, oldest first. */
  listKinds(kinds: readonly string[], from: string, to: string): Promise<ProgrammeEvent[]>;
}

export interface ReminderRepository {
  /** True when a reminder with this key was sent. */
  wasSent(key: string): Promise<boolean>;
  /** Records a sent reminder; a key already recorded is left as it is. */
  markSent(key: string, at: string): Promise<void>;
}

export interface ProgrammeRepositories {
  readonly members: MemberRepository;
  readonly vetting: VettingRepository;
  readonly training: TrainingRepository;
  readonly authorisations: AuthorisationRepository;
  readonly rota: RotaRepository;
  readonly welfare: WelfareRepository;
  readonly events: ProgrammeEventRepository;
  readonly reminders: ReminderRepository;
}
