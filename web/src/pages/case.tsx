/**
 * The case page (owning officer). The first view in a session answers 428
 * `JUSTIFICATION_REQUIRED` (DPA 2018 s62, R38): the officer gives a reason, then the case loads.
 * Shows exhibits with hash, reference and custody events; selectors; deconfliction hits with
 * acknowledge; tasks and assigning them to volunteers; notes; decisions (including the R53
 * subject-welfare decision); referrals (arrest and interview need a welfare decision first);
 * the outcome; transfer to another officer; the timeline of everything recorded.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  JustificationReason,
  Outcome,
  ReferralPurpose,
  SuicideRisk,
  TASK_TYPES,
  TaskType,
  type CaseDetail,
  type CaseEntry,
  type StaffList,
  type AuthorisationList,
  type TranscriptView,
} from '../../../src/contracts/index.ts';
import { ApiError } from '../api/errors.ts';
import { api } from '../api/endpoints.ts';
import { TranscriptViewer } from '../components/transcript.tsx';
import {
  BandBadge,
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
import { Hits, SelectorTable } from './report.tsx';

const REASON_LABEL: Readonly<Record<JustificationReason, string>> = {
  'case-work': 'Working on this case',
  'deconfliction-check': 'Checking a deconfliction match',
  supervision: 'Supervision or review',
  'disclosure-review': 'Disclosure review (CPIA)',
  safeguarding: 'Safeguarding a child',
  other: 'Another reason',
};

/**
 * The case a 428 `JUSTIFICATION_REQUIRED` answer asks a reason for (its `details.caseId`), or
 * null when `e` is another error. Reports, transcripts and tasks of a case answer it too.
 */
export function justificationNeeded(
  e: unknown,
  fallbackCaseId?: string,
): { caseId: string; caseRef: string | null } | null {
  if (!(e instanceof ApiError) || (e.code !== 'JUSTIFICATION_REQUIRED' && e.status !== 428))
    return null;
  const id = e.details?.caseId;
  const ref = e.details?.caseRef;
  const caseId = typeof id === 'string' ? id : fallbackCaseId;
  return caseId ? { caseId, caseRef: typeof ref === 'string' ? ref : null } : null;
}

export function CasePage(props: { readonly id: string }): ReactNode {
  const kase = useLoad<CaseDetail>(() => api.case(props.id), [props.id]);
  const need = justificationNeeded(kase.error, props.id);
  if (need)
    return <JustificationPrompt caseId={need.caseId} caseRef={need.caseRef} onDone={kase.reload} />;
  return (
    <LoadState loaded={kase} what="the case">
      {(c) => <CaseView kase={c} reload={kase.reload} />}
    </LoadState>
  );
}

/** Asks why the officer is opening the case (R38), then lets the case load. */
export function JustificationPrompt(props: {
  readonly caseId: string;
  readonly caseRef?: string | null;
  readonly onDone: () => void;
}): ReactNode {
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const r = JustificationReason.safeParse(reason);
    if (!r.success) errs['justification-reason'] = 'Choose why you are opening this case';
    if (reason === 'other' && text.trim().length < 5)
      errs['justification-text'] = 'Say why, in at least 5 characters';
    setErrors(errs);
    if (!r.success || Object.keys(errs).length) return;
    const ok = await action.run(() =>
      api.justify(props.caseId, {
        reasonCode: r.data,
        ...(text.trim() ? { text: text.trim() } : {}),
      }),
    );
    if (ok) props.onDone();
  }
  return (
    <div className="narrow">
      <PageTitle>Why are you opening this case?</PageTitle>
      {props.caseRef ? (
        <p>
          This belongs to case <strong>{props.caseRef}</strong>.
        </p>
      ) : null}
      <p>
        Every consultation of personal data is recorded with a reason (Data Protection Act 2018,
        s62). You are asked once per case in each session.
      </p>
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Justification">
        <Radios
          id="justification-reason"
          legend="Reason"
          value={reason}
          onChange={setReason}
          error={errors['justification-reason']}
          options={JustificationReason.options.map((o) => [o, REASON_LABEL[o]] as const)}
        />
        <TextField
          id="justification-text"
          label={reason === 'other' ? 'Say why' : 'More detail (optional)'}
          value={text}
          onChange={setText}
          error={errors['justification-text']}
        />
        <Button busy={action.busy}>Open case</Button>
      </form>
    </div>
  );
}

