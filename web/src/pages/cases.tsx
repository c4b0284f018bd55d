/** The officer's own cases. */
import type { ReactNode } from 'react';
import type { CaseList } from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import { Link, LoadState, PageTitle, Time, humanize, useLoad } from '../components/ui.tsx';

export function CasesPage(): ReactNode {
  const cases = useLoad<CaseList>(() => api.cases(), []);
  return (
    <>
      <PageTitle>My cases</PageTitle>
      <LoadState loaded={cases} what="your cases">
        {(list) =>
          list.items.length === 0 ? (
            <p>
              You own no cases. Open one from a report in the <Link to="/queue">queue</Link>.
            </p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Case</th>
                    <th scope="col">Title</th>
                    <th scope="col">Status</th>
                    <th scope="col">Reports</th>
                    <th scope="col">Open tasks</th>
                    <th scope="col">Matches to check</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <Link to={`/cases/${c.id}`}>{c.ref}</Link>
                      </th>
                      <td>{c.title}</td>
                      <td>
                        {humanize(c.status)}
                        {c.outcome ? ` (${humanize(c.outcome)})` : ''}
                      </td>
                      <td>{c.reportCount}</td>
                      <td>{c.openTasks}</td>
                      <td className={c.pendingHits ? 'text-warning' : undefined}>
                        {c.pendingHits}
                      </td>
                      <td>
                        <Time at={c.updatedAt} />
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
