/**
 * Storage of the desk: reports, cases and their timeline, tasks, deconfliction hits,
 * notifications, settings and reference counters. Implemented in
 * `adapters/db/desk-repositories.ts` for SQLite and PostgreSQL.
 */
import type {
  Annotation,
  Case,
  CaseEntry,
  CaseJustification,
  DeconflictionHit,
  Notification,
  Report,
  ReportSelector,
  Task,
  TaskView,
  TriageOverride,
} from '../core/cases/types.ts';

export type ReportPatch = Partial<
  Pick<
    Report,
    | 'status'
    | 'caseId'
    | 'closedReason'
    | 'uploadTokenHash'
    | 'uploadExpiresAt'
    | 'uploadFiles'
    | 'uploadBytes'
    | 'deconfliction'
  >
> & { readonly updatedAt: string };

/** A report selector with the case its report is in (for deconfliction). */
export interface CaseSelector extends ReportSelector {
  readonly caseId: string | null;
}

export interface ReportRepository {
  insert(report: Report): Promise<void>;
  update(id: string, patch: ReportPatch): Promise<void>;
  findById(id: string): Promise<Report | undefined>;
  findByReceiptHash(hash: string): Promise<Report | undefined>;
  findByIds(ids: readonly string[]): Promise<Report[]>;
  /** Reports in these statuses, oldest first. */
  listByStatus(statuses: readonly Report['status'][]): Promise<Report[]>;
  listByCase(caseId: string): Promise<Report[]>;
  addExhibit(reportId: string, exhibitId: string, position: number): Promise<void>;
  /** Exhibit ids of a report's originals, in upload order. */
  exhibitIds(reportId: string): Promise<string[]>;
  /** Number of originals per report. */
  exhibitCounts(reportIds: readonly string[]): Promise<Map<string, number>>;
  /** The report an exhibit (original) was handed in with. */
  reportOfExhibit(exhibitId: string): Promise<string | undefined>;
  /** Stores selectors of reports; `caseId` is the case the reports are in (null while queued). */
  insertSelectors(selectors: readonly ReportSelector[], caseId: string | null): Promise<void>;
  /** Records that a report's selectors now belong to a case. */
  moveSelectorsToCase(reportId: string, caseId: string): Promise<void>;
  selectorsOf(reportIds: readonly string[]): Promise<ReportSelector[]>;
  /**
   * Selectors, each with the case its report is in (null while queued): those of reports in cases
   * whose match key is one of `keys` or whose family is one of `families` (for near matches), and,
   * when `queued`, those of reports still open in the queue whose match key is one of `keys`.
   */
  selectorsMatching(
    keys: readonly string[],
    families: readonly string[],
    options: { readonly queued: boolean },
  ): Promise<CaseSelector[]>;
  insertOverride(o: TriageOverride): Promise<void>;
  /** Overrides of these reports, newest first. */
  overridesOf(reportIds: readonly string[]): Promise<TriageOverride[]>;
}

export type CasePatch = Partial<Pick<Case, 'status' | 'ownerId' | 'outcome' | 'title'>> & {
  readonly updatedAt: string;
};

export interface CaseRepository {
  insert(kase: Case): Promise<void>;
  update(id: string, patch: CasePatch): Promise<void>;
  findById(id: string): Promise<Case | undefined>;
  findByIds(ids: readonly string[]): Promise<Case[]>;
  listByOwner(ownerId: string): Promise<Case[]>;
  /** Every case (ref, owner, status), oldest first — for `custos cases`. */
  listAll(): Promise<Case[]>;
  insertEntry(entry: CaseEntry): Promise<void>;
  /** The case timeline, oldest first. */
  entriesOf(caseId: string): Promise<CaseEntry[]>;
  findEntry(id: string): Promise<CaseEntry | undefined>;
  justificationFor(sessionId: string, caseId: string): Promise<CaseJustification | undefined>;
  insertJustification(j: CaseJustification): Promise<void>;
  /** Marks exhibits as belonging to the case (`exhibits.case_id`). */
  assignExhibits(caseId: string, exhibitIds: readonly string[]): Promise<void>;
  /** Ids of exhibits (originals and derived) that belong to the case. */
  exhibitIdsOf(caseId: string): Promise<string[]>;
}

export type TaskPatch = Partial<Pick<Task, 'status' | 'summary'>> & { readonly updatedAt: string };

export interface TaskRepository {
  insert(task: Task): Promise<void>;
  update(id: string, patch: TaskPatch): Promise<void>;
  findById(id: string): Promise<Task | undefined>;
  listByAssignee(userId: string): Promise<Task[]>;
  listByCases(caseIds: readonly string[]): Promise<Task[]>;
  insertAnnotation(a: Annotation): Promise<void>;
  annotationsOf(taskId: string): Promise<Annotation[]>;
  insertView(v: TaskView): Promise<void>;
  findView(id: string): Promise<TaskView | undefined>;
  updateView(
    id: string,
    patch: Pick<TaskView, 'lastBeatAt' | 'endedAt' | 'durationMs'>,
  ): Promise<void>;
  /** Views that started in `[from, to)`. */
  viewsBetween(from: string, to: string): Promise<TaskView[]>;
}

export interface DeconflictionRepository {
  /** Inserts hits; a hit for a (report, selector, other case) already recorded is left as it is. @returns the hits newly inserted. */
  insert(hits: readonly DeconflictionHit[]): Promise<DeconflictionHit[]>;
  findById(id: string): Promise<DeconflictionHit | undefined>;
  listByReports(reportIds: readonly string[]): Promise<DeconflictionHit[]>;
  /** Hits pointing at a case (other reports matching it). */
  listByOtherCase(caseId: string): Promise<DeconflictionHit[]>;
  acknowledge(id: string, by: string, at: string, note: string | null): Promise<void>;
}

export interface NotificationRepository {
  insert(n: Notification): Promise<void>;
  findById(id: string): Promise<Notification | undefined>;
  /** Newest first, at most `limit`. */
  listForUser(userId: string, limit: number): Promise<Notification[]>;
  unreadCount(userId: string): Promise<number>;
  markRead(id: string, at: string): Promise<void>;
}

export interface SettingsRepository {
  /** JSON text of a setting, or undefined. */
  get(key: string): Promise<string | undefined>;
  put(key: string, json: string, at: string, by: string): Promise<void>;
}

export interface CounterRepository {
  /** The next number of a named counter (1, 2, …). Needs a unit of work. */
  next(name: string): Promise<number>;
}

export interface DeskRepositories {
  readonly reports: ReportRepository;
  readonly cases: CaseRepository;
  readonly tasks: TaskRepository;
  readonly deconfliction: DeconflictionRepository;
  readonly notifications: NotificationRepository;
  readonly settings: SettingsRepository;
  readonly counters: CounterRepository;
}