function CaseView(props: { readonly kase: CaseDetail; readonly reload: () => void }): ReactNode {
  const c = props.kase;
  const { reload } = props;
  return (
    <>
      <PageTitle title={`Case ${c.ref}`}>
        Case {c.ref}: {c.title}
      </PageTitle>
      <dl className="summary-list">
        <dt>Status</dt>
        <dd>
          {humanize(c.status)}
          {c.outcome ? ` — outcome: ${humanize(c.outcome)}` : ''}
        </dd>
        <dt>Owner</dt>
        <dd>{c.owner.displayName}</dd>
        <dt>Opened</dt>
        <dd>
          <Time at={c.createdAt} />
        </dd>
        <dt>Retention</dt>
        <dd>
          <Link to={`/cases/${c.id}/retention`}>Retention review</Link>
        </dd>
        <dt>Your reason for this view</dt>
        <dd>
          {REASON_LABEL[c.justification.reasonCode]}, <Time at={c.justification.at} />
        </dd>
      </dl>
      {c.pendingHits ? (
        <Notice kind="warning" title="Deconfliction matches to check">
          {c.pendingHits} match{c.pendingHits === 1 ? '' : 'es'} with other cases. Tasks on the
          reports concerned stay blocked until you acknowledge them.
        </Notice>
      ) : null}

      <nav aria-label="On this page" className="toc">
        <ul>
          <li>
            <a href="#reports">Reports</a>
          </li>
          <li>
            <a href="#exhibits">Exhibits</a>
          </li>
          <li>
            <a href="#selectors">Selectors</a>
          </li>
          <li>
            <a href="#deconfliction">Deconfliction</a>
          </li>
          <li>
            <a href="#tasks">Tasks</a>
          </li>
          <li>
            <a href="#record">Notes and decisions</a>
          </li>
          <li>
            <a href="#referral">Referral</a>
          </li>
          <li>
            <a href="#outcome">Outcome</a>
          </li>
          <li>
            <a href="#timeline">Timeline</a>
          </li>
        </ul>
      </nav>

      <h2 id="reports">Reports</h2>
      <ul>
        {c.reports.map((r) => (
          <li key={r.id}>
            <Link to={`/reports/${r.id}`}>{r.ref}</Link> <BandBadge band={r.band} /> received{' '}
            <Time at={r.receivedAt} />
          </li>
        ))}
      </ul>

      <h2 id="exhibits">Exhibits</h2>
      <Exhibits kase={c} />
      {may(c.allowed, 'addEvidence') ? <AddEvidence caseId={c.id} onDone={reload} /> : null}

      <h2 id="selectors">Selectors</h2>
      <SelectorTable selectors={c.selectors} />

      <h2 id="deconfliction">Deconfliction</h2>
      <Hits hits={c.deconfliction} onDone={reload} />

      <h2 id="tasks">Tasks</h2>
      <Tasks kase={c} />
      {may(c.allowed, 'assignTask') ? <AssignTask kase={c} onDone={reload} /> : null}

      <h2 id="record">Notes and decisions</h2>
      {may(c.allowed, 'addNote') ? <NoteForm caseId={c.id} onDone={reload} /> : null}
      {may(c.allowed, 'decide') ? <DecisionForm caseId={c.id} onDone={reload} /> : null}

      <h2 id="referral">Referral</h2>
      {may(c.allowed, 'refer') ? (
        <ReferralForm kase={c} onDone={reload} />
      ) : (
        <p>Referrals can be made while the case is open.</p>
      )}

      <h2 id="outcome">Outcome and transfer</h2>
      {may(c.allowed, 'recordOutcome') ? <OutcomeForm caseId={c.id} onDone={reload} /> : null}
      {may(c.allowed, 'transfer') ? <TransferForm caseId={c.id} /> : null}
      {!may(c.allowed, 'recordOutcome') && !may(c.allowed, 'transfer') ? (
        <p>The case is closed{c.outcome ? ` (${humanize(c.outcome)})` : ''}.</p>
      ) : null}

      <h2 id="timeline">Timeline</h2>
      <Timeline entries={c.timeline} />
    </>
  );
}

