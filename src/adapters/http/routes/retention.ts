/** Retention review: the officer's review queue, a case's retention, the decision (`src/contracts/retention.ts`). */
import { IdParams } from '../../../contracts/common.ts';
import {
  CaseRetention,
  RetentionClassList,
  RetentionDecision,
  RetentionDecisionBody,
  RetentionReviewList,
} from '../../../contracts/retention.ts';
import {
  decideRetention,
  listRetentionClasses,
  listRetentionReviews,
  viewCaseRetention,
} from '../../../usecases/retention/review-retention.ts';
import { actorOf } from '../request-context.ts';
import type { DeskApp, RouteDeps } from '../types.ts';

export function registerRetentionRoutes(app: DeskApp, { ctx }: RouteDeps): void {
  const tags = ['retention'];
  app.get(
    '/retention/reviews',
    { schema: { tags, response: { 200: RetentionReviewList } } },
    async (req) => RetentionReviewList.parse(await listRetentionReviews(ctx, actorOf(req))),
  );

  app.get(
    '/retention/classes',
    { schema: { tags, response: { 200: RetentionClassList } } },
    async (req) => RetentionClassList.parse(await listRetentionClasses(ctx, actorOf(req))),
  );

  app.get(
    '/cases/:id/retention',
    { schema: { tags, params: IdParams, response: { 200: CaseRetention } } },
    async (req) => CaseRetention.parse(await viewCaseRetention(ctx, actorOf(req), req.params.id)),
  );

  app.post(
    '/cases/:id/retention',
    {
      schema: {
        tags,
        params: IdParams,
        body: RetentionDecisionBody,
        response: { 200: RetentionDecision },
      },
    },
    async (req) =>
      RetentionDecision.parse(await decideRetention(ctx, actorOf(req), req.params.id, req.body)),
  );
}
