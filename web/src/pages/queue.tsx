/**
 * The officer's queue: reports sorted by the server (triage band, score, waiting time), each with
 * its band (the override when there is one), score, waiting time and the per-band target timer
 * (R52), deconfliction state and danger answer. Refreshes every minute.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { QueueItem, QueueResponse, TargetKey } from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import {
  BandBadge,
  Link,
  LoadState,
  PageTitle,
  Time,
  formatMinutes,
  humanize,
  useLoad,
} from '../components/ui.tsx';
import { PLATFORM_LABELS } from './public-report.tsx';

const TARGET_ORDER: readonly TargetKey[] = [
  'IMMINENT',
  'HIGH',
  'MEDIUM',
  'LOW',
  'NONE',
  'UNASSESSED',
];

/** Minutes left until `dueAt` at `now` (negative when overdue). */
export function minutesLeft(dueAt: string, now: number): number {
  return Math.floor((new Date(dueAt).getTime() - now) / 60_000);
}

/** The timer cell: time left to the band's target, or how long overdue. */
export function TargetTimer(props: {
  readonly target: QueueItem['target'];
  readonly now: number;
}): ReactNode {
  const left = minutesLeft(props.target.dueAt, props.now);
  const overdue = props.target.overdue || left < 0;
  return (
    <span className={overdue ? 'timer timer-overdue' : 'timer'}>
      {overdue ? `Overdue by ${formatMinutes(-left)}` : `${formatMinutes(left)} left`}
      <span className="muted"> (target {formatMinutes(props.target.minutes)})</span>
    </span>
  );
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(t);
  }, [intervalMs]);
  return now;
}

export function QueuePage(): ReactNode {
  const queue = useLoad<QueueResponse>(() => api.queue(), []);
  const now = useNow(30_000);
  const { reload } = queue;
  useEffect(() => {
    const t = window.setInterval(reload, 60_000);
    return () => window.clearInterval(t);
  }, [reload]);
  return (
    <>
      <PageTitle>Report queue</PageTitle>
      <p className="muted">
        Sorted by triage band, score and waiting time. Triage recommends; you decide.
      </p>
      <LoadState loaded={queue} what="the queue">
        {(q) => (
          <>
            <h2 className="visually-hidden">Targets per band</h2>
            <ul className="target-list" aria-label="Target time to first action, per band">
              {TARGET_ORDER.filter((k) => q.targets[k] !== undefined).map((k) => (
                <li key={k}>
                  <BandBadge band={k === 'UNASSESSED' ? null : k} />{' '}
                  {formatMinutes(q.targets[k] ?? 0)} ·{' '}
                  {q.items.filter((i) => i.target.key === k && i.status !== 'closed').length}{' '}
                  waiting
                </li>
              ))}
            </ul>
            {q.items.length === 0 ? (
              <p>No reports are waiting.</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="queue">
                  <caption className="visually-hidden">Reports waiting, highest risk first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Report</th>
                      <th scope="col">Band</th>
                      <th scope="col">Score</th>
                      <th scope="col">Waiting</th>
                      <th scope="col">Target</th>
                      <th scope="col">Details</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.items.map((i) => (
                      <tr key={i.id} className={i.target.overdue ? 'row-overdue' : undefined}>
                        <th scope="row">
                          <Link to={`/reports/${i.id}`}>{i.ref}</Link>
                          <div className="muted small">
                            <Time at={i.receivedAt} />
                          </div>
                        </th>
                        <td>
                          <BandBadge band={i.band} />
                          {i.overrideBand ? (
                            <div className="small muted">
                              overridden
                              {i.assessedBand
                                ? ` from ${humanize(i.assessedBand.toLowerCase())}`
                                : ''}
                            </div>
                          ) : null}
                        </td>
                        <td>{i.score === null ? '—' : i.score.toFixed(2)}</td>
                        <td>{formatMinutes(i.waitingMinutes)}</td>
                        <td>
                          <TargetTimer target={i.target} now={now} />
                        </td>
                        <td className="small">
                          <ul className="plain">
                            {i.dangerNow !== 'no' ? (
                              <li className="text-danger">
                                Danger now: {i.dangerNow === 'yes' ? 'yes' : 'not sure'}
                              </li>
                            ) : null}
                            <li>{PLATFORM_LABELS[i.platform]}</li>
                            {i.childAge !== null ? <li>Child aged {i.childAge}</li> : null}
                            <li>
                              {i.evidenceCount} file{i.evidenceCount === 1 ? '' : 's'}
                            </li>
                            {i.deconfliction.state !== 'none' ? (
                              <li className={i.deconfliction.state === 'hit' ? 'text-warning' : ''}>
                                Deconfliction: {i.deconfliction.hits} match
                                {i.deconfliction.hits === 1 ? '' : 'es'}
                                {i.deconfliction.state === 'acknowledged' ? ' (acknowledged)' : ''}
                              </li>
                            ) : null}
                            {i.caseRef ? <li>Case {i.caseRef}</li> : null}
                            <li>{humanize(i.status)}</li>
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p className="muted small">
              Updated <Time at={q.generatedAt} />.
            </p>
          </>
        )}
      </LoadState>
    </>
  );
}
