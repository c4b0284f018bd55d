/** The access log and custody-log verification for auditors (`src/contracts/audit.ts`). */
import { Readable } from 'node:stream';
import {
  AccessLogExportQuery,
  AccessLogPage,
  AccessLogQuery,
  AccessLogVerification,
  CustodyVerification,
} from '../../../contracts/audit.ts';
import {
  exportAccessLog,
  listAccessLog,
  verifyAccessLog,
} from '../../../usecases/audit/access-log.ts';
import { verifyCustody } from '../../../usecases/audit/verify-custody.ts';
import { contentDisposition } from './exhibits.ts';
import { actorOf } from '../request-context.ts';
import type { DeskApp, RouteDeps } from '../types.ts';

export function registerAuditRoutes(app: DeskApp, { ctx }: RouteDeps): void {
  const tags = ['audit'];
  app.get(
    '/access-log',
    { schema: { tags, querystring: AccessLogQuery, response: { 200: AccessLogPage } } },
    async (req) => AccessLogPage.parse(await listAccessLog(ctx, actorOf(req), req.query)),
  );

  app.get(
    '/access-log/export',
    { schema: { tags, querystring: AccessLogExportQuery } },
    async (req, reply) => {
      const out = await exportAccessLog(ctx, actorOf(req), req.query);
      void reply
        .header('content-type', out.contentType)
        .header('content-disposition', contentDisposition(out.fileName))
        .header('cache-control', 'no-store');
      return reply.send(Readable.from(out.chunks));
    },
  );

  app.get(
    '/access-log/verify',
    { schema: { tags, response: { 200: AccessLogVerification } } },
    async (req) => verifyAccessLog(ctx, actorOf(req)),
  );

  app.get(
    '/custody/verify',
    { schema: { tags, response: { 200: CustodyVerification } } },
    async (req) => verifyCustody(ctx, actorOf(req)),
  );
}
