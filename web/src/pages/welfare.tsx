/**
 * Programme manager (the welfare lead): volunteers' measured exposure to case material (R59) from
 * timed task page views, per volunteer and per day; and the trends — exposure, shifts, "stop
 * now", check-ins and their mean wellbeing, welfare flags, missed check-ins and outstanding
 * debriefs. Figures and the volunteers' own check-in notes only; no case content.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type {
  ExposureQuery,
  ExposureSummary,
  WelfareTrends,
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
  useLoad,
} from '../components/ui.tsx';

/** `YYYY-MM-DD` (a date input) → the UTC start of that day, or undefined. */
function dayIso(d: string, endOfDay: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
  return `${d}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`;
}

export function WelfarePage(): ReactNode {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [query, setQuery] = useState<ExposureQuery>({});
  const data = useLoad<ExposureSummary>(() => api.exposure(query), [query.from, query.to]);
  function apply(e: FormEvent): void {
    e.preventDefault();
    const f = dayIso(from, false);
    const t = dayIso(to, true);
    setQuery({ ...(f ? { from: f } : {}), ...(t ? { to: t } : {}) });
  }
  return (
    <>
      <PageTitle>Volunteer welfare: exposure</PageTitle>
      <p className="muted">
        Time each volunteer spent with task material on screen, measured by the application (not
        self-reported). No case content is shown here.
      </p>
      <form className="filters" onSubmit={apply} aria-label="Period">
        <TextField id="exposure-from" label="From" type="date" value={from} onChange={setFrom} />
        <TextField id="exposure-to" label="To" type="date" value={to} onChange={setTo} />
        <Button kind="secondary">Show period</Button>
      </form>
      <LoadState loaded={data} what="exposure figures">
        {(s) => (
          <>
            <p>
              <Time at={s.from} /> to <Time at={s.to} />
            </p>
            {s.volunteers.length === 0 ? (
              <p>No timed views in this period.</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="exposure">
                  <thead>
                    <tr>
                      <th scope="col">Volunteer</th>
                      <th scope="col">Total time</th>
                      <th scope="col">Views</th>
                      <th scope="col">By day</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.volunteers.map((v) => (
                      <tr key={v.id}>
                        <th scope="row">{v.displayName}</th>
                        <td>{formatDuration(v.totalMs)}</td>
                        <td>{v.views}</td>
                        <td>
                          <ul className="plain small">
                            {v.days.map((d) => (
                              <li key={d.date}>
                                {d.date}: {formatDuration(d.ms)}
                              </li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </LoadState>
      <WelfareTrendsSection />
    </>
  );
}

const FLAG_LABEL: Readonly<Record<WelfareTrends['flags'][number]['kind'], string>> = {
  'stop-now': 'Pressed “stop now”',
  'low-wellbeing': 'Checked in feeling low',
  'wants-contact': 'Asked for someone to contact them',
};

function WelfareTrendsSection(): ReactNode {
  const trends = useLoad<WelfareTrends>(() => api.welfareTrends(), []);
  return (
    <section aria-labelledby="trends">
      <h2 id="trends">Trends (last 12 weeks)</h2>
      <LoadState loaded={trends} what="welfare trends">
        {(t) => (
          <>
            {t.flags.length ? (
              <Notice kind="warning" title="Welfare flags">
                <ul data-testid="welfare-flags">
                  {t.flags.map((f, i) => (
                    <li key={`${f.at}-${i}`}>
                      <Time at={f.at} />: {f.volunteer.displayName} — {FLAG_LABEL[f.kind]}
                      {f.note ? ` (“${f.note}”)` : ''}
                    </li>
                  ))}
                </ul>
              </Notice>
            ) : (
              <p>No welfare flags in this period.</p>
            )}
            <div className="charts">
              <BarChart
                title="Time with case material, per week"
                testId="chart-exposure"
                format={(v) => formatDuration(v)}
                bars={t.weeks.map((w) => ({ label: weekLabel(w.week), value: w.exposureMs }))}
              />
              <BarChart
                title="Welfare flags, per week"
                bars={t.weeks.map((w) => ({ label: weekLabel(w.week), value: w.flags }))}
              />
            </div>
            <div className="table-wrap">
              <table className="table" data-testid="welfare-volunteers">
                <thead>
                  <tr>
                    <th scope="col">Volunteer</th>
                    <th scope="col">With material</th>
                    <th scope="col">Hours on tasks</th>
                    <th scope="col">Shifts</th>
                    <th scope="col">“Stop now”</th>
                    <th scope="col">Low check-ins</th>
                    <th scope="col">Asked for contact</th>
                    <th scope="col">Missed check-ins</th>
                    <th scope="col">Debriefs outstanding</th>
                  </tr>
                </thead>
                <tbody>
                  {t.volunteers.map((v) => (
                    <tr key={v.volunteer.id}>
                      <th scope="row">{v.volunteer.displayName}</th>
                      <td>{formatDuration(v.exposureMs)}</td>
                      <td>{formatDuration(v.hoursMs)}</td>
                      <td>{v.shifts}</td>
                      <td>{v.stops}</td>
                      <td>{v.lowCheckIns}</td>
                      <td>{v.wantsContact}</td>
                      <td>{v.missedCheckIns}</td>
                      <td>{v.debriefsOutstanding}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </LoadState>
    </section>
  );
}
