/**
 * Programme managers: the training catalogue (modules, versions, validity periods), the
 * programme settings (exposure limits, forced break, reminder days, the small-number rule), and
 * the programme's figures with charts — reports in, time to triage and to first officer action
 * per band, deconfliction, referrals and outcomes, volunteer hours and exposure, training
 * currency, welfare flags — plus the counts-only transparency summary to export as CSV or PDF.
 * Figures only: no case content, no names.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  ProgrammeSettingsBody,
  TASK_TYPES,
  type ModuleList,
  type ModuleView,
  type ProgrammeMetrics,
  type TransparencySummary,
} from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import { BarChart, weekLabel } from '../components/charts.tsx';
import {
  Button,
  LoadState,
  Notice,
  PageTitle,
  TextField,
  Time,
  formatDuration,
  formatMinutes,
  humanize,
  useAction,
  useLoad,
} from '../components/ui.tsx';
import { dayToIso } from './members.tsx';

// ---------------------------------------------------------------- training catalogue

export function TrainingPage(): ReactNode {
  const list = useLoad<ModuleList>(() => api.modules(), []);
  return (
    <>
      <PageTitle>Training catalogue</PageTitle>
      <p className="muted">
        Each task type needs the modules listed against it, all current (R10). A completion lapses
        after the module's validity period; reminders go out before it does.
      </p>
      <LoadState loaded={list} what="modules">
        {(l) => (
          <>
            <div className="table-wrap">
              <table className="table" data-testid="modules">
                <thead>
                  <tr>
                    <th scope="col">Module</th>
                    <th scope="col">Version</th>
                    <th scope="col">Valid for</th>
                    <th scope="col">Needed for</th>
                    <th scope="col">Change</th>
                  </tr>
                </thead>
                <tbody>
                  {l.items.map((m) => (
                    <ModuleRow key={m.id} m={m} onDone={list.reload} />
                  ))}
                </tbody>
              </table>
            </div>
            <AddModule onDone={list.reload} />
          </>
        )}
      </LoadState>
    </>
  );
}

function ModuleRow(props: { readonly m: ModuleView; readonly onDone: () => void }): ReactNode {
  const { m } = props;
  const [version, setVersion] = useState(m.version);
  const action = useAction();
  return (
    <tr>
      <th scope="row">
        {m.title}
        <div className="muted small">
          {m.id}
          {m.retired ? ' · retired' : ''}
        </div>
      </th>
      <td>{m.version}</td>
      <td>{m.validityMonths === null ? 'No expiry' : `${m.validityMonths} months`}</td>
      <td>
        {m.neededFor.length
          ? m.neededFor.map((t) => TASK_TYPES[t].label).join('; ')
          : 'No task type'}
      </td>
      <td>
        {action.error ? <p className="error-message">{action.error}</p> : null}
        <div className="inline-form">
          <TextField
            id={`version-${m.id}`}
            label={<span className="visually-hidden">New version of {m.title}</span>}
            width="short"
            value={version}
            onChange={setVersion}
          />
          <Button
            type="button"
            kind="secondary"
            busy={action.busy}
            disabled={!version.trim() || version.trim() === m.version}
            onClick={() =>
              void action
                .run(() =>
                  api.putModule(m.id, {
                    title: m.title,
                    version: version.trim(),
                    validityMonths: m.validityMonths,
                    retired: m.retired,
                  }),
                )
                .then((ok) => ok && props.onDone())
            }
          >
            Publish version<span className="visually-hidden"> of {m.title}</span>
          </Button>
        </div>
      </td>
    </tr>
  );
}

function AddModule(props: { readonly onDone: () => void }): ReactNode {
  const [id, setId] = useState('');
  const [title, setTitle] = useState('');
  const [months, setMonths] = useState('12');
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const n = Number(months);
    if (
      await action.run(() =>
        api.putModule(id.trim(), {
          title: title.trim(),
          version: '1',
          validityMonths: months.trim() === '' ? null : n,
        }),
      )
    ) {
      setId('');
      setTitle('');
      props.onDone();
    }
  }
  return (
    <details className="details">
      <summary>Add a module</summary>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Add a module">
        {action.error ? <Notice kind="error">{action.error}</Notice> : null}
        <TextField
          id="module-id"
          label="Short name"
          hint="Lower case and hyphens, e.g. online-safety-basics"
          width="medium"
          value={id}
          onChange={setId}
        />
        <TextField id="module-title" label="Title" value={title} onChange={setTitle} />
        <TextField
          id="module-months"
          label="Valid for (months; empty for no expiry)"
          width="short"
          inputMode="numeric"
          value={months}
          onChange={setMonths}
        />
        <Button kind="secondary" busy={action.busy}>
          Add module
        </Button>
      </form>
    </details>
  );
}

// ---------------------------------------------------------------- settings

const SETTING_FIELDS: readonly (readonly [keyof ProgrammeSettingsBody, string, string])[] = [
  ['shiftLimitMinutes', 'Most time with case material in one shift (minutes)', 'R59: default 120'],
  ['breakMinutes', 'Forced break after a shift reaches its limit (minutes)', 'Default 15'],
  ['shiftIdleMinutes', 'A pause this long ends the shift (minutes)', 'Default 30'],
  ['weeklyLimitMinutes', 'Most time with case material in any 7 days (minutes)', 'Default 360'],
  ['transparencyMinimumCount', 'Publish counts below this as “fewer than N”', 'Default 3'],
];

export function ProgrammeSettingsPage(props: { readonly canEdit: boolean }): ReactNode {
  const settings = useLoad<ProgrammeSettingsBody>(() => api.programmeSettings(), []);
  return (
    <>
      <PageTitle>Programme settings</PageTitle>
      <p className="muted">
        No national exposure limit exists: these are the force's settings, set with occupational
        health (legal-framework §3.5, R59).
      </p>
      <LoadState loaded={settings} what="settings">
        {(s) => <SettingsForm initial={s} canEdit={props.canEdit} />}
      </LoadState>
    </>
  );
}

function SettingsForm(props: {
  readonly initial: ProgrammeSettingsBody;
  readonly canEdit: boolean;
}): ReactNode {
  const [f, setF] = useState<Record<string, string>>(() => ({
    ...Object.fromEntries(SETTING_FIELDS.map(([k]) => [k, String(props.initial[k])])),
    vettingReminderDays: props.initial.vettingReminderDays.join(', '),
    trainingReminderDays: props.initial.trainingReminderDays.join(', '),
  }));
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const days = (s: string | undefined): number[] =>
    (s ?? '')
      .split(/[,\s]+/)
      .filter(Boolean)
      .map(Number);
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setSaved(false);
    const body = ProgrammeSettingsBody.safeParse({
      ...Object.fromEntries(SETTING_FIELDS.map(([k]) => [k, Number(f[k])])),
      vettingReminderDays: days(f.vettingReminderDays),
      trainingReminderDays: days(f.trainingReminderDays),
    });
    if (!body.success) return;
    if (await action.run(() => api.setProgrammeSettings(body.data))) setSaved(true);
  }
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Programme settings">
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      {saved ? <Notice kind="success">Saved.</Notice> : null}
      {SETTING_FIELDS.map(([k, label, hint]) => (
        <TextField
          key={k}
          id={`setting-${k}`}
          label={label}
          hint={hint}
          width="short"
          inputMode="numeric"
          value={f[k] ?? ''}
          onChange={(v) => setF((s) => ({ ...s, [k]: v }))}
        />
      ))}
      <TextField
        id="setting-vetting-days"
        label="Vetting reminders (days before expiry)"
        hint="R7: 90, 60, 30"
        width="medium"
        value={f.vettingReminderDays ?? ''}
        onChange={(v) => setF((s) => ({ ...s, vettingReminderDays: v }))}
      />
      <TextField
        id="setting-training-days"
        label="Training reminders (days before a module lapses)"
        width="medium"
        value={f.trainingReminderDays ?? ''}
        onChange={(v) => setF((s) => ({ ...s, trainingReminderDays: v }))}
      />
      {props.canEdit ? <Button busy={action.busy}>Save settings</Button> : null}
    </form>
  );
}

// ---------------------------------------------------------------- figures

const minutes = (v: number | null): string => (v === null ? '—' : formatMinutes(v));

export function MetricsPage(): ReactNode {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [query, setQuery] = useState<{ from?: string; to?: string }>({});
  const metrics = useLoad<ProgrammeMetrics>(() => api.metrics(query), [query.from, query.to]);
  const summary = useLoad<TransparencySummary>(
    () => api.transparency(query),
    [query.from, query.to],
  );
  const reminders = useAction();
  const [sent, setSent] = useState<string | null>(null);
  function apply(e: FormEvent): void {
    e.preventDefault();
    const f = dayToIso(from);
    const t = to ? dayToIso(to)?.replace('T00:00:00.000Z', 'T23:59:59.999Z') : null;
    setQuery({ ...(f ? { from: f } : {}), ...(t ? { to: t } : {}) });
  }
  return (
    <>
      <PageTitle>Programme figures</PageTitle>
      <p className="muted">
        Counts and times from the records (R63 assurance pack). No case content and no names. The
        default period is the last 12 weeks.
      </p>
      <form className="filters" onSubmit={apply} aria-label="Period">
        <TextField id="metrics-from" label="From" type="date" value={from} onChange={setFrom} />
        <TextField id="metrics-to" label="To" type="date" value={to} onChange={setTo} />
        <Button kind="secondary">Show period</Button>
      </form>
      <LoadState loaded={metrics} what="figures">
        {(m) => <Figures m={m} />}
      </LoadState>
      <h2 id="transparency">Transparency summary</h2>
      <p className="muted">
        Counts only, for publication. Small numbers are shown as “fewer than N” so nobody can be
        identified.
      </p>
      <LoadState loaded={summary} what="the summary">
        {(s) => (
          <>
            <div className="table-wrap">
              <table className="table" data-testid="transparency">
                <thead>
                  <tr>
                    <th scope="col">Section</th>
                    <th scope="col">Figure</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {s.rows.map((r, i) => (
                    <tr key={`${r.label}-${i}`}>
                      <td>{r.section}</td>
                      <th scope="row">{r.label}</th>
                      <td>{r.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="button-row">
              <a className="button button-secondary" href={api.transparencyExportUrl('csv', query)}>
                Export the summary as CSV
              </a>
              <a className="button button-secondary" href={api.transparencyExportUrl('pdf', query)}>
                Export the summary as PDF
              </a>
            </p>
          </>
        )}
      </LoadState>
      <h2>Reminders</h2>
      <p className="muted">
        Custos sends vetting and training reminders and records suspensions every 15 minutes. To
        send what is due now:
      </p>
      {reminders.error ? <Notice kind="error">{reminders.error}</Notice> : null}
      {sent ? <Notice kind="success">{sent}</Notice> : null}
      <Button
        type="button"
        kind="secondary"
        busy={reminders.busy}
        onClick={() =>
          void reminders.run(async () => {
            const r = await api.sendReminders();
            setSent(`${r.reminders} reminder(s) sent, ${r.suspensions} suspension(s) recorded.`);
          })
        }
      >
        Send due reminders now
      </Button>
    </>
  );
}

function Figures(props: { readonly m: ProgrammeMetrics }): ReactNode {
  const { m } = props;
  const withData = <T extends { reports: number }>(rows: readonly T[]) =>
    rows.filter((r) => r.reports > 0);
  return (
    <div data-testid="metrics">
      <p>
        <Time at={m.from} /> to <Time at={m.to} />
      </p>
      <ul className="stat-list" aria-label="Headline figures">
        <li>
          <span className="stat">{m.reportsIn.total}</span> reports in ({m.reportsIn.dangerNow} with
          a child in danger at the time)
        </li>
        <li>
          <span className="stat">{m.deconfliction.hits}</span> deconfliction hits (
          {m.deconfliction.acknowledged} acknowledged)
        </li>
        <li>
          <span className="stat">{m.volunteers.active}</span> active volunteers
        </li>
        <li>
          <span className="stat">{formatDuration(m.volunteers.hoursMs)}</span> volunteer hours on
          tasks, <span className="stat">{formatDuration(m.volunteers.exposureMs)}</span> with case
          material on screen
        </li>
        <li>
          <span className="stat">
            {m.training.fullyCurrent} of {m.training.activeMembers}
          </span>{' '}
          active volunteers with all required training current
        </li>
        <li>
          <span className="stat">{m.authorisations.live}</span> authorisations in force (
          {m.authorisations.reviewOverdue} past review)
        </li>
      </ul>
      <div className="charts">
        <BarChart
          title="Reports in, per week"
          testId="chart-reports"
          bars={m.reportsIn.perWeek.map((w) => ({ label: weekLabel(w.week), value: w.value }))}
        />
        <BarChart
          title="Volunteer hours on tasks, per week"
          testId="chart-hours"
          format={(v) => formatDuration(v)}
          bars={m.volunteers.perWeek.map((w) => ({ label: weekLabel(w.week), value: w.hoursMs }))}
        />
        <BarChart
          title="Active volunteers current in each module"
          bars={m.training.modules.map((x) => ({ label: x.moduleId, value: x.current }))}
        />
      </div>
      <h2>Time to triage and to first officer action, per band</h2>
      <div className="table-wrap">
        <table className="table" data-testid="band-times">
          <thead>
            <tr>
              <th scope="col">Band</th>
              <th scope="col">Reports</th>
              <th scope="col">Median to triage</th>
              <th scope="col">Median to first officer action</th>
              <th scope="col">90th percentile to first action</th>
              <th scope="col">Within target</th>
            </tr>
          </thead>
          <tbody>
            {withData(m.timeToFirstAction).map((b) => {
              const t = m.timeToTriage.find((x) => x.band === b.band);
              return (
                <tr key={b.band}>
                  <th scope="row">{humanize(b.band.toLowerCase())}</th>
                  <td>{b.reports}</td>
                  <td>{minutes(t?.medianMinutes ?? null)}</td>
                  <td>{minutes(b.medianMinutes)}</td>
                  <td>{minutes(b.p90Minutes)}</td>
                  <td>
                    {b.withinTarget ?? 0} of {b.measured}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="two-col">
        <section>
          <h2>Referrals</h2>
          {m.referrals.length ? (
            <ul className="plain">
              {m.referrals.map((r) => (
                <li key={`${r.purpose}-${r.recipientType}`}>
                  {r.count} to {r.recipientType === 'ceop' ? 'CEOP' : 'a force'} for{' '}
                  {humanize(r.purpose).toLowerCase()}
                </li>
              ))}
            </ul>
          ) : (
            <p>None in this period.</p>
          )}
          <h2>Outcomes</h2>
          {m.outcomes.length ? (
            <ul className="plain">
              {m.outcomes.map((o) => (
                <li key={o.outcome}>
                  {o.count} {humanize(o.outcome).toLowerCase()}
                </li>
              ))}
            </ul>
          ) : (
            <p>None recorded in this period.</p>
          )}
        </section>
        <section>
          <h2>Welfare</h2>
          <ul className="plain" data-testid="welfare-figures">
            <li>{m.welfare.stops} “stop now”</li>
            <li>{m.welfare.lowWellbeing} check-ins feeling low</li>
            <li>{m.welfare.wantsContact} asking for contact</li>
            <li>{m.welfare.debriefsOutstanding} debriefs outstanding</li>
          </ul>
        </section>
      </div>
    </div>
  );
}
