/** The retention review endpoints (`src/contracts/retention.ts`), one typed function each. */
import {
  CaseRetention,
  RetentionClassList,
  RetentionDecision,
  RetentionReviewList,
  type RetentionDecisionBody,
} from '../../../src/contracts/index.ts';
import { request } from './client.ts';

const enc = encodeURIComponent;

export const retentionApi = {
  reviews: () => request('GET', '/retention/reviews', RetentionReviewList),
  classes: () => request('GET', '/retention/classes', RetentionClassList),
  caseRetention: (caseId: string) =>
    request('GET', `/cases/${enc(caseId)}/retention`, CaseRetention),
  decide: (caseId: string, body: RetentionDecisionBody) =>
    request('POST', `/cases/${enc(caseId)}/retention`, RetentionDecision, { body }),
};
