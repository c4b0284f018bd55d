/**
 * Officers' side of the programme: authorisations (R3: every volunteer task lives under a live
 * authorisation with a named officer in charge and a supervising officer), the supervision rota
 * (R60: volunteers work only while a supervising officer is on duty; managers keep it), and the
 * debriefs after shifts that involved case material.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  PLATFORMS,
  TASK_TYPES,
  TaskType,
  type AuthorisationList,
  type AuthorisationView,
  type DebriefList,
  type RotaView,
  type StaffList,
} from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import {
  Button,
  LoadState,
  Notice,
  PageTitle,
  Select,
  TextArea,
  TextField,
  Time,
  formatDuration,
  humanize,
  may,
  useAction,
  useLoad,
} from '../components/ui.tsx';
import { hasCapability, useSession } from '../session.tsx';
import { dayToIso, today } from './members.tsx';

// ---------------------------------------------------------------- authorisations

export function AuthorisationsPage(): ReactNode {
  const list = useLoad<AuthorisationList>(() => api.authorisations(), []);
  const { info } = useSession();
  return (
    <>
      <PageTitle>Authorisations</PageTitle>
      <p className="muted">
        A task can only be given under a live authorisation that covers its type and the report's
        platform. Its tasks lock when it is cancelled, expires or passes its review date.
      </p>
      <LoadState loaded={list} what="authorisations">
        {(l) =>
          l.items.length ? (
            <ul className="card-list" data-testid="authorisations">
              {l.items.map((a) => (
                <AuthorisationCard key={a.id} a={a} onDone={list.reload} />
              ))}
            </ul>
          ) : (
            <p>No authorisations yet.</p>
          )
        }
      </LoadState>
      {hasCapability(info, 'authorisations:create') ? (
        <NewAuthorisation onDone={list.reload} />
      ) : null}
    </>
  );
}

function AuthorisationCard(props: {
  readonly a: AuthorisationView;
  readonly onDone: () => void;
}): ReactNode {
  const { a } = props;
  const [next, setNext] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction();
  return (
    <li className="card">
      <h2 className="card-title">
        {a.ref}: {a.operation}
      </h2>
      <p>
        <strong>{humanize(a.state)}</strong> · from <Time at={a.startsAt} /> · review{' '}
        <Time at={a.reviewAt} /> · expires <Time at={a.expiresAt} /> · {a.tasks} task(s)
      </p>
      <p className="small">
        Authorised by {a.authorisingOfficer.displayName}; officer in charge{' '}
        {a.officerInCharge.displayName}; supervising officer {a.supervisor.displayName}
      </p>
      <p className="small">
        Task types:{' '}
        {a.taskTypes.map((t) => (t in TASK_TYPES ? TASK_TYPES[t as TaskType].label : t)).join('; ')}
        <br />
        Platforms: {a.platforms.join(', ')}
      </p>
      {a.cancelReason ? <p className="small">Cancelled: {a.cancelReason}</p> : null}
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      {may(a.allowed, 'review') ? (
        <details className="details">
          <summary>
            Record a review<span className="visually-hidden"> of {a.ref}</span>
          </summary>
          <TextField
            id={`review-next-${a.id}`}
            label="Next review on"
            type="date"
            width="medium"
            value={next}
            onChange={setNext}
          />
          <TextArea
            id={`review-note-${a.id}`}
            label="Review note"
            rows={2}
            value={note}
            onChange={setNote}
          />
          <Button
            type="button"
            kind="secondary"
            busy={action.busy}
            onClick={() => {
              const at = dayToIso(next);
              if (at)
                void action
                  .run(() => api.reviewAuthorisation(a.id, { nextReviewAt: at, note: note.trim() }))
                  .then((ok) => ok && props.onDone());
            }}
          >
            Record review
          </Button>
        </details>
      ) : null}
      {may(a.allowed, 'cancel') ? (
        <details className="details">
          <summary>
            Cancel<span className="visually-hidden"> {a.ref}</span>
          </summary>
          <TextArea
            id={`cancel-reason-${a.id}`}
            label="Why"
            rows={2}
            value={reason}
            onChange={setReason}
          />
          <Button
            type="button"
            kind="warning"
            busy={action.busy}
            onClick={() =>
              void action
                .run(() => api.cancelAuthorisation(a.id, reason.trim()))
                .then((ok) => ok && props.onDone())
            }
          >
            Cancel the authorisation
          </Button>
        </details>
      ) : null}
    </li>
  );
}

function NewAuthorisation(props: { readonly onDone: () => void }): ReactNode {
  const officers = useLoad<StaffList>(() => api.staff('officer'), []);
  const [operation, setOperation] = useState('');
  const [types, setTypes] = useState<string[]>([...TaskType.options]);
  const [platforms, setPlatforms] = useState('whatsapp, snapchat, telegram, instagram');
  const [starts, setStarts] = useState(today());
  const [review, setReview] = useState(today(28));
  const [expires, setExpires] = useState(today(90));
  const [oic, setOic] = useState('');
  const [supervisor, setSupervisor] = useState('');
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const s = dayToIso(starts);
    const r = dayToIso(review);
    const x = dayToIso(expires);
    const t = types.map((v) => TaskType.safeParse(v)).flatMap((p) => (p.success ? [p.data] : []));
    if (!s || !r || !x) return;
    if (
      await action.run(() =>
        api.createAuthorisation({
          operation: operation.trim(),
          taskTypes: t,
          platforms: platforms
            .split(/[,\s]+/)
            .map((p) => p.trim())
            .filter(Boolean),
          startsAt: s,
          reviewAt: r,
          expiresAt: x,
          officerInChargeId: oic,
          supervisorId: supervisor,
        }),
      )
    ) {
      setOperation('');
      props.onDone();
    }
  }
  return (
    <details className="details">
      <summary>Record an authorisation</summary>
      <LoadState loaded={officers} what="officers">
        {(o) => (
          <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Record an authorisation">
            {action.error ? <Notice kind="error">{action.error}</Notice> : null}
            <TextField
              id="auth-operation"
              label="Operation or investigation"
              value={operation}
              onChange={setOperation}
            />
            <fieldset className="field">
              <legend>Task types covered</legend>
              {TaskType.options.map((t) => (
                <div className="radio" key={t}>
                  <input
                    type="checkbox"
                    id={`auth-type-${t}`}
                    checked={types.includes(t)}
                    onChange={(e) =>
                      setTypes((s) => (e.target.checked ? [...s, t] : s.filter((x) => x !== t)))
                    }
                  />
                  <label htmlFor={`auth-type-${t}`}>{TASK_TYPES[t].label}</label>
                </div>
              ))}
            </fieldset>
            <TextField
              id="auth-platforms"
              label="Platforms covered"
              hint={`Comma-separated: ${PLATFORMS.join(', ')}, or any`}
              value={platforms}
              onChange={setPlatforms}
            />
            <TextField
              id="auth-starts"
              label="Starts on"
              type="date"
              width="medium"
              value={starts}
              onChange={setStarts}
            />
            <TextField
              id="auth-review"
              label="Review by"
              type="date"
              width="medium"
              value={review}
              onChange={setReview}
            />
            <TextField
              id="auth-expires"
              label="Expires on"
              type="date"
              width="medium"
              value={expires}
              onChange={setExpires}
            />
            <Select
              id="auth-oic"
              label="Officer in charge"
              placeholder="Choose an officer"
              value={oic}
              onChange={setOic}
              options={o.items.map((p) => [p.id, p.displayName] as const)}
            />
            <Select
              id="auth-supervisor"
              label="Supervising officer"
              placeholder="Choose an officer"
              value={supervisor}
              onChange={setSupervisor}
              options={o.items.map((p) => [p.id, p.displayName] as const)}
            />
            <Button busy={action.busy}>Record authorisation</Button>
          </form>
        )}
      </LoadState>
    </details>
  );
}

// ---------------------------------------------------------------- rota

export function RotaPage(): ReactNode {
  const rota = useLoad<RotaView>(() => api.rota(), []);
  return (
    <>
      <PageTitle>Supervision rota</PageTitle>
      <p className="muted">
        Volunteers can work on tasks only while a supervising officer is on duty.
      </p>
      <LoadState loaded={rota} what="the rota">
        {(r) => (
          <>
            <p data-testid="on-duty-now">
              {r.onDutyNow.length
                ? `On duty now: ${r.onDutyNow.map((p) => p.displayName).join(', ')}`
                : 'Nobody is on duty now: volunteers cannot work on tasks.'}
            </p>
            <div className="table-wrap">
              <table className="table" data-testid="rota">
                <thead>
                  <tr>
                    <th scope="col">Officer</th>
                    <th scope="col">From</th>
                    <th scope="col">To</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {r.entries.map((e) => (
                    <RotaRow key={e.id} e={e} canManage={r.canManage} onDone={rota.reload} />
                  ))}
                </tbody>
              </table>
            </div>
            {r.canManage ? <AddDuty officers={r.officers} onDone={rota.reload} /> : null}
          </>
        )}
      </LoadState>
    </>
  );
}

function RotaRow(props: {
  readonly e: RotaView['entries'][number];
  readonly canManage: boolean;
  readonly onDone: () => void;
}): ReactNode {
  const { e } = props;
  const action = useAction();
  return (
    <tr>
      <th scope="row">{e.officer.displayName}</th>
      <td>
        <Time at={e.startsAt} />
      </td>
      <td>
        <Time at={e.endsAt} />
      </td>
      <td>
        {e.cancelledAt ? 'Cancelled' : e.onDutyNow ? 'On duty now' : 'Planned'}
        {props.canManage && !e.cancelledAt ? (
          <Button
            type="button"
            kind="link"
            busy={action.busy}
            onClick={() =>
              void action.run(() => api.cancelRota(e.id)).then((ok) => ok && props.onDone())
            }
          >
            Cancel<span className="visually-hidden"> the duty of {e.officer.displayName}</span>
          </Button>
        ) : null}
      </td>
    </tr>
  );
}

function AddDuty(props: {
  readonly officers: RotaView['officers'];
  readonly onDone: () => void;
}): ReactNode {
  const [officerId, setOfficer] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const f = new Date(from);
    const t = new Date(to);
    if (Number.isNaN(f.getTime()) || Number.isNaN(t.getTime())) return;
    if (
      await action.run(() =>
        api.addRota({ officerId, startsAt: f.toISOString(), endsAt: t.toISOString() }),
      )
    )
      props.onDone();
  }
  return (
    <details className="details">
      <summary>Put an officer on duty</summary>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Put an officer on duty">
        {action.error ? <Notice kind="error">{action.error}</Notice> : null}
        <Select
          id="duty-officer"
          label="Officer"
          placeholder="Choose an officer"
          value={officerId}
          onChange={setOfficer}
          options={props.officers.map((p) => [p.id, p.displayName] as const)}
        />
        <TextField
          id="duty-from"
          label="From"
          type="datetime-local"
          value={from}
          onChange={setFrom}
        />
        <TextField
          id="duty-to"
          label="To"
          type="datetime-local"
          value={to}
          onChange={setTo}
          hint="At most 24 hours."
        />
        <Button kind="secondary" busy={action.busy}>
          Add duty
        </Button>
      </form>
    </details>
  );
}

// ---------------------------------------------------------------- debriefs

export function DebriefsPage(): ReactNode {
  const list = useLoad<DebriefList>(() => api.debriefs(), []);
  return (
    <>
      <PageTitle>Debriefs</PageTitle>
      <p className="muted">
        After each shift that involved case material, a supervising officer talks it through with
        the volunteer and records the debrief here (R60). Volunteers are never locked out for a
        missing debrief.
      </p>
      <LoadState loaded={list} what="shifts">
        {(l) =>
          l.items.length ? (
            <ul className="card-list" data-testid="debriefs">
              {l.items.map((d) => (
                <DebriefCard
                  key={`${d.volunteer.id}-${d.shift.startedAt}`}
                  d={d}
                  onDone={list.reload}
                />
              ))}
            </ul>
          ) : (
            <p>No shifts are waiting for a debrief.</p>
          )
        }
      </LoadState>
    </>
  );
}

function DebriefCard(props: {
  readonly d: DebriefList['items'][number];
  readonly onDone: () => void;
}): ReactNode {
  const { d } = props;
  const [notes, setNotes] = useState('');
  const action = useAction();
  return (
    <li className="card">
      <h2 className="card-title">{d.volunteer.displayName}</h2>
      <p>
        Shift from <Time at={d.shift.startedAt} /> to <Time at={d.shift.lastActivityAt} />:{' '}
        {formatDuration(d.shift.exposureMs)} with case material
        {d.shift.endedBy === 'stop-now' ? ' (ended with “stop now”)' : ''}
        {d.supervisor ? ` · on duty: ${d.supervisor.displayName}` : ''}
      </p>
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      <TextArea
        id={`debrief-${d.volunteer.id}-${d.shift.startedAt}`}
        label={`Debrief notes for ${d.volunteer.displayName}`}
        rows={3}
        value={notes}
        onChange={setNotes}
      />
      <Button
        type="button"
        kind="secondary"
        busy={action.busy}
        onClick={() =>
          void action
            .run(() =>
              api.recordDebrief({
                userId: d.volunteer.id,
                shiftStartedAt: d.shift.startedAt,
                notes: notes.trim(),
              }),
            )
            .then((ok) => ok && props.onDone())
        }
      >
        Record debrief<span className="visually-hidden"> for {d.volunteer.displayName}</span>
      </Button>
    </li>
  );
}
