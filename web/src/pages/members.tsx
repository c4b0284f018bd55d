/**
 * Programme managers: the member register and each member's record — status through the
 * pipeline (applicant → vetting → training → active; suspended; left), legal status, the
 * account link, vetting, the barred-list check, training completions (signed off by the manager
 * recording them), declarations, changes of circumstance, the investigation flag and the event
 * log. Access is suspended automatically at vetting expiry and under investigation; the page
 * shows the status access follows now beside the recorded one. No case content here.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  CircumstanceKind,
  DeclarationKind,
  LEGAL_STATUS_LABELS,
  LegalStatus,
  VettingLevel,
  type MemberDetail,
  type MemberList,
  type MemberStatus,
  type MemberSummary,
} from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import {
  Button,
  Link,
  LoadState,
  Notice,
  PageTitle,
  Radios,
  Select,
  TextArea,
  TextField,
  Time,
  humanize,
  useAction,
  useLoad,
} from '../components/ui.tsx';

/** `YYYY-MM-DD` → that day 00:00 UTC, ISO; null when not a date. */
export function dayToIso(d: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00.000Z` : null;
}

/** Today as `YYYY-MM-DD` (UTC). */
export function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

const STATUS_LABEL: Readonly<Record<MemberStatus, string>> = {
  applicant: 'Applicant',
  vetting: 'In vetting',
  training: 'In training',
  active: 'Active',
  suspended: 'Suspended',
  left: 'Left',
};

const MOVE_LABEL: Readonly<Record<MemberStatus, string>> = {
  applicant: 'Back to applicant',
  vetting: 'Move to vetting',
  training: 'Move to training',
  active: 'Make active',
  suspended: 'Suspend',
  left: 'Mark as left',
};

/** An event of the member's log in words, with the detail that matters (no free text). */
function describeEvent(kind: string, d: Readonly<Record<string, unknown>>): string {
  const s = (k: string): string | null => (typeof d[k] === 'string' ? d[k] : null);
  const what = humanize(kind);
  if (s('from') && s('to'))
    return `${what}: ${humanize(s('from') ?? '')} → ${humanize(s('to') ?? '')}`;
  if (s('module')) return `${what}: ${s('module') ?? ''}`;
  if (s('level'))
    return `${what}: ${s('level') ?? ''} until ${(s('expiresAt') ?? '').slice(0, 10)}`;
  if (s('legalStatus')) return `${what}: ${humanize(s('legalStatus') ?? '')}`;
  if (s('result')) return `${what}: ${s('result') ?? ''}`;
  return what;
}

function StatusText(props: { readonly m: MemberSummary }): ReactNode {
  const { m } = props;
  return (
    <>
      {STATUS_LABEL[m.status]}
      {m.effectiveStatus !== m.status ? (
        <strong className="text-danger">
          {' '}
          — access suspended ({humanize(m.suspensionReason ?? 'suspended')})
        </strong>
      ) : null}
    </>
  );
}

export function MembersPage(): ReactNode {
  const list = useLoad<MemberList>(() => api.members(), []);
  return (
    <>
      <PageTitle>Members</PageTitle>
      <p className="muted">
        Applicants come from the public form (<Link to="/join">/join</Link>). A volunteer account is
        a member: link each account to its record.
      </p>
      <LoadState loaded={list} what="members">
        {(l) => (
          <>
            <div className="table-wrap">
              <table className="table" data-testid="members">
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Status</th>
                    <th scope="col">Legal status</th>
                    <th scope="col">Vetting</th>
                    <th scope="col">Training</th>
                    <th scope="col">Applied</th>
                  </tr>
                </thead>
                <tbody>
                  {l.items.map((m) => (
                    <tr key={m.id}>
                      <th scope="row">
                        <Link to={`/members/${m.id}`}>{m.displayName}</Link>
                        <div className="muted small">
                          {m.ref}
                          {m.pastGroupMembership ? ' · past group membership declared' : ''}
                          {m.underInvestigation ? ' · under investigation' : ''}
                        </div>
                      </th>
                      <td>
                        <StatusText m={m} />
                      </td>
                      <td>{m.legalStatus ? LEGAL_STATUS_LABELS[m.legalStatus] : '—'}</td>
                      <td>
                        {m.vetting ? (
                          <>
                            {m.vetting.level}, until <Time at={m.vetting.expiresAt} />
                            {m.vetting.current ? null : <strong> (not current)</strong>}
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {m.training.current} of {m.training.total} current
                      </td>
                      <td>
                        <Time at={m.appliedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {l.unlinkedVolunteers.length ? (
              <Notice kind="warning" title="Volunteer accounts without a member record">
                <ul>
                  {l.unlinkedVolunteers.map((u) => (
                    <li key={u.id}>{u.displayName}</li>
                  ))}
                </ul>
                <p>Link each to its member's record, or record them as a member below.</p>
              </Notice>
            ) : null}
            <AddMember unlinked={l.unlinkedVolunteers} onDone={list.reload} />
          </>
        )}
      </LoadState>
    </>
  );
}

function AddMember(props: {
  readonly unlinked: MemberList['unlinkedVolunteers'];
  readonly onDone: () => void;
}): ReactNode {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [userId, setUserId] = useState('');
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (
      await action.run(() =>
        api.createMember({
          displayName: name.trim(),
          ...(email.trim() ? { email: email.trim() } : {}),
          ...(userId ? { userId } : {}),
        }),
      )
    ) {
      setName('');
      setEmail('');
      setUserId('');
      props.onDone();
    }
  }
  return (
    <details className="details">
      <summary>Record a member</summary>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Record a member">
        {action.error ? <Notice kind="error">{action.error}</Notice> : null}
        <TextField id="new-member-name" label="Full name" value={name} onChange={setName} />
        <TextField
          id="new-member-email"
          label="Email address (optional)"
          type="email"
          value={email}
          onChange={setEmail}
        />
        <Select
          id="new-member-account"
          label="Volunteer account (optional)"
          placeholder="No account yet"
          value={userId}
          onChange={setUserId}
          options={props.unlinked.map((u) => [u.id, u.displayName] as const)}
        />
        <Button busy={action.busy}>Record member</Button>
      </form>
    </details>
  );
}

export function MemberPage(props: { readonly id: string }): ReactNode {
  const member = useLoad<MemberDetail>(() => api.member(props.id), [props.id]);
  const [shown, setShown] = useState<MemberDetail | null>(null);
  const m = shown && shown.id === props.id ? shown : member.data;
  const update = (d: MemberDetail): void => setShown(d);
  if (!m)
    return (
      <LoadState loaded={member} what="the member">
        {() => null}
      </LoadState>
    );
  return (
    <>
      <PageTitle title={`Member ${m.ref}`}>
        Member {m.ref}: {m.displayName}
      </PageTitle>
      <dl className="summary-list" data-testid="member-summary">
        <dt>Status</dt>
        <dd data-testid="member-status">
          <StatusText m={m} />
        </dd>
        <dt>Legal status</dt>
        <dd>{m.legalStatus ? LEGAL_STATUS_LABELS[m.legalStatus] : 'Not recorded'}</dd>
        <dt>Account</dt>
        <dd>{m.account?.displayName ?? 'Not linked'}</dd>
        <dt>Vetting</dt>
        <dd>
          {m.vetting ? (
            <>
              {m.vetting.level}, granted <Time at={m.vetting.grantedAt} />, expires{' '}
              <Time at={m.vetting.expiresAt} />
              {m.vetting.current ? '' : ' (not current)'}
            </>
          ) : (
            'Not recorded'
          )}
        </dd>
        <dt>Training</dt>
        <dd>
          {m.training.current} of {m.training.total} modules current
        </dd>
        <dt>Contact</dt>
        <dd>{[m.email, m.phone].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>Past group membership</dt>
        <dd>
          {m.pastGroupMembership ? 'Declared (not disqualifying by itself)' : 'None declared'}
        </dd>
        <dt>Barred-list check</dt>
        <dd>
          {m.barredListCheck ? (
            <>
              {humanize(m.barredListCheck.result)}, <Time at={m.barredListCheck.checkedAt} />
            </>
          ) : (
            'Not recorded'
          )}
        </dd>
      </dl>
      {m.motivation ? (
        <>
          <h2>Why they want to volunteer</h2>
          <p className="prewrap">{m.motivation}</p>
        </>
      ) : null}
      <StatusMoves m={m} onDone={update} />
      <LegalAndAccount m={m} onDone={update} />
      <VettingForms m={m} onDone={update} />
      <TrainingRecord m={m} onDone={update} />
      <Declarations m={m} onDone={update} />
      <Circumstances m={m} onDone={update} />
      <h2>Event log</h2>
      <div className="table-wrap">
        <table className="table" data-testid="member-events">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {m.events.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td>
                  <Time at={e.at} />
                </td>
                <td>{describeEvent(e.kind, e.details)}</td>
                <td>{e.by}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

interface Part {
  readonly m: MemberDetail;
  readonly onDone: (d: MemberDetail) => void;
}

function StatusMoves({ m, onDone }: Part): ReactNode {
  const [reason, setReason] = useState('');
  const action = useAction();
  const move = (status: MemberStatus): void => {
    void action.run(async () => {
      onDone(
        await api.setMemberStatus(m.id, {
          status,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        }),
      );
      setReason('');
    });
  };
  return (
    <section className="panel" aria-labelledby="status-moves">
      <h2 id="status-moves">Status</h2>
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      {m.status === 'training' && m.activationProblems.length ? (
        <Notice kind="info" title="Before this member can be made active">
          <ul>
            {m.activationProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {m.nextStatuses.length ? (
        <>
          <TextField
            id="status-reason"
            label="Reason (optional)"
            value={reason}
            onChange={setReason}
          />
          <div className="button-row">
            {m.nextStatuses.map((s) => (
              <Button
                key={s}
                type="button"
                kind={s === 'suspended' || s === 'left' ? 'warning' : 'secondary'}
                busy={action.busy}
                onClick={() => move(s)}
              >
                {MOVE_LABEL[s]}
              </Button>
            ))}
          </div>
        </>
      ) : (
        <p className="muted">No status change is possible now.</p>
      )}
      <Button
        type="button"
        kind={m.underInvestigation ? 'secondary' : 'warning'}
        busy={action.busy}
        onClick={() =>
          void action.run(async () =>
            onDone(await api.setInvestigation(m.id, { underInvestigation: !m.underInvestigation })),
          )
        }
      >
        {m.underInvestigation ? 'Clear the investigation flag' : 'Mark under investigation'}
      </Button>
    </section>
  );
}

function LegalAndAccount({ m, onDone }: Part): ReactNode {
  const [legal, setLegal] = useState<string>(m.legalStatus ?? '');
  const [account, setAccount] = useState('');
  const unlinked = useLoad<MemberList>(() => api.members(), [m.account?.id ?? '']);
  const action = useAction();
  const parsed = LegalStatus.safeParse(legal);
  return (
    <section aria-labelledby="legal-account">
      <h2 id="legal-account">Legal status and account</h2>
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      <div className="inline-form">
        <Select
          id="legal-status"
          label="Legal status"
          placeholder="Choose"
          value={legal}
          onChange={setLegal}
          options={LegalStatus.options.map((o) => [o, LEGAL_STATUS_LABELS[o]] as const)}
        />
        <Button
          type="button"
          kind="secondary"
          busy={action.busy}
          disabled={!parsed.success}
          onClick={() =>
            parsed.success &&
            void action.run(async () => onDone(await api.setLegalStatus(m.id, parsed.data)))
          }
        >
          Save legal status
        </Button>
      </div>
      {m.account ? (
        <p>Linked to the account of {m.account.displayName}.</p>
      ) : (
        <div className="inline-form">
          <Select
            id="member-account"
            label="Volunteer account"
            placeholder="Choose an account"
            value={account}
            onChange={setAccount}
            options={(unlinked.data?.unlinkedVolunteers ?? []).map(
              (u) => [u.id, u.displayName] as const,
            )}
          />
          <Button
            type="button"
            kind="secondary"
            busy={action.busy}
            disabled={!account}
            onClick={() =>
              void action.run(async () => onDone(await api.linkAccount(m.id, account)))
            }
          >
            Link account
          </Button>
        </div>
      )}
    </section>
  );
}

function VettingForms({ m, onDone }: Part): ReactNode {
  const [level, setLevel] = useState('RV');
  const [granted, setGranted] = useState(today());
  const [expires, setExpires] = useState(today(3 * 365));
  const [checked, setChecked] = useState(today());
  const [result, setResult] = useState('clear');
  const action = useAction();
  async function vet(e: FormEvent): Promise<void> {
    e.preventDefault();
    const l = VettingLevel.safeParse(level);
    const g = dayToIso(granted);
    const x = dayToIso(expires);
    if (!l.success || !g || !x) return;
    await action.run(async () =>
      onDone(await api.recordVetting(m.id, { level: l.data, grantedAt: g, expiresAt: x })),
    );
  }
  async function barred(e: FormEvent): Promise<void> {
    e.preventDefault();
    const c = dayToIso(checked);
    if (!c || (result !== 'clear' && result !== 'barred')) return;
    await action.run(async () =>
      onDone(await api.recordBarredListCheck(m.id, { checkedAt: c, result })),
    );
  }
  return (
    <section aria-labelledby="vetting">
      <h2 id="vetting">Vetting</h2>
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      <form noValidate onSubmit={(e) => void vet(e)} aria-label="Record vetting">
        <Select
          id="vetting-level"
          label="Vetting level"
          value={level}
          onChange={setLevel}
          options={VettingLevel.options.map((o) => [o, o] as const)}
        />
        <TextField
          id="vetting-granted"
          label="Granted on"
          type="date"
          width="medium"
          value={granted}
          onChange={setGranted}
        />
        <TextField
          id="vetting-expires"
          label="Expires on"
          type="date"
          width="medium"
          value={expires}
          onChange={setExpires}
          hint="Reminders go out 90, 60 and 30 days before (settings); access stops at expiry."
        />
        <Button kind="secondary" busy={action.busy}>
          Record vetting
        </Button>
      </form>
      <form noValidate onSubmit={(e) => void barred(e)} aria-label="Record the barred-list check">
        <TextField
          id="barred-checked"
          label="Barred-list check done on"
          type="date"
          width="medium"
          value={checked}
          onChange={setChecked}
          hint="College of Policing barred list, before a police support volunteer is designated (PCA 2017 s42)."
        />
        <Radios
          id="barred-result"
          legend="Result of the barred-list check"
          value={result}
          onChange={setResult}
          options={[
            ['clear', 'Clear'],
            ['barred', 'Barred'],
          ]}
        />
        <Button kind="secondary" busy={action.busy}>
          Record check
        </Button>
      </form>
    </section>
  );
}

function TrainingRecord({ m, onDone }: Part): ReactNode {
  const [dates, setDates] = useState<Record<string, string>>({});
  const action = useAction();
  return (
    <section aria-labelledby="training">
      <h2 id="training">Training</h2>
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      <div className="table-wrap">
        <table className="table" data-testid="training-record">
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">State</th>
              <th scope="col">Completed</th>
              <th scope="col">Lapses</th>
              <th scope="col">Signed off by</th>
              <th scope="col">Record a completion</th>
            </tr>
          </thead>
          <tbody>
            {m.trainingRecord.map((t) => (
              <tr key={t.moduleId}>
                <th scope="row">
                  {t.title}
                  {t.version ? <div className="muted small">version {t.version}</div> : null}
                </th>
                <td>{humanize(t.state)}</td>
                <td>
                  <Time at={t.completedAt} />
                </td>
                <td>
                  <Time at={t.validUntil} />
                </td>
                <td>{t.signedOffBy?.displayName ?? '—'}</td>
                <td>
                  <div className="inline-form">
                    <TextField
                      id={`completed-${t.moduleId}`}
                      label={<span className="visually-hidden">Completed on ({t.title})</span>}
                      type="date"
                      width="medium"
                      value={dates[t.moduleId] ?? today()}
                      onChange={(v) => setDates((d) => ({ ...d, [t.moduleId]: v }))}
                    />
                    <Button
                      type="button"
                      kind="secondary"
                      busy={action.busy}
                      onClick={() => {
                        const at = dayToIso(dates[t.moduleId] ?? today());
                        if (at)
                          void action.run(async () =>
                            onDone(
                              await api.recordCompletion(m.id, {
                                moduleId: t.moduleId,
                                completedAt: at,
                              }),
                            ),
                          );
                      }}
                    >
                      Sign off<span className="visually-hidden"> {t.title}</span>
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Declarations({ m, onDone }: Part): ReactNode {
  const [kind, setKind] = useState('case-connection');
  const [caseRef, setCaseRef] = useState('');
  const [description, setDescription] = useState('');
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const k = DeclarationKind.safeParse(kind);
    if (!k.success) return;
    if (
      await action.run(async () =>
        onDone(
          await api.addDeclaration(m.id, {
            kind: k.data,
            ...(k.data === 'case-connection' ? { caseRef: caseRef.trim() } : {}),
            description: description.trim(),
          }),
        ),
      )
    ) {
      setCaseRef('');
      setDescription('');
    }
  }
  return (
    <section aria-labelledby="declarations">
      <h2 id="declarations">Declarations</h2>
      {m.declarations.length ? (
        <ul className="plain">
          {m.declarations.map((d) => (
            <li key={d.id}>
              <strong>{humanize(d.kind)}</strong>
              {d.caseRef ? ` (case ${d.caseRef}: tasks on it are blocked)` : ''}: {d.description}{' '}
              <span className="muted small">
                <Time at={d.declaredAt} />
                {d.recordedBy ? ` · ${d.recordedBy.displayName}` : ' · on the application'}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}
      <details className="details">
        <summary>Record a declaration</summary>
        <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Record a declaration">
          {action.error ? <Notice kind="error">{action.error}</Notice> : null}
          <Select
            id="declaration-kind"
            label="Kind"
            value={kind}
            onChange={setKind}
            options={DeclarationKind.options.map((o) => [o, humanize(o)] as const)}
          />
          {kind === 'case-connection' ? (
            <TextField
              id="declaration-case"
              label="Case reference"
              width="medium"
              value={caseRef}
              onChange={setCaseRef}
              hint="For example C-2026-0001."
            />
          ) : null}
          <TextArea
            id="declaration-text"
            label="Description"
            rows={2}
            value={description}
            onChange={setDescription}
          />
          <Button kind="secondary" busy={action.busy}>
            Record declaration
          </Button>
        </form>
      </details>
    </section>
  );
}

function Circumstances({ m, onDone }: Part): ReactNode {
  const [kind, setKind] = useState('other');
  const [note, setNote] = useState('');
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const k = CircumstanceKind.safeParse(kind);
    if (!k.success) return;
    if (
      await action.run(async () =>
        onDone(await api.addCircumstance(m.id, { kind: k.data, note: note.trim() })),
      )
    )
      setNote('');
  }
  return (
    <section aria-labelledby="circumstances">
      <h2 id="circumstances">Changes of circumstance</h2>
      {m.circumstances.length ? (
        <ul className="plain">
          {m.circumstances.map((c) => (
            <li key={c.id}>
              <strong>{humanize(c.kind)}</strong>: {c.note}{' '}
              <span className="muted small">
                <Time at={c.reportedAt} /> · {c.recordedBy.displayName}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>None reported.</p>
      )}
      <details className="details">
        <summary>Record a change of circumstance</summary>
        <form
          noValidate
          onSubmit={(e) => void onSubmit(e)}
          aria-label="Record a change of circumstance"
        >
          {action.error ? <Notice kind="error">{action.error}</Notice> : null}
          <Select
            id="circumstance-kind"
            label="Kind"
            value={kind}
            onChange={setKind}
            options={CircumstanceKind.options.map((o) => [o, humanize(o)] as const)}
          />
          <TextArea
            id="circumstance-note"
            label="What changed"
            rows={2}
            value={note}
            onChange={setNote}
          />
          <Button kind="secondary" busy={action.busy}>
            Record change
          </Button>
        </form>
      </details>
    </section>
  );
}
