/**
 * A volunteer's own programme record and welfare: status, vetting expiry, training currency;
 * time with case material this shift and this week against the limits (measured, not
 * self-reported); who is supervising now; "Stop now" — which ends the material on screen at once
 * and tells the supervising officer, with no reason asked and no penalty (R61); ending a shift;
 * and the short check-in after each shift.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { LEGAL_STATUS_LABELS, type MyProgramme } from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import {
  Button,
  LoadState,
  Notice,
  PageTitle,
  Radios,
  TextArea,
  Time,
  formatDuration,
  humanize,
  may,
  useAction,
  useLoad,
} from '../components/ui.tsx';
import { navigate } from '../router.ts';

/** Event the welfare panel fires after "stop now" or ending a shift (pages close material). */
export const SHIFT_ENDED = 'custos:shift-ended';

export function MyProgrammePage(): ReactNode {
  const me = useLoad<MyProgramme>(() => api.myProgramme(), []);
  return (
    <>
      <PageTitle>My programme record</PageTitle>
      <LoadState loaded={me} what="your record">
        {(p) => (
          <>
            {p.member ? (
              <dl className="summary-list" data-testid="my-record">
                <dt>Member</dt>
                <dd>{p.member.ref}</dd>
                <dt>Status</dt>
                <dd>
                  {humanize(p.member.status)}
                  {p.member.effectiveStatus !== p.member.status
                    ? ' — access to tasks is suspended; the programme manager will contact you'
                    : ''}
                </dd>
                <dt>Legal status</dt>
                <dd>{p.member.legalStatus ? LEGAL_STATUS_LABELS[p.member.legalStatus] : '—'}</dd>
                <dt>Vetting</dt>
                <dd>
                  {p.member.vetting ? (
                    <>
                      {p.member.vetting.level}, until <Time at={p.member.vetting.expiresAt} />
                    </>
                  ) : (
                    'Not recorded'
                  )}
                </dd>
              </dl>
            ) : (
              <Notice kind="warning">
                Your account is not linked to a programme record yet. Ask the programme manager.
              </Notice>
            )}
            {p.member ? (
              <>
                <h2>Training</h2>
                <ul className="plain" data-testid="my-training">
                  {p.member.training.map((t) => (
                    <li key={t.moduleId}>
                      {t.title}: <strong>{humanize(t.state)}</strong>
                      {t.validUntil ? (
                        <>
                          {' '}
                          (until <Time at={t.validUntil} />)
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <WelfarePanel initial={p} onChange={me.reload} />
          </>
        )}
      </LoadState>
    </>
  );
}

/**
 * The welfare panel (tasks pages and the record page): exposure against the limits, the
 * supervisor on duty, "Stop now", "End my shift", the forced break and the check-in.
 */
export function WelfarePanel(props: {
  readonly initial?: MyProgramme;
  readonly onChange?: () => void;
}): ReactNode {
  const loaded = useLoad<MyProgramme>(
    () => (props.initial ? Promise.resolve(props.initial) : api.myProgramme()),
    [props.initial],
  );
  const [shown, setShown] = useState<MyProgramme | null>(null);
  const p = shown ?? loaded.data;
  const action = useAction();
  const [stopped, setStopped] = useState(false);
  const done = (next: MyProgramme): void => {
    setShown(next);
    window.dispatchEvent(new Event(SHIFT_ENDED));
    props.onChange?.();
  };
  if (!p)
    return (
      <LoadState loaded={loaded} what="your welfare figures">
        {() => null}
      </LoadState>
    );
  const w = p.welfare;
  return (
    <section
      className="panel welfare-panel"
      aria-labelledby="welfare-panel"
      data-testid="welfare-panel"
    >
      <h2 id="welfare-panel">Your welfare</h2>
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      {stopped ? (
        <Notice kind="success" title="Stopped">
          The material is closed and your supervising officer has been told. Take the time you need.
          When you are ready, a short check-in opens the next shift.
        </Notice>
      ) : null}
      <ul className="plain">
        <li>
          This shift: <strong>{formatDuration(w.currentShift?.exposureMs ?? 0)}</strong> with case
          material (limit {formatDuration(w.shiftLimitMs)})
        </li>
        <li>
          Last 7 days: <strong>{formatDuration(w.weekExposureMs)}</strong> (limit{' '}
          {formatDuration(w.weeklyLimitMs)})
        </li>
        <li>
          {p.supervisorsOnDuty.length
            ? `Supervising officer on duty: ${p.supervisorsOnDuty.map((s) => s.displayName).join(', ')}`
            : 'No supervising officer is on duty now, so tasks are paused.'}
        </li>
      </ul>
      {w.breakUntil ? (
        <Notice kind="warning" title="Time for a break">
          This shift has reached its limit. Tasks open again after <Time at={w.breakUntil} />.
        </Notice>
      ) : null}
      {w.weekFreeAt ? (
        <Notice kind="warning" title="Weekly limit reached">
          Tasks open again after <Time at={w.weekFreeAt} />.
        </Notice>
      ) : null}
      {may(p.allowed, 'stopNow') ? (
        <div className="button-row">
          <Button
            type="button"
            kind="warning"
            busy={action.busy}
            onClick={() =>
              void action.run(async () => {
                done(await api.stopNow());
                setStopped(true);
                if (window.location.pathname.startsWith('/tasks/')) navigate('/tasks');
              })
            }
          >
            Stop now
          </Button>
          {w.currentShift ? (
            <Button
              type="button"
              kind="secondary"
              busy={action.busy}
              onClick={() =>
                void action.run(async () => {
                  done(await api.endShift());
                  if (window.location.pathname.startsWith('/tasks/')) navigate('/tasks');
                })
              }
            >
              End my shift
            </Button>
          ) : null}
        </div>
      ) : null}
      <p className="muted small">
        “Stop now” closes the material at once and tells your supervising officer. You do not have
        to give a reason, and it is never held against you.
      </p>
      {w.checkInDue ? <CheckIn onDone={done} shift={w.checkInDue} /> : null}
    </section>
  );
}

function CheckIn(props: {
  readonly shift: NonNullable<MyProgramme['welfare']['checkInDue']>;
  readonly onDone: (p: MyProgramme) => void;
}): ReactNode {
  const [wellbeing, setWellbeing] = useState('');
  const [contact, setContact] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!wellbeing || !contact) {
      setError('Answer both questions');
      return;
    }
    setError(undefined);
    await action.run(async () =>
      props.onDone(
        await api.checkIn({
          wellbeing: Number(wellbeing),
          wantsContact: contact === 'yes',
          ...(note.trim() ? { note: note.trim() } : {}),
        }),
      ),
    );
  }
  return (
    <form
      noValidate
      onSubmit={(e) => void onSubmit(e)}
      aria-label="Check in after your shift"
      className="check-in"
    >
      <h3>Check in after your shift</h3>
      <p className="small">
        Your shift from <Time at={props.shift.startedAt} />:{' '}
        {formatDuration(props.shift.exposureMs)} with case material. A short check-in opens your
        next shift.
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      <Radios
        id="check-in-wellbeing"
        legend="How are you feeling?"
        value={wellbeing}
        onChange={setWellbeing}
        options={[
          ['5', 'Fine'],
          ['4', 'Mostly fine'],
          ['3', 'So-so'],
          ['2', 'Low'],
          ['1', 'Very low'],
        ]}
      />
      <Radios
        id="check-in-contact"
        legend="Would you like someone from the programme to contact you?"
        value={contact}
        onChange={setContact}
        options={[
          ['no', 'No, thank you'],
          ['yes', 'Yes, please'],
        ]}
      />
      <TextArea
        id="check-in-note"
        label="Anything you want to tell the welfare lead (optional)"
        rows={2}
        value={note}
        onChange={setNote}
      />
      <Button busy={action.busy}>Send check-in</Button>
    </form>
  );
}
