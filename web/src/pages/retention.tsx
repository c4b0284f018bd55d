/**
 * Retention review (docs/retention.md; docs/guide-officer.md "Retention review"): the officer's
 * queue of cases due for review, and the review page of one case, where the officer keeps the
 * case with a new review date or disposes of its material. The disposal form names everything
 * that will be destroyed and asks for the case reference to be typed again.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type {
  CaseRetention,
  DisposeReason,
  RetainReason,
  RetentionClassId,
  RetentionReviewList,
} from '../../../src/contracts/index.ts';
import { retentionApi } from '../api/retention-endpoints.ts';
import {
  Button,
  ErrorSummary,
  Hash,
  Link,
  LoadState,
  Notice,
  PageTitle,
  Radios,
  Select,
  TextArea,
  TextField,
  Time,
  formatBytes,
  humanize,
  may,
  useAction,
  useLoad,
  type FieldErrors,
} from '../components/ui.tsx';

const RETAIN_LABEL: Readonly<Record<RetainReason, string>> = {
  'investigation-ongoing': 'The investigation is still going on',
  'proceedings-or-appeal': 'Proceedings or an appeal are pending',
  'public-protection': 'Needed to protect the public or a child',
  'linked-intelligence': 'Linked to other intelligence or cases',
  'other-policing-purpose': 'Another policing purpose (say which)',
};

const DISPOSE_LABEL: Readonly<Record<DisposeReason, string>> = {
  'no-longer-necessary': 'No longer necessary for a policing purpose',
  'retention-period-ended': 'The retention period has ended',
};

/** An outcome in words. */
function outcomeText(o: string): string {
  return o === 'nfa' ? 'No further action' : humanize(o);
}

function dueText(days: number): string {
  if (days === 0) return 'due today';
  return days > 0 ? `${days} day${days === 1 ? '' : 's'} overdue` : `due in ${-days} days`;
}