function Exhibits(props: { readonly kase: CaseDetail }): ReactNode {
  const [showing, setShowing] = useState<string | null>(null);
  const c = props.kase;
  if (!c.exhibits.length) return <p>No exhibits.</p>;
  return (
    <>
      <ul className="exhibit-list">
        {c.exhibits.map((e) => (
          <li key={e.id} className="exhibit">
            <h3>
              {e.ref} <span className="muted small">{humanize(e.kind)}</span>
            </h3>
            <dl className="summary-list">
              <dt>File</dt>
              <dd>
                {e.originalName ?? '—'} ({formatBytes(e.sizeBytes)}, {e.form})
              </dd>
              <dt>SHA-256</dt>
              <dd>
                <Hash value={e.sha256} />
              </dd>
              <dt>Read as</dt>
              <dd>
                {e.failure
                  ? `Not read: ${e.failure.message}`
                  : e.format
                    ? `${e.format}${e.messageCount !== null ? `, ${e.messageCount} messages` : ''}`
                    : humanize(e.status)}
              </dd>
              <dt>Acquired</dt>
              <dd>
                <Time at={e.acquiredAt} />
              </dd>
            </dl>
            <details className="details">
              <summary>Custody events ({e.custody.length})</summary>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col">Who</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {e.custody.map((ev) => (
                    <tr key={ev.seq}>
                      <td>{ev.seq}</td>
                      <td>
                        <Time at={ev.at} />
                      </td>
                      <td>{humanize(ev.action)}</td>
                      <td>{ev.actor}</td>
                      <td>{ev.reason ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
            <div className="button-row">
              {e.transcriptId !== null || e.kind === 'transcript' ? (
                <button
                  type="button"
                  className="button button-secondary"
                  aria-expanded={showing === e.id}
                  onClick={() => setShowing(showing === e.id ? null : e.id)}
                >
                  {showing === e.id ? 'Hide transcript' : 'Show transcript'}
                </button>
              ) : null}
              {e.kind === 'original' ? (
                <a className="button button-secondary" href={api.originalUrl(e.id)} download>
                  Download original (recorded as a disclosure)
                </a>
              ) : null}
            </div>
            {showing === e.id ? <ExhibitTranscript exhibitId={e.transcriptId ?? e.id} /> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function ExhibitTranscript(props: { readonly exhibitId: string }): ReactNode {
  const t = useLoad<TranscriptView>(
    () => api.exhibitTranscript(props.exhibitId),
    [props.exhibitId],
  );
  return (
    <LoadState loaded={t} what="the transcript">
      {(v) => <TranscriptViewer transcript={v} />}
    </LoadState>
  );
}

function AddEvidence(props: { readonly caseId: string; readonly onDone: () => void }): ReactNode {
  const [files, setFiles] = useState<File[]>([]);
  const [added, setAdded] = useState<{ ref: string; name: string; sha256: string }[]>([]);
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!files.length) return;
    await action.run(async () => {
      const r = await api.addCaseEvidence(props.caseId, files);
      setAdded(r.exhibits);
      setFiles([]);
      props.onDone();
    });
  }
  return (
    <details className="details">
      <summary>Add evidence</summary>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Add evidence">
        {action.error ? <Notice kind="error">{action.error}</Notice> : null}
        <div className="field">
          <label htmlFor="case-files">Files</label>
          <input
            id="case-files"
            type="file"
            multiple
            className="file-input"
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
          />
        </div>
        <Button kind="secondary" busy={action.busy} disabled={!files.length}>
          Add to case
        </Button>
      </form>
      {added.length ? (
        <Notice kind="success" title="Added">
          <ul>
            {added.map((a) => (
              <li key={a.ref}>
                {a.ref} {a.name}: <Hash value={a.sha256} />
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
    </details>
  );
}

function Tasks(props: { readonly kase: CaseDetail }): ReactNode {
  const { tasks } = props.kase;
  if (!tasks.length) return <p>No tasks yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Volunteer</th>
            <th scope="col">Exhibit</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={t.id}>
              <th scope="row">
                <Link to={`/tasks/${t.id}`}>{TASK_TYPES[t.type].label}</Link>
              </th>
              <td>{t.assignee.displayName}</td>
              <td>{t.exhibitRef}</td>
              <td>
                {humanize(t.status)}
                {t.blocked ? (
                  <div className="text-warning small">Blocked: {t.blockedReason}</div>
                ) : null}
                {t.locked ? (
                  <div className="text-warning small">
                    Locked: {t.missing.map((m) => m.message).join('; ')}
                  </div>
                ) : null}
                {t.summary ? <div className="small">{t.summary}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AssignTask(props: { readonly kase: CaseDetail; readonly onDone: () => void }): ReactNode {
  const volunteers = useLoad<StaffList>(() => api.staff('volunteer'), []);
  const authorisations = useLoad<AuthorisationList>(() => api.authorisations(), []);
  const [authorisationId, setAuthorisation] = useState('');
  const exhibits = props.kase.exhibits.filter(
    (e) => e.transcriptId !== null || e.kind === 'transcript',
  );
  const [type, setType] = useState<string>('transcript-review');
  const [assigneeId, setAssignee] = useState('');
  const [exhibitId, setExhibit] = useState(exhibits[0]?.id ?? '');
  const [instructions, setInstructions] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const t = TaskType.safeParse(type);
    if (!t.success) errs['task-type'] = 'Choose a task type';
    if (!assigneeId) errs['task-assignee'] = 'Choose a volunteer';
    if (!exhibitId) errs['task-exhibit'] = 'Choose an exhibit';
    if (instructions.trim().length < 3)
      errs['task-instructions'] = 'Write instructions of at least 3 characters';
    setErrors(errs);
    if (!t.success || Object.keys(errs).length) return;
    const ok = await action.run(() =>
      api.createTask(props.kase.id, {
        type: t.data,
        assigneeId,
        exhibitId,
        instructions: instructions.trim(),
        ...(authorisationId ? { authorisationId } : {}),
      }),
    );
    if (ok) {
      setInstructions('');
      props.onDone();
    }
  }
  return (
    <details className="details" open={props.kase.tasks.length === 0}>
      <summary>Assign a task to a volunteer</summary>
      {!exhibits.length ? (
        <p>Tasks work on a transcript: add a chat export first.</p>
      ) : (
        <LoadState loaded={volunteers} what="volunteers">
          {(v) => (
            <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Assign a task">
              {action.error ? <Notice kind="error">{action.error}</Notice> : null}
              <ErrorSummary errors={errors} />
              <Radios
                id="task-type"
                legend="Task"
                value={type}
                onChange={setType}
                error={errors['task-type']}
                hint="Only “Check the identifiers” shows identifiers unmasked to the volunteer."
                options={TaskType.options.map((o) => [o, TASK_TYPES[o].label] as const)}
              />
              <Select
                id="task-assignee"
                label="Volunteer"
                placeholder="Choose a volunteer"
                value={assigneeId}
                onChange={setAssignee}
                error={errors['task-assignee']}
                options={v.items.map((p) => [p.id, p.displayName] as const)}
              />
              <Select
                id="task-exhibit"
                label="Exhibit"
                value={exhibitId}
                onChange={setExhibit}
                error={errors['task-exhibit']}
                options={exhibits.map((e) => [e.id, `${e.ref} ${e.originalName ?? ''}`] as const)}
              />
              <TextArea
                id="task-instructions"
                label="Instructions"
                rows={3}
                value={instructions}
                onChange={setInstructions}
                error={errors['task-instructions']}
              />
              <Select
                id="task-authorisation"
                label="Authorisation"
                hint="The task lives under it (R3). Left as it is, the live one that covers the task is used."
                placeholder="The live authorisation that covers it"
                value={authorisationId}
                onChange={setAuthorisation}
                options={(authorisations.data?.items ?? [])
                  .filter((a) => a.state === 'live')
                  .map((a) => [a.id, `${a.ref}: ${a.operation}`] as const)}
              />
              <Button busy={action.busy}>Assign task</Button>
            </form>
          )}
        </LoadState>
      )}
    </details>
  );
}

function NoteForm(props: { readonly caseId: string; readonly onDone: () => void }): ReactNode {
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!text.trim()) {
      setFieldError('Write the note');
      return;
    }
    setFieldError(undefined);
    if (await action.run(() => api.addNote(props.caseId, { text: text.trim() }))) {
      setText('');
      props.onDone();
    }
  }
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Add a note" className="panel">
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      <TextArea
        id="note-text"
        label="Note"
        rows={3}
        value={text}
        onChange={setText}
        error={fieldError}
      />
      <Button kind="secondary" busy={action.busy}>
        Add note
      </Button>
    </form>
  );
}

function DecisionForm(props: { readonly caseId: string; readonly onDone: () => void }): ReactNode {
  const [kind, setKind] = useState<'general' | 'subject-welfare'>('general');
  const [f, setF] = useState({
    summary: '',
    rationale: '',
    vulnerability: '',
    suicideRisk: '',
    suicideRiskNotes: '',
    safeguardingOthers: '',
    steps: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const action = useAction();
  const set = (k: keyof typeof f) => (v: string) => setF((s) => ({ ...s, [k]: v }));
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const need = (k: keyof typeof f, msg: string): void => {
      if (f[k].trim().length < 3) errs[`decision-${k}`] = msg;
    };
    need('rationale', 'Give the rationale');
    let body: Parameters<typeof api.decide>[1] | null = null;
    if (kind === 'general') {
      need('summary', 'Say what you decided');
      body = { kind, summary: f.summary.trim(), rationale: f.rationale.trim() };
    } else {
      need('vulnerability', 'Record what is known of the subject’s vulnerability');
      need(
        'safeguardingOthers',
        'Record the safeguarding of others (children in the household, family)',
      );
      need('steps', 'Record the steps planned');
      const risk = SuicideRisk.safeParse(f.suicideRisk);
      if (!risk.success) errs['decision-suicideRisk'] = 'Choose the suicide risk';
      else
        body = {
          kind,
          vulnerability: f.vulnerability.trim(),
          suicideRisk: risk.data,
          ...(f.suicideRiskNotes.trim() ? { suicideRiskNotes: f.suicideRiskNotes.trim() } : {}),
          safeguardingOthers: f.safeguardingOthers.trim(),
          steps: f.steps.trim(),
          rationale: f.rationale.trim(),
        };
    }
    setErrors(errs);
    if (Object.keys(errs).length || !body) return;
    const b = body;
    if (await action.run(() => api.decide(props.caseId, b))) {
      setF({
        summary: '',
        rationale: '',
        vulnerability: '',
        suicideRisk: '',
        suicideRiskNotes: '',
        safeguardingOthers: '',
        steps: '',
      });
      props.onDone();
    }
  }
  return (
    <details className="details">
      <summary>Record a decision</summary>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Record a decision">
        {action.error ? <Notice kind="error">{action.error}</Notice> : null}
        <ErrorSummary errors={errors} />
        <Radios
          id="decision-kind"
          legend="Kind of decision"
          value={kind}
          onChange={(v) => setKind(v === 'subject-welfare' ? 'subject-welfare' : 'general')}
          options={[
            ['general', 'General decision'],
            [
              'subject-welfare',
              'Subject welfare (needed before a referral for arrest or interview)',
            ],
          ]}
        />
        {kind === 'general' ? (
          <TextField
            id="decision-summary"
            label="Decision"
            value={f.summary}
            onChange={set('summary')}
            error={errors['decision-summary']}
          />
        ) : (
          <>
            <TextArea
              id="decision-vulnerability"
              label="The subject’s vulnerability"
              hint="Learning disability, mental health, age, prior self-harm."
              rows={3}
              value={f.vulnerability}
              onChange={set('vulnerability')}
              error={errors['decision-vulnerability']}
            />
            <Select
              id="decision-suicideRisk"
              label="Suicide risk"
              placeholder="Choose"
              value={f.suicideRisk}
              onChange={set('suicideRisk')}
              error={errors['decision-suicideRisk']}
              options={SuicideRisk.options.map((o) => [o, humanize(o)] as const)}
            />
            <TextArea
              id="decision-suicideRiskNotes"
              label="Suicide-risk notes (optional)"
              rows={2}
              value={f.suicideRiskNotes}
              onChange={set('suicideRiskNotes')}
            />
            <TextArea
              id="decision-safeguardingOthers"
              label="Safeguarding of others"
              hint="Children in the household, family members."
              rows={3}
              value={f.safeguardingOthers}
              onChange={set('safeguardingOthers')}
              error={errors['decision-safeguardingOthers']}
            />
            <TextArea
              id="decision-steps"
              label="Steps planned"
              hint="For example: Stop It Now! signposting, family information pack, mental-health referral."
              rows={3}
              value={f.steps}
              onChange={set('steps')}
              error={errors['decision-steps']}
            />
          </>
        )}
        <TextArea
          id="decision-rationale"
          label="Rationale"
          rows={3}
          value={f.rationale}
          onChange={set('rationale')}
          error={errors['decision-rationale']}
        />
        <Button busy={action.busy}>Record decision</Button>
      </form>
    </details>
  );
}

function ReferralForm(props: {
  readonly kase: CaseDetail;
  readonly onDone: () => void;
}): ReactNode {
  const { kase } = props;
  const [f, setF] = useState({
    recipientType: 'force',
    recipientName: '',
    purpose: '',
    welfareDecisionId: '',
    note: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const action = useAction();
  const set = (k: keyof typeof f) => (v: string) => setF((s) => ({ ...s, [k]: v }));
  const needsWelfare = f.purpose === 'arrest' || f.purpose === 'interview';
  const noWelfare = needsWelfare && kase.welfareDecisions.length === 0;
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const purpose = ReferralPurpose.safeParse(f.purpose);
    if (!purpose.success) errs['referral-purpose'] = 'Choose the purpose';
    if (f.recipientName.trim().length < 2)
      errs['referral-recipientName'] = 'Name the force or CEOP desk';
    if (needsWelfare && !f.welfareDecisionId)
      errs['referral-welfareDecisionId'] =
        'Choose the subject-welfare decision this referral rests on';
    setErrors(errs);
    if (!purpose.success || Object.keys(errs).length) return;
    const ok = await action.run(() =>
      api.refer(kase.id, {
        recipientType: f.recipientType === 'ceop' ? 'ceop' : 'force',
        recipientName: f.recipientName.trim(),
        purpose: purpose.data,
        ...(needsWelfare ? { welfareDecisionId: f.welfareDecisionId } : {}),
        ...(f.note.trim() ? { note: f.note.trim() } : {}),
      }),
    );
    if (ok) {
      setF({
        recipientType: 'force',
        recipientName: '',
        purpose: '',
        welfareDecisionId: '',
        note: '',
      });
      props.onDone();
    }
  }
  return (
    <details className="details">
      <summary>Refer to a force or CEOP</summary>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Refer">
        {action.error ? <Notice kind="error">{action.error}</Notice> : null}
        <ErrorSummary errors={errors} />
        <Radios
          id="referral-recipientType"
          legend="Refer to"
          value={f.recipientType}
          onChange={set('recipientType')}
          options={[
            ['force', 'A police force'],
            ['ceop', 'CEOP (National Crime Agency)'],
          ]}
        />
        <TextField
          id="referral-recipientName"
          label="Force or desk"
          value={f.recipientName}
          onChange={set('recipientName')}
          error={errors['referral-recipientName']}
        />
        <Select
          id="referral-purpose"
          label="Purpose"
          placeholder="Choose"
          value={f.purpose}
          onChange={set('purpose')}
          error={errors['referral-purpose']}
          options={ReferralPurpose.options.map((o) => [o, humanize(o)] as const)}
        />
        {needsWelfare ? (
          noWelfare ? (
            <Notice kind="warning" title="Subject-welfare decision needed first">
              A referral for arrest or interview needs a recorded subject-welfare decision
              (vulnerability, suicide risk, safeguarding of others). Record one under “Record a
              decision” first.
            </Notice>
          ) : (
            <Select
              id="referral-welfareDecisionId"
              label="Subject-welfare decision"
              placeholder="Choose"
              value={f.welfareDecisionId}
              onChange={set('welfareDecisionId')}
              error={errors['referral-welfareDecisionId']}
              options={kase.welfareDecisions.map(
                (d) => [d.id, `Recorded ${new Date(d.at).toLocaleString('en-GB')}`] as const,
              )}
            />
          )
        ) : null}
        <TextArea
          id="referral-note"
          label="Note (optional)"
          rows={2}
          value={f.note}
          onChange={set('note')}
        />
        <Button busy={action.busy} disabled={noWelfare}>
          Record referral
        </Button>
      </form>
    </details>
  );
}

function OutcomeForm(props: { readonly caseId: string; readonly onDone: () => void }): ReactNode {
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const o = Outcome.safeParse(outcome);
    if (!o.success) {
      setFieldError('Choose the outcome');
      return;
    }
    setFieldError(undefined);
    if (
      await action.run(() =>
        api.recordOutcome(props.caseId, {
          outcome: o.data,
          ...(note.trim() ? { note: note.trim() } : {}),
        }),
      )
    )
      props.onDone();
  }
  return (
    <details className="details">
      <summary>Record the outcome (closes the case)</summary>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Record the outcome">
        {action.error ? <Notice kind="error">{action.error}</Notice> : null}
        <Select
          id="outcome-choice"
          label="Outcome"
          placeholder="Choose"
          value={outcome}
          onChange={setOutcome}
          error={fieldError}
          options={Outcome.options.map(
            (o) => [o, o === 'nfa' ? 'No further action' : humanize(o)] as const,
          )}
        />
        <TextArea
          id="outcome-note"
          label="Note (optional)"
          rows={2}
          value={note}
          onChange={setNote}
        />
        <Button kind="warning" busy={action.busy}>
          Record outcome
        </Button>
      </form>
    </details>
  );
}

function TransferForm(props: { readonly caseId: string }): ReactNode {
  const [open, setOpen] = useState(false);
  return (
    <details className="details" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Transfer to another officer</summary>
      {open ? <TransferChoice caseId={props.caseId} /> : null}
    </details>
  );
}

function TransferChoice(props: { readonly caseId: string }): ReactNode {
  const officers = useLoad<StaffList>(() => api.staff('officer'), []);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState(false);
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!to) errs['transfer-to'] = 'Choose an officer';
    if (reason.trim().length < 5)
      errs['transfer-reason'] = 'Give the reason in at least 5 characters';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    if (await action.run(() => api.transfer(props.caseId, { toUserId: to, reason: reason.trim() })))
      setDone(true);
  }
  if (done)
    return (
      <Notice kind="success" title="Case transferred">
        The case now belongs to the other officer; you can no longer open it.{' '}
        <Link to="/cases">Back to your cases</Link>
      </Notice>
    );
  return (
    <LoadState loaded={officers} what="officers">
      {(list) => (
        <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Transfer">
          {action.error ? <Notice kind="error">{action.error}</Notice> : null}
          <Select
            id="transfer-to"
            label="Officer"
            placeholder="Choose an officer"
            value={to}
            onChange={setTo}
            error={errors['transfer-to']}
            options={list.items.map((p) => [p.id, p.displayName] as const)}
          />
          <TextArea
            id="transfer-reason"
            label="Reason"
            rows={2}
            value={reason}
            onChange={setReason}
            error={errors['transfer-reason']}
          />
          <Button kind="warning" busy={action.busy}>
            Transfer case
          </Button>
        </form>
      )}
    </LoadState>
  );
}

/** A timeline entry's body as label/value pairs (the body's shape depends on its kind). */
function EntryBody(props: { readonly body: CaseEntry['body'] }): ReactNode {
  // Ids are for machines; the references and names beside them are shown instead.
  const entries = Object.entries(props.body).filter(
    ([k, v]) => v !== null && v !== undefined && v !== '' && !/(^id|Id)$/.test(k),
  );
  if (!entries.length) return null;
  return (
    <dl className="summary-list summary-compact">
      {entries.map(([k, v]) => (
        <div key={k} className="summary-row">
          <dt>{humanize(k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())}</dt>
          <dd>
            {typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
              ? String(v)
              : JSON.stringify(v)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Timeline(props: { readonly entries: readonly CaseEntry[] }): ReactNode {
  if (!props.entries.length) return <p>Nothing recorded yet.</p>;
  return (
    <ol className="timeline">
      {props.entries.map((e) => (
        <li key={e.id} className={`timeline-entry entry-${e.kind}`}>
          <p>
            <strong>{humanize(e.kind)}</strong> by {e.by.displayName}, <Time at={e.at} />
          </p>
          <EntryBody body={e.body} />
        </li>
      ))}
    </ol>
  );
}
