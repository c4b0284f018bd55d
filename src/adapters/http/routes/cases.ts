/** The case page and what its officer does there (`src/contracts/cases.ts`). */
import {
  CaseDetail,
  CaseEntry,
  CaseEvidenceResponse,
  CaseList,
  CreateTaskBody,
  DecisionBody,
  JustificationBody,
  NoteBody,
  OutcomeBody,
  ReferralBody,
  StaffList,
  StaffQuery,
  TransferBody,
} from '../../../contracts/cases.ts';
import { IdParams, Ok } from '../../../contracts/common.ts';
import { TaskSummary } from '../../../contracts/tasks.ts';
import {
  addCaseEvidence,
  authorizeCaseEvidence,
} from '../../../usecases/cases/add-case-evidence.ts';
import { addNote } from '../../../usecases/cases/add-note.ts';
import { justifyCaseView } from '../../../usecases/cases/justification.ts';
import { listStaff } from '../../../usecases/cases/list-staff.ts';
import { recordDecision } from '../../../usecases/cases/record-decision.ts';
import { recordOutcome } from '../../../usecases/cases/record-outcome.ts';
import { referCase } from '../../../usecases/cases/refer-case.ts';
import { transferCase } from '../../../usecases/cases/transfer-case.ts';
import { listCases, viewCase } from '../../../usecases/cases/view-case.ts';
import { assignTask } from '../../../usecases/tasks/assign-task.ts';
import { eachUploadedFile } from '../multipart.ts';
import { actorOf } from '../request-context.ts';
import type { DeskApp, RouteDeps } from '../types.ts';

export function registerCaseRoutes(app: DeskApp, { ctx }: RouteDeps): void {
  const tags = ['cases'];
  app.get('/cases', { schema: { tags, response: { 200: CaseList } } }, async (req) =>
    CaseList.parse(await listCases(ctx, actorOf(req))),
  );

  app.get(
    '/cases/:id',
    { schema: { tags, params: IdParams, response: { 200: CaseDetail } } },
    async (req) => CaseDetail.parse(await viewCase(ctx, actorOf(req), req.params.id)),
  );

  app.post(
    '/cases/:id/justification',
    { schema: { tags, params: IdParams, body: JustificationBody, response: { 200: Ok } } },
    async (req) => {
      await justifyCaseView(ctx, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/cases/:id/notes',
    { schema: { tags, params: IdParams, body: NoteBody, response: { 200: CaseEntry } } },
    async (req) => CaseEntry.parse(await addNote(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/cases/:id/decisions',
    { schema: { tags, params: IdParams, body: DecisionBody, response: { 200: CaseEntry } } },
    async (req) =>
      CaseEntry.parse(await recordDecision(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/cases/:id/referrals',
    { schema: { tags, params: IdParams, body: ReferralBody, response: { 200: CaseEntry } } },
    async (req) => CaseEntry.parse(await referCase(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/cases/:id/outcome',
    { schema: { tags, params: IdParams, body: OutcomeBody, response: { 200: CaseEntry } } },
    async (req) => CaseEntry.parse(await recordOutcome(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/cases/:id/transfer',
    { schema: { tags, params: IdParams, body: TransferBody, response: { 200: CaseEntry } } },
    async (req) => CaseEntry.parse(await transferCase(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/cases/:id/tasks',
    { schema: { tags, params: IdParams, body: CreateTaskBody, response: { 200: TaskSummary } } },
    async (req) => TaskSummary.parse(await assignTask(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/cases/:id/evidence',
    { schema: { tags, params: IdParams, response: { 200: CaseEvidenceResponse } } },
    async (req) => {
      const actor = actorOf(req);
      await authorizeCaseEvidence(ctx, actor, req.params.id);
      const exhibits = await eachUploadedFile(req, (file) =>
        addCaseEvidence(ctx, actor, req.params.id, file),
      );
      return { exhibits };
    },
  );

  app.get(
    '/staff',
    { schema: { tags, querystring: StaffQuery, response: { 200: StaffList } } },
    async (req) => listStaff(ctx, actorOf(req), req.query.role),
  );
}
