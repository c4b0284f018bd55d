/** The case summary shown in lists and returned by case-changing actions. */
import type { Case } from '../../core/cases/types.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { ownerOf, type PersonView } from '../reports/views.ts';

export interface CaseSummaryView {
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  readonly status: Case['status'];
  readonly owner: PersonView;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly outcome: Case['outcome'];
  readonly reportCount: number;
  readonly openTasks: number;
  readonly pendingHits: number;
}

export async function caseSummary(repos: Repositories, kase: Case): Promise<CaseSummaryView> {
  const reports = await repos.desk.reports.listByCase(kase.id);
  const tasks = await repos.desk.tasks.listByCases([kase.id]);
  const hits = [
    ...(await repos.desk.deconfliction.listByReports(reports.map((r) => r.id))),
    ...(await repos.desk.deconfliction.listByOtherCase(kase.id)),
  ];
  return {
    id: kase.id,
    ref: kase.ref,
    title: kase.title,
    status: kase.status,
    owner: await ownerOf(repos, kase),
    createdAt: kase.createdAt,
    updatedAt: kase.updatedAt,
    outcome: kase.outcome,
    reportCount: reports.length,
    openTasks: tasks.filter((t) => t.status === 'assigned' || t.status === 'in-progress').length,
    pendingHits: new Set(hits.filter((h) => h.acknowledgedAt === null).map((h) => h.id)).size,
  };
}
