/**
 * An officer's report page: what the reporter said, the evidence (exhibit, SHA-256, parse result),
 * the transcript viewer with each cited line highlighted, the triage assessment (decision support
 * only) with the override (band + reason, stored beside it), selectors, deconfliction hits with
 * acknowledge, and creating a case from the report, attaching it to one, or closing it.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  Band,
  type CaseList,
  type HitView,
  type ReportDetail,
  type SelectorView,
  type TranscriptView,
} from '../../../src/contracts/index.ts';
import { describeError } from '../api/errors.ts';
import { api } from '../api/endpoints.ts';
import { TranscriptViewer, indicatorLabel } from '../components/transcript.tsx';
import {
  BandBadge,
  Button,
  Hash,
  Link,
  LoadState,
  Notice,
  PageTitle,
  Select,
  TextArea,
  TextField,
  Time,
  formatBytes,
  humanize,
  may,
  useLoad,
} from '../components/ui.tsx';
import { navigate } from '../router.ts';
import { JustificationPrompt, justificationNeeded } from './case.tsx';
import { PLATFORM_LABELS } from './public-report.tsx';
import { TargetTimer } from './queue.tsx';

export function ReportPage(props: { readonly id: string }): ReactNode {
  const report = useLoad<ReportDetail>(() => api.report(props.id), [props.id]);
  const need = justificationNeeded(report.error);
  if (need)
    return (
      <JustificationPrompt caseId={need.caseId} caseRef={need.caseRef} onDone={report.reload} />
    );
  return (
    <LoadState loaded={report} what="the report">
      {(r) => <ReportView report={r} reload={report.reload} />}
    </LoadState>
  );
}

function ReportView(props: {
  readonly report: ReportDetail;
  readonly reload: () => void;
}): ReactNode {
  const r = props.report;
  const parsed = r.evidence.filter((e) => e.transcriptId !== null || e.kind === 'transcript');
  const [exhibitId, setExhibitId] = useState<string | undefined>(parsed[0]?.id);
  const now = Date.now();
  return (
    <>
      <PageTitle title={`Report ${r.ref}`}>
        Report {r.ref} <BandBadge band={r.overrides[0]?.band ?? r.assessment?.band ?? null} />
      </PageTitle>
      {r.dangerNow !== 'no' ? (
        <Notice kind="danger" title="The reporter said a child may be in danger now">
          Answer to “Is a child in danger right now?”: {r.dangerNow === 'yes' ? 'Yes' : 'Not sure'}.
          Follow the force’s immediate-risk procedure.
        </Notice>
      ) : null}
      {r.deconfliction.state === 'hit' ? (
        <Notice kind="warning" title="Deconfliction match">
          This report’s identifiers match another case. Tasks on it stay blocked until you
          acknowledge each match below.
        </Notice>
      ) : null}
      <dl className="summary-list">
        <dt>Status</dt>
        <dd>
          {humanize(r.status)}
          {r.closedReason ? ` — ${r.closedReason}` : ''}
        </dd>
        <dt>Received</dt>
        <dd>
          <Time at={r.receivedAt} /> ({r.source === 'public' ? 'public form' : 'staff'})
        </dd>
        <dt>Target</dt>
        <dd>
          <TargetTimer target={r.target} now={now} />
        </dd>
        <dt>Platform</dt>
        <dd>
          {PLATFORM_LABELS[r.platform]}
          {r.platformOther ? ` (${r.platformOther})` : ''}
        </dd>
        <dt>Child’s age</dt>
        <dd>{r.childAge ?? 'not known'}</dd>
        <dt>Reporter</dt>
        <dd>{r.reporterRelation ? humanize(r.reporterRelation) : 'not said'}</dd>
        <dt>Contact</dt>
        <dd>
          {r.contact
            ? [r.contact.name, r.contact.email, r.contact.phone].filter(Boolean).join(' · ') || '—'
            : 'none given'}
        </dd>
        {r.case ? (
          <>
            <dt>Case</dt>
            <dd>
              <Link to={`/cases/${r.case.id}`}>{r.case.ref}</Link> (owner {r.case.owner.displayName}
              )
            </dd>
          </>
        ) : null}
      </dl>
      <h2>What happened</h2>
      <p className="prewrap">{r.whatHappened}</p>
      <h2>Identifiers given by the reporter</h2>
      {r.otherPersonIdentifiers.length ? (
        <ul>
          {r.otherPersonIdentifiers.map((s, i) => (
            <li key={i}>
              <code>{s}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}

      <Assessment report={r} reload={props.reload} />

      <h2>Evidence</h2>
      <ExhibitTable exhibits={r.evidence} />
      {parsed.length ? (
        <>
          <h2>Transcript</h2>
          {parsed.length > 1 ? (
            <Select
              id="exhibit-choice"
              label="Exhibit to show"
              value={exhibitId ?? ''}
              onChange={setExhibitId}
              options={parsed.map((e) => [e.id, `${e.ref} ${e.originalName ?? ''}`] as const)}
            />
          ) : null}
          <ReportTranscript reportId={r.id} exhibitId={exhibitId} />
        </>
      ) : null}

      <h2>Selectors</h2>
      <SelectorTable selectors={r.selectors} />

      <h2>Deconfliction</h2>
      <Hits hits={r.deconfliction.hits} onDone={props.reload} />

      <CaseActions report={r} reload={props.reload} />
    </>
  );
}

function ReportTranscript(props: {
  readonly reportId: string;
  readonly exhibitId: string | undefined;
}): ReactNode {
  const t = useLoad<TranscriptView>(
    () => api.reportTranscript(props.reportId, props.exhibitId),
    [props.reportId, props.exhibitId],
  );
  return (
    <LoadState loaded={t} what="the transcript">
      {(v) => <TranscriptViewer transcript={v} />}
    </LoadState>
  );
}

function Assessment(props: {
  readonly report: ReportDetail;
  readonly reload: () => void;
}): ReactNode {
  const { assessment: a, overrides } = props.report;
  const inForce = overrides[0];
  return (
    <section aria-labelledby="assessment-title">
      <h2 id="assessment-title">Triage assessment</h2>
      <p className="muted">
        Decision support only: it orders the queue and explains itself. You decide.
      </p>
      {a ? (
        <>
          <dl className="summary-list">
            <dt>Band</dt>
            <dd>
              <BandBadge band={a.band} />
              {a.imminent ? <strong className="text-danger"> Imminent-risk trigger</strong> : null}
            </dd>
            <dt>Score</dt>
            <dd>{a.score.toFixed(2)}</dd>
            <dt>Assessed</dt>
            <dd>
              <Time at={a.assessedAt} /> on {a.exhibitRef ?? 'the report'} (rules {a.rulesetVersion}
              )
            </dd>
          </dl>
          {a.citations.length ? (
            <>
              <h3>Why</h3>
              <ul>
                {a.citations.map((c, i) => (
                  <li key={i}>
                    <a href={`#line-${c.line}`}>Line {c.line}</a>: {indicatorLabel(c.indicator)} (
                    {humanize(c.stage.toLowerCase())}, {c.speaker}, +{c.contribution.toFixed(2)})
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>No indicators were found.</p>
          )}
        </>
      ) : (
        <p>Not assessed (no chat export could be read).</p>
      )}
      {inForce ? (
        <Notice kind="info" title={`Overridden to ${humanize(inForce.band.toLowerCase())}`}>
          By {inForce.by.displayName}, <Time at={inForce.at} />: {inForce.reason}
        </Notice>
      ) : null}
      {overrides.length > 1 ? (
        <details className="details">
          <summary>Earlier overrides ({overrides.length - 1})</summary>
          <ul>
            {overrides.slice(1).map((o) => (
              <li key={o.id}>
                {humanize(o.band.toLowerCase())} by {o.by.displayName}, <Time at={o.at} />:{' '}
                {o.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {may(props.report.allowed, 'overrideTriage') ? (
        <OverrideForm reportId={props.report.id} onDone={props.reload} />
      ) : null}
    </section>
  );
}

function OverrideForm(props: {
  readonly reportId: string;
  readonly onDone: () => void;
}): ReactNode {
  const [band, setBand] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const b = Band.safeParse(band);
    if (!b.success) errs['override-band'] = 'Choose a band';
    if (reason.trim().length < 10)
      errs['override-reason'] = 'Give the reason in at least 10 characters';
    setErrors(errs);
    if (!b.success || Object.keys(errs).length) return;
    setBusy(true);
    setError(null);
    try {
      await api.overrideTriage(props.reportId, { band: b.data, reason: reason.trim() });
      setBand('');
      setReason('');
      props.onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <details className="details">
      <summary>Override the band</summary>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Override the band">
        {error ? <Notice kind="error">{error}</Notice> : null}
        <Select
          id="override-band"
          label="Band"
          placeholder="Choose a band"
          value={band}
          onChange={setBand}
          error={errors['override-band']}
          options={[...Band.options].reverse().map((b) => [b, humanize(b.toLowerCase())] as const)}
        />
        <TextArea
          id="override-reason"
          label="Reason"
          hint="Recorded beside the assessment, which is kept unchanged."
          rows={3}
          value={reason}
          onChange={setReason}
          error={errors['override-reason']}
        />
        <Button busy={busy}>Record override</Button>
      </form>
    </details>
  );
}

export function ExhibitTable(props: {
  readonly exhibits: ReportDetail['evidence'];
  readonly originals?: boolean;
}): ReactNode {
  if (!props.exhibits.length) return <p>No files.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Exhibit</th>
            <th scope="col">File</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Read as</th>
          </tr>
        </thead>
        <tbody>
          {props.exhibits.map((e) => (
            <tr key={e.id}>
              <th scope="row">{e.ref}</th>
              <td>
                {e.originalName ?? humanize(e.kind)}
                <div className="small muted">
                  {formatBytes(e.sizeBytes)} · {e.form} · <Time at={e.acquiredAt} />
                </div>
              </td>
              <td>
                <Hash value={e.sha256} />
              </td>
              <td>
                {e.failure ? (
                  <span className="text-warning">
                    Not read: {e.failure.message} <span className="muted">({e.failure.code})</span>
                  </span>
                ) : e.format ? (
                  `${e.format}${e.messageCount !== null ? `, ${e.messageCount} messages` : ''}`
                ) : (
                  humanize(e.status)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SelectorTable(props: { readonly selectors: readonly SelectorView[] }): ReactNode {
  if (!props.selectors.length) return <p>No identifiers found.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="selectors">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Identifier</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {props.selectors.map((s, i) => (
            <tr key={`${s.kind}-${s.value}-${i}`}>
              <td>{humanize(s.kind)}</td>
              <td>
                <code className={s.masked ? 'masked' : undefined}>{s.value}</code>
                {s.masked ? <span className="visually-hidden"> (masked)</span> : null}
              </td>
              <td>
                {s.source === 'reported'
                  ? 'Given by the reporter'
                  : `Found in ${s.exhibitRef ?? 'an exhibit'}${s.messageIndex !== null ? `, line ${s.messageIndex}` : ''}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Deconfliction hits: a pointer to the other side (a case's reference and owner, or a queued
 * report's reference), never its content. An unacknowledged hit blocks volunteer tasks.
 */
