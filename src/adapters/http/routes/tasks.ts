/** Volunteer tasks (`src/contracts/tasks.ts`). */
import { IdParams } from '../../../contracts/common.ts';
import {
  Annotation,
  AnnotationBody,
  TaskDetail,
  TaskList,
  TaskStatusBody,
  TaskSummary,
  TaskViewTimer,
  ViewParams,
} from '../../../contracts/tasks.ts';
import { annotateLine } from '../../../usecases/tasks/annotate-line.ts';
import { setTaskStatus } from '../../../usecases/tasks/set-task-status.ts';
import { beatTaskView, startTaskView } from '../../../usecases/tasks/time-task-view.ts';
import { listTasks, viewTask } from '../../../usecases/tasks/view-task.ts';
import type { TaskView } from '../../../core/cases/types.ts';
import { people, personOf } from '../../../usecases/desk-support.ts';
import { actorOf } from '../request-context.ts';
import type { DeskApp, RouteDeps } from '../types.ts';

const timer = (v: TaskView) => ({
  viewId: v.id,
  startedAt: v.startedAt,
  lastBeatAt: v.lastBeatAt,
  endedAt: v.endedAt,
  durationMs: v.durationMs,
});

export function registerTaskRoutes(app: DeskApp, { ctx }: RouteDeps): void {
  const tags = ['tasks'];
  app.get('/tasks', { schema: { tags, response: { 200: TaskList } } }, async (req) =>
    TaskList.parse(await listTasks(ctx, actorOf(req))),
  );

  app.get(
    '/tasks/:id',
    { schema: { tags, params: IdParams, response: { 200: TaskDetail } } },
    async (req) => TaskDetail.parse(await viewTask(ctx, actorOf(req), req.params.id)),
  );

  app.post(
    '/tasks/:id/annotations',
    { schema: { tags, params: IdParams, body: AnnotationBody, response: { 200: Annotation } } },
    async (req) => {
      const a = await annotateLine(ctx, actorOf(req), req.params.id, req.body);
      const names = await people(ctx.uow.read, [a.authorId]);
      return {
        id: a.id,
        messageIndex: a.messageIndex,
        span: a.span ? ([a.span[0], a.span[1]] as [number, number]) : null,
        label: req.body.label,
        note: a.note,
        author: personOf(names, a.authorId),
        createdAt: a.createdAt,
      };
    },
  );

  app.post(
    '/tasks/:id/status',
    { schema: { tags, params: IdParams, body: TaskStatusBody, response: { 200: TaskSummary } } },
    async (req) =>
      TaskSummary.parse(await setTaskStatus(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/tasks/:id/views',
    { schema: { tags, params: IdParams, response: { 200: TaskViewTimer } } },
    async (req) => timer(await startTaskView(ctx, actorOf(req), req.params.id)),
  );

  app.post(
    '/tasks/:id/views/:viewId/heartbeat',
    { schema: { tags, params: ViewParams, response: { 200: TaskViewTimer } } },
    async (req) =>
      timer(await beatTaskView(ctx, actorOf(req), req.params.id, req.params.viewId, false)),
  );

  app.post(
    '/tasks/:id/views/:viewId/end',
    { schema: { tags, params: ViewParams, response: { 200: TaskViewTimer } } },
    async (req) =>
      timer(await beatTaskView(ctx, actorOf(req), req.params.id, req.params.viewId, true)),
  );
}
