/**
 * The auditor's pages: the access log (DPA 2018 s62: who consulted, disclosed, changed or erased
 * what, when and why) with filters, paging and CSV/JSON export of the filtered entries; and the
 * verification of the access log's hash chain and of the custody log. No case content.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  AccessAction,
  type AccessLogPage,
  type AccessLogQuery,
  type AccessLogVerification,
  type CustodyVerification,
} from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import {
  Button,
  LoadState,
  Notice,
  PageTitle,
  Select,
  TextField,
  Time,
  humanize,
  useAction,
  useLoad,
} from '../components/ui.tsx';
import { hasCapability, useSession } from '../session.tsx';

const PAGE = 50;

interface Filters {
  from: string;
  to: string;
  actorId: string;
  caseRef: string;
  action: string;
}

const NO_FILTERS: Filters = { from: '', to: '', actorId: '', caseRef: '', action: '' };

/** `datetime-local` input value (local time) → UTC ISO, or undefined when empty or invalid. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The API query for the form's filters. */
export function queryOf(f: Filters): Omit<AccessLogQuery, 'limit' | 'offset'> {
  const action = AccessAction.safeParse(f.action);
  const from = toIso(f.from);
  const to = toIso(f.to);
  return {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(f.actorId.trim() ? { actorId: f.actorId.trim() } : {}),
    ...(f.caseRef.trim() ? { caseRef: f.caseRef.trim() } : {}),
    ...(action.success ? { action: action.data } : {}),
  };
}

