/** Exhibit transcripts and originals for officers (`src/contracts/evidence.ts`). */
import { IdParams } from '../../../contracts/common.ts';
import { TranscriptView } from '../../../contracts/evidence.ts';
import {
  downloadOriginal,
  viewExhibitTranscript,
} from '../../../usecases/reports/view-transcript.ts';
import { Readable } from 'node:stream';
import { actorOf } from '../request-context.ts';
import type { DeskApp, RouteDeps } from '../types.ts';

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 with RFC 8187 for non-ASCII names). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function registerExhibitRoutes(app: DeskApp, { ctx }: RouteDeps): void {
  const tags = ['exhibits'];
  app.get(
    '/exhibits/:id/transcript',
    { schema: { tags, params: IdParams, response: { 200: TranscriptView } } },
    async (req) =>
      TranscriptView.parse(await viewExhibitTranscript(ctx, actorOf(req), req.params.id)),
  );

  app.get('/exhibits/:id/original', { schema: { tags, params: IdParams } }, async (req, reply) => {
    const { exhibit, name, bytes } = await downloadOriginal(ctx, actorOf(req), req.params.id);
    void reply
      .header('content-type', 'application/octet-stream')
      .header('content-length', String(exhibit.sizeBytes))
      .header('content-disposition', contentDisposition(name))
      .header('x-content-sha256', exhibit.sha256)
      .header('cache-control', 'no-store');
    return reply.send(Readable.from(bytes));
  });
}