export function Hits(props: {
  readonly hits: readonly HitView[];
  readonly onDone: () => void;
}): ReactNode {
  if (!props.hits.length) return <p>No matches with other cases or reports.</p>;
  return (
    <ul className="hit-list" data-testid="hits">
      {props.hits.map((h) => (
        <li key={h.id} className={`hit${h.acknowledged ? '' : ' hit-open'}`}>
          <p>
            <strong>
              {h.matchType === 'exact' ? 'Exact match' : `Near match (${h.similarity}%)`}
            </strong>{' '}
            on {humanize(h.selector.kind)} <code>{h.selector.value}</code>{' '}
            {h.direction === 'outgoing'
              ? `of report ${h.report.ref}`
              : `(a newer report, ${h.report.ref}, matches)`}
          </p>
          <p>
            {h.counterpart.kind === 'case' ? (
              <>
                Other case: <strong>{h.counterpart.ref}</strong>, owned by{' '}
                {h.counterpart.owner.displayName}. Talk to them before acting.
              </>
            ) : (
              <>
                Other report, still in the queue: <strong>{h.counterpart.ref}</strong>.
              </>
            )}
          </p>
          <p className="muted">{h.explanation}</p>
          {h.acknowledged ? (
            <p>
              Acknowledged by {h.acknowledged.by.displayName}, <Time at={h.acknowledged.at} />
              {h.acknowledged.note ? `: ${h.acknowledged.note}` : '.'}
            </p>
          ) : h.canAcknowledge ? (
            <AcknowledgeForm hit={h} onDone={props.onDone} />
          ) : (
            <p className="text-warning">Not acknowledged yet.</p>
          )}
        </li>
      ))}
    </ul>
  );
}

