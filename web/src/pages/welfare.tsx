/**
 * Programme manager: volunteers' measured exposure to case material (R59) from timed task page
 * views, per volunteer and per day. Figures only; no case content.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ExposureQuery, ExposureSummary } from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import {
  Button,
  LoadState,
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
    </>
  );
}
