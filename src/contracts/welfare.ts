/**
 * Welfare figures for programme managers: time volunteers spent viewing case material, measured
 * from timed page views of their tasks (R59), never self-reported. No case content.
 *
 * Endpoint (under `/api/v1`, programme managers): `GET /welfare/exposure?from=&to=` → {@link ExposureSummary}
 */
import { z } from 'zod';
import { Id, Time } from './common.ts';

export const ExposureQuery = z.object({ from: Time.optional(), to: Time.optional() });
export type ExposureQuery = z.infer<typeof ExposureQuery>;

export const ExposureSummary = z.object({
  from: Time,
  to: Time,
  volunteers: z.array(
    z.object({
      id: Id,
      displayName: z.string(),
      /** Milliseconds of timed views of task material in the period. */
      totalMs: z.number().int(),
      views: z.number().int(),
      /** Per UTC day, `YYYY-MM-DD`. */
      days: z.array(z.object({ date: z.string(), ms: z.number().int() })),
    }),
  ),
});
export type ExposureSummary = z.infer<typeof ExposureSummary>;