function AcknowledgeForm(props: { readonly hit: HitView; readonly onDone: () => void }): ReactNode {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.acknowledgeHit(
        props.hit.report.id,
        props.hit.id,
        note.trim() ? { note: note.trim() } : {},
      );
      props.onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      noValidate
      onSubmit={(e) => void onSubmit(e)}
      aria-label={`Acknowledge the match on ${props.hit.selector.value} with ${props.hit.counterpart.ref}`}
    >
      {error ? <Notice kind="error">{error}</Notice> : null}
      <TextField
        id={`ack-note-${props.hit.id}`}
        label="Note (optional)"
        hint="For example: spoke to the other case’s owner; agreed who leads."
        value={note}
        onChange={setNote}
      />
      <Button kind="secondary" busy={busy}>
        Acknowledge match
      </Button>
    </form>
  );
}

function CaseActions(props: {
  readonly report: ReportDetail;
  readonly reload: () => void;
}): ReactNode {
  const r = props.report;
  const canCreate = may(r.allowed, 'createCase');
  const canAttach = may(r.allowed, 'attachToCase');
  const canClose = may(r.allowed, 'close');
  if (!canCreate && !canAttach && !canClose) return null;
  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">Decide</h2>
      {canCreate ? <CreateCaseForm reportId={r.id} /> : null}
      {canAttach ? <AttachForm reportId={r.id} /> : null}
      {canClose ? <CloseForm reportId={r.id} onDone={props.reload} /> : null}
    </section>
  );
}