/** The officer's cases due for review, most overdue first. */
export function RetentionQueuePage(): ReactNode {
  const reviews = useLoad<RetentionReviewList>(() => retentionApi.reviews(), []);
  return (
    <>
      <PageTitle>Retention reviews</PageTitle>
      <p>
        Your cases that are due for a retention review, and those due in the next 30 days. Keep a
        case with a new review date, or dispose of its material when it is no longer needed.
      </p>
      <LoadState loaded={reviews} what="the review queue">
        {(list) =>
          list.items.length === 0 ? (
            <p>No case of yours is due for review.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Cases due for review">
                <thead>
                  <tr>
                    <th scope="col">Case</th>
                    <th scope="col">Title</th>
                    <th scope="col">Status</th>
                    <th scope="col">Retention class</th>
                    <th scope="col">Review date</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((c) => (
                    <tr key={c.caseId}>
                      <th scope="row">
                        <Link to={`/cases/${c.caseId}/retention`}>{c.caseRef}</Link>
                      </th>
                      <td>{c.title}</td>
                      <td>
                        {humanize(c.status)}
                        {c.outcome ? ` (${outcomeText(c.outcome)})` : ''}
                      </td>
                      <td>{c.classLabel}</td>
                      <td className={c.due ? 'text-warning' : undefined}>
                        {c.reviewDue} ({dueText(c.overdueDays)})
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
    </>
  );
}

/** The retention review of one case. */
export function CaseRetentionPage(props: { readonly id: string }): ReactNode {
  const [tick, setTick] = useState(0);
  const loaded = useLoad<CaseRetention>(
    () => retentionApi.caseRetention(props.id),
    [props.id, tick],
  );
  return (
    <LoadState loaded={loaded} what="the case's retention">
      {(r) => <RetentionView r={r} reload={() => setTick((t) => t + 1)} />}
    </LoadState>
  );
}

function RetentionView(props: {
  readonly r: CaseRetention;
  readonly reload: () => void;
}): ReactNode {
  const { r } = props;
  return (
    <>
      <PageTitle title={`Retention of case ${r.caseRef}`}>
        Retention review: case {r.caseRef}
      </PageTitle>
      <dl className="summary-list">
        <dt>Title</dt>
        <dd>{r.title}</dd>
        <dt>Status</dt>
        <dd>
          {humanize(r.status)}
          {r.outcome ? ` — outcome: ${outcomeText(r.outcome)}` : ''}
        </dd>
        <dt>Retention class</dt>
        <dd>{r.classLabel}</dd>
        <dt>Review date</dt>
        <dd>
          {r.reviewDue}
          {r.disposedAt ? '' : r.due ? ' (due now)' : ' (not due yet)'}
        </dd>
      </dl>
      {r.disposedAt ? (
        <Notice kind="info" title="This case's material was disposed of">
          Disposed of <Time at={r.disposedAt} />. The custody log keeps a tombstone with the hash of
          every exhibit; the bytes and the keys that opened them were destroyed.
        </Notice>
      ) : (
        <p>
          <Link to={`/cases/${r.caseId}`}>Back to the case</Link>
        </p>
      )}
      {may(r.allowed, 'retain') ? <RetainForm r={r} onDone={props.reload} /> : null}
      {may(r.allowed, 'dispose') ? <DisposeForm r={r} onDone={props.reload} /> : null}
      <h2>Decisions</h2>
      {r.decisions.length === 0 ? (
        <p>No review decision has been recorded for this case.</p>
      ) : (
        <ul className="timeline" aria-label="Retention decisions">
          {r.decisions.map((d) => (
            <li key={d.id}>
              <p>
                <strong>{d.decision === 'retain' ? 'Kept' : 'Disposed of'}</strong> by{' '}
                {d.decidedBy.displayName}, <Time at={d.decidedAt} /> —{' '}
                {d.decision === 'retain'
                  ? `${RETAIN_LABEL[d.reasonCode as RetainReason] ?? humanize(d.reasonCode)}; next review ${d.nextReview ?? ''}`
                  : (DISPOSE_LABEL[d.reasonCode as DisposeReason] ?? humanize(d.reasonCode))}
              </p>
              <p>{d.rationale}</p>
              {d.decision === 'dispose' ? (
                <p>
                  {d.shreddedAt ? (
                    <>
                      Keys destroyed <Time at={d.shreddedAt} />.
                    </>
                  ) : (
                    'Keys not destroyed yet: the operator must run custos retention resume.'
                  )}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function RetainForm(props: { readonly r: CaseRetention; readonly onDone: () => void }): ReactNode {
  const { r } = props;
  const [reason, setReason] = useState('');
  const [rationale, setRationale] = useState('');
  const [nextReview, setNextReview] = useState('');
  const [cls, setCls] = useState<string>(r.retentionClass);
  const [errors, setErrors] = useState<FieldErrors>({});
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!reason) errs['retain-reason'] = 'Choose why the case is kept';
    if (rationale.trim().length < 10)
      errs['retain-rationale'] = 'Give the rationale, in at least 10 characters';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(nextReview) || nextReview <= r.today)
      errs['retain-next'] = `Enter a date after ${r.today}`;
    setErrors(errs);
    if (Object.keys(errs).length) return;
    if (
      await action.run(() =>
        retentionApi.decide(r.caseId, {
          decision: 'retain',
          reasonCode: reason as RetainReason,
          rationale: rationale.trim(),
          nextReview,
          retentionClass: cls as RetentionClassId,
        }),
      )
    )
      props.onDone();
  }
  return (
    <details className="details">
      <summary>Keep the case, with a new review date</summary>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Keep the case">
        <ErrorSummary errors={errors} />
        {action.error ? <Notice kind="error">{action.error}</Notice> : null}
        <Radios
          id="retain-reason"
          legend="Why is the case kept?"
          value={reason}
          onChange={setReason}
          error={errors['retain-reason']}
          options={r.retainReasons.map((x) => [x, RETAIN_LABEL[x]] as const)}
        />
        <TextArea
          id="retain-rationale"
          label="Rationale"
          hint="Recorded with the decision (R46). Do not write names or other personal details here."
          value={rationale}
          onChange={setRationale}
          error={errors['retain-rationale']}
          rows={3}
        />
        <Select
          id="retain-class"
          label="Retention class"
          value={cls}
          onChange={setCls}
          options={r.classes.map((c) => [c.id, c.label] as const)}
        />
        <TextField
          id="retain-next"
          label="Next review date"
          hint="At most ten years ahead."
          type="date"
          width="medium"
          value={nextReview}
          onChange={setNextReview}
          error={errors['retain-next']}
        />
        <Button busy={action.busy}>Keep the case</Button>
      </form>
    </details>
  );
}

function DisposeForm(props: { readonly r: CaseRetention; readonly onDone: () => void }): ReactNode {
  const { r } = props;
  const [reason, setReason] = useState('');
  const [rationale, setRationale] = useState('');
  const [cpia, setCpia] = useState(false);
  const [typed, setTyped] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const action = useAction();
  const destroyed = r.disposal.exhibits.filter((x) => x.keptFor === 0);
  const kept = r.disposal.exhibits.filter((x) => x.keptFor > 0);
  const bytes = destroyed.reduce((n, x) => n + x.sizeBytes, 0);
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!reason) errs['dispose-reason'] = 'Choose why the material is disposed of';
    if (rationale.trim().length < 10)
      errs['dispose-rationale'] = 'Give the rationale, in at least 10 characters';
    if (!cpia) errs['dispose-cpia'] = 'Confirm that the CPIA retention period has ended';
    if (typed.trim() !== r.caseRef) errs['dispose-confirm'] = `Type ${r.caseRef} to confirm`;
    setErrors(errs);
    if (Object.keys(errs).length) return;
    if (
      await action.run(() =>
        retentionApi.decide(r.caseId, {
          decision: 'dispose',
          reasonCode: reason as DisposeReason,
          rationale: rationale.trim(),
          confirmCaseRef: typed.trim(),
          cpiaPeriodEnded: cpia,
        }),
      )
    )
      props.onDone();
  }
  return (
    <details className="details">
      <summary>Dispose of the case's material</summary>
      <form
        noValidate
        onSubmit={(e) => void onSubmit(e)}
        aria-label="Dispose of the case's material"
      >
        <ErrorSummary errors={errors} />
        {action.error ? <Notice kind="error">{action.error}</Notice> : null}
        {!r.due ? (
          <Notice kind="warning">
            This case is not due for review until {r.reviewDue}; disposal will be refused before
            then.
          </Notice>
        ) : null}
        <Notice kind="danger" title="This cannot be undone">
          <p>Disposal will destroy, for good:</p>
          <ul aria-label="What will be destroyed">
            {destroyed.map((x) => (
              <li key={x.ref}>
                exhibit {x.ref} ({humanize(x.kind)}, {formatBytes(x.sizeBytes)}), SHA-256{' '}
                <Hash value={x.sha256} />
              </li>
            ))}
            <li>
              the text of {r.disposal.reports} report{r.disposal.reports === 1 ? '' : 's'} and{' '}
              {r.disposal.timelineEntries} timeline entr
              {r.disposal.timelineEntries === 1 ? 'y' : 'ies'} (notes, decisions, referrals), the
              instructions of {r.disposal.tasks} task
              {r.disposal.tasks === 1 ? '' : 's'} and their annotations, the selectors and triage
              assessments, and the case title
            </li>
          </ul>
          <p>
            {destroyed.length} exhibit{destroyed.length === 1 ? '' : 's'}, {formatBytes(bytes)} in
            all. Their keys are destroyed, so no copy of the encrypted bytes can be read again.
          </p>
          {kept.length > 0 ? (
            <p>
              Kept because another case or report holds the same bytes:{' '}
              {kept.map((x) => x.ref).join(', ')}. This case's record of them is disposed of; the
              bytes stay for the other holder.
            </p>
          ) : null}
          <p>
            The custody log keeps a tombstone for every exhibit, with its hash, and shows when, by
            whom and why it was disposed of. The access log keeps its entries.
          </p>
        </Notice>
        <Radios
          id="dispose-reason"
          legend="Why is the material disposed of?"
          value={reason}
          onChange={setReason}
          error={errors['dispose-reason']}
          options={r.disposeReasons.map((x) => [x, DISPOSE_LABEL[x]] as const)}
        />
        <TextArea
          id="dispose-rationale"
          label="Rationale"
          hint="Recorded with the decision and kept after disposal. Do not write names or other personal details here."
          value={rationale}
          onChange={setRationale}
          error={errors['dispose-rationale']}
          rows={3}
        />
        <div className={`field${errors['dispose-cpia'] ? ' field-error' : ''}`}>
          {errors['dispose-cpia'] ? (
            <p className="error-message" id="dispose-cpia-error">
              <span className="visually-hidden">Error: </span>
              {errors['dispose-cpia']}
            </p>
          ) : null}
          <div className="radio">
            <input
              id="dispose-cpia"
              type="checkbox"
              checked={cpia}
              onChange={(e) => setCpia(e.target.checked)}
              aria-describedby={errors['dispose-cpia'] ? 'dispose-cpia-error' : undefined}
            />
            <label htmlFor="dispose-cpia">
              I confirm the CPIA retention period has ended: no proceedings or appeal are pending
              and, after a conviction, the person has been released and six months have passed.
            </label>
          </div>
        </div>
        <TextField
          id="dispose-confirm"
          label={`Type the case reference ${r.caseRef} to confirm`}
          width="medium"
          value={typed}
          onChange={setTyped}
          error={errors['dispose-confirm']}
          spellCheck={false}
        />
        <Button kind="warning" busy={action.busy}>
          Dispose of the material
        </Button>
      </form>
    </details>
  );
}