export function AccessLogPageView(): ReactNode {
  const session = useSession();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const q = queryOf(filters);
  const page = useLoad<AccessLogPage>(
    () => api.accessLog({ ...q, limit: PAGE, offset }),
    [JSON.stringify(q), offset],
  );
  const set = (k: keyof Filters) => (v: string) => setDraft((f) => ({ ...f, [k]: v }));
  function apply(e: FormEvent): void {
    e.preventDefault();
    setFilters(draft);
    setOffset(0);
  }
  const canExport = hasCapability(session.info, 'access-log:export');
  return (
    <>
      <PageTitle>Access log</PageTitle>
      <p className="muted">
        Every collection, consultation, disclosure, change and erasure of personal data, with who,
        when and why (Data Protection Act 2018, s62). The log is append-only and hash-chained.
      </p>
      <form className="filters" onSubmit={apply} aria-label="Filter the access log">
        <TextField
          id="filter-from"
          label="From"
          type="datetime-local"
          value={draft.from}
          onChange={set('from')}
        />
        <TextField
          id="filter-to"
          label="To"
          type="datetime-local"
          value={draft.to}
          onChange={set('to')}
        />
        <TextField
          id="filter-actor"
          label="User id"
          value={draft.actorId}
          onChange={set('actorId')}
        />
        <TextField
          id="filter-case"
          label="Case reference"
          value={draft.caseRef}
          onChange={set('caseRef')}
        />
        <Select
          id="filter-action"
          label="Action"
          placeholder="Any"
          value={draft.action}
          onChange={set('action')}
          options={AccessAction.options.map((a) => [a, humanize(a)] as const)}
        />
        <div className="button-row">
          <Button kind="secondary">Apply filters</Button>
          <Button
            kind="link"
            type="button"
            onClick={() => {
              setDraft(NO_FILTERS);
              setFilters(NO_FILTERS);
              setOffset(0);
            }}
          >
            Clear
          </Button>
        </div>
      </form>
      {canExport ? (
        <p className="button-row">
          <a
            className="button button-secondary"
            href={api.accessLogExportUrl({ ...q, format: 'csv' })}
            download
          >
            Export CSV
          </a>
          <a
            className="button button-secondary"
            href={api.accessLogExportUrl({ ...q, format: 'json' })}
            download
          >
            Export JSON
          </a>
          <span className="muted small">Exports contain the entries matching the filters.</span>
        </p>
      ) : null}
      <LoadState loaded={page} what="the access log">
        {(p) => (
          <>
            <p role="status">
              {p.total === 0
                ? 'No entries match.'
                : `Entries ${offset + 1}–${offset + p.items.length} of ${p.total}`}
            </p>
            {p.items.length ? (
              <div className="table-wrap">
                <table className="table small" data-testid="access-log">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col">Action</th>
                      <th scope="col">What</th>
                      <th scope="col">Case</th>
                      <th scope="col">Justification</th>
                      <th scope="col">Recipient</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.items.map((e) => (
                      <tr key={e.seq}>
                        <td>{e.seq}</td>
                        <td className="nowrap">
                          <Time at={e.at} />
                        </td>
                        <td>
                          {e.actor.displayName ?? 'public'}{' '}
                          <span className="muted">({e.actor.role})</span>
                          {e.actor.id ? (
                            <div>
                              <code className="hash">{e.actor.id}</code>
                            </div>
                          ) : null}
                        </td>
                        <td>{humanize(e.action)}</td>
                        <td>
                          {e.object.type} {e.object.ref ?? e.object.id}
                        </td>
                        <td>{e.caseRef ?? '—'}</td>
                        <td>
                          {e.justification
                            ? `${humanize(e.justification.reasonCode)}${e.justification.text ? `: ${e.justification.text}` : ''}`
                            : '—'}
                        </td>
                        <td>{e.recipient ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <nav className="pager button-row" aria-label="Pages">
              <Button
                type="button"
                kind="secondary"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Previous
              </Button>
              <Button
                type="button"
                kind="secondary"
                disabled={offset + p.items.length >= p.total}
                onClick={() => setOffset(offset + PAGE)}
              >
                Next
              </Button>
            </nav>
          </>
        )}
      </LoadState>
    </>
  );
}

export function VerifyPage(): ReactNode {
  const session = useSession();
  const [accessResult, setAccess] = useState<AccessLogVerification | null>(null);
  const [custodyResult, setCustody] = useState<CustodyVerification | null>(null);
  const action = useAction();
  return (
    <>
      <PageTitle>Verify the logs</PageTitle>
      <p>
        Recomputes the access log’s hash chain and the custody log’s Merkle tree and signed
        checkpoints (RFC 6962/9162), and reports any break.
      </p>
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      <div className="button-row">
        {hasCapability(session.info, 'access-log:read') ? (
          <Button
            type="button"
            busy={action.busy}
            onClick={() => void action.run(async () => setAccess(await api.verifyAccessLog()))}
          >
            Verify the access log
          </Button>
        ) : null}
        {hasCapability(session.info, 'custody:verify') ? (
          <Button
            type="button"
            busy={action.busy}
            onClick={() => void action.run(async () => setCustody(await api.verifyCustody()))}
          >
            Verify the custody log
          </Button>
        ) : null}
      </div>
      {accessResult ? (
        <Notice kind={accessResult.intact ? 'success' : 'error'} title="Access log">
          {accessResult.intact
            ? `Intact: ${accessResult.entries} entries, every hash chains to the one before.`
            : `Broken at entry ${accessResult.firstBadSeq ?? '?'} of ${accessResult.entries}.`}
        </Notice>
      ) : null}
      {custodyResult ? (
        <Notice kind={custodyResult.intact ? 'success' : 'error'} title="Custody log">
          <p>
            {custodyResult.intact ? 'Intact' : 'Problems found'}: {custodyResult.events} events,{' '}
            {custodyResult.checkpoints} signed checkpoints.
          </p>
          {custodyResult.intact && custodyResult.events > custodyResult.signedThrough ? (
            <p data-testid="custody-unsigned">
              {custodyResult.signedThrough === 0
                ? `No signed checkpoint covers these ${custodyResult.events} events yet`
                : `Events ${custodyResult.signedThrough} to ${custodyResult.events - 1} are not yet covered by a signed checkpoint`}
              : deleted checkpoints or a rewritten tail would not show here. Compare with a
              checkpoint kept outside the store.
            </p>
          ) : null}
          {custodyResult.problems.length ? (
            <ul>
              {custodyResult.problems.map((p, i) => (
                <li key={i}>
                  {p.subject}: {p.message} ({p.code})
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
    </>
  );
}