function CreateCaseForm(props: { readonly reportId: string }): ReactNode {
  const [title, setTitle] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (title.trim().length < 3) {
      setFieldError('Give the case a title of at least 3 characters');
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    setError(null);
    try {
      const c = await api.createCase(props.reportId, { title: title.trim() });
      navigate(`/cases/${c.id}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }
  return (
    <form
      noValidate
      onSubmit={(e) => void onSubmit(e)}
      aria-label="Create a case"
      className="panel"
    >
      <h3>Open a case</h3>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <TextField
        id="case-title"
        label="Case title"
        hint="No names: for example “Football-club contact, Snapchat move”."
        value={title}
        onChange={setTitle}
        error={fieldError}
      />
      <Button busy={busy}>Create case</Button>
    </form>
  );
}

function AttachForm(props: { readonly reportId: string }): ReactNode {
  const [open, setOpen] = useState(false);
  return (
    <details className="details" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Attach to one of your cases</summary>
      {open ? <AttachChoice reportId={props.reportId} /> : null}
    </details>
  );
}

function AttachChoice(props: { readonly reportId: string }): ReactNode {
  const cases = useLoad<CaseList>(() => api.cases(), []);
  const [caseId, setCaseId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!caseId) return;
    setBusy(true);
    setError(null);
    try {
      const c = await api.attachReport(props.reportId, caseId);
      navigate(`/cases/${c.id}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }
  return (
    <LoadState loaded={cases} what="your cases">
      {(list) => {
        const open = list.items.filter((c) => c.status === 'open');
        if (!open.length) return <p>You have no open cases.</p>;
        return (
          <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Attach to a case">
            {error ? <Notice kind="error">{error}</Notice> : null}
            <Select
              id="attach-case"
              label="Case"
              placeholder="Choose a case"
              value={caseId}
              onChange={setCaseId}
              options={open.map((c) => [c.id, `${c.ref} — ${c.title}`] as const)}
            />
            <Button kind="secondary" busy={busy} disabled={!caseId}>
              Attach report
            </Button>
          </form>
        );
      }}
    </LoadState>
  );
}

function CloseForm(props: { readonly reportId: string; readonly onDone: () => void }): ReactNode {
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (reason.trim().length < 10) {
      setFieldError('Give the reason in at least 10 characters');
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    setError(null);
    try {
      await api.closeReport(props.reportId, { reason: reason.trim() });
      props.onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <details className="details">
      <summary>Close without a case</summary>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Close the report">
        {error ? <Notice kind="error">{error}</Notice> : null}
        <TextArea
          id="close-reason"
          label="Reason"
          rows={3}
          value={reason}
          onChange={setReason}
          error={fieldError}
        />
        <Button kind="warning" busy={busy}>
          Close report
        </Button>
      </form>
    </details>
  );
}
