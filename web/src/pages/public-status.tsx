/**
 * Report status by receipt code (public, no account): the status and its plain description only,
 * never any content of the report or a case (issue 5 §4).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ReceiptStatus } from '../../../src/contracts/index.ts';
import { describeError } from '../api/errors.ts';
import { api } from '../api/endpoints.ts';
import {
  Button,
  ErrorSummary,
  Link,
  Notice,
  PageTitle,
  TextField,
  Time,
} from '../components/ui.tsx';
import { DangerGuidance } from './public-report.tsx';

const STATUS_LABEL: Readonly<Record<ReceiptStatus['status'], string>> = {
  received: 'Received',
  'being-reviewed': 'Being reviewed',
  'with-an-officer': 'With an officer',
  closed: 'Closed',
};

export function PublicStatusPage(): ReactNode {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<ReceiptStatus | null>(null);

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    setStatus(null);
    const c = code.trim();
    if (c.length < 8) {
      setFieldError('Enter the receipt code you were given when you sent the report');
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      setStatus(await api.receiptStatus(c));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle>Check the status of a report</PageTitle>
      <DangerGuidance urgent={false} />
      <ErrorSummary errors={fieldError ? { 'receipt-code': fieldError } : {}} />
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Check status">
        <TextField
          id="receipt-code"
          label="Receipt code"
          hint="The code shown when you sent the report."
          autoComplete="off"
          spellCheck={false}
          width="medium"
          value={code}
          onChange={setCode}
          error={fieldError ?? undefined}
        />
        <Button busy={busy}>Check status</Button>
      </form>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {status ? (
        <section className="panel" aria-labelledby="status-title" data-testid="receipt-status">
          <h2 id="status-title">Status: {STATUS_LABEL[status.status]}</h2>
          <p>{status.description}</p>
          <dl className="summary-list">
            <dt>Received</dt>
            <dd>
              <Time at={status.receivedAt} />
            </dd>
            <dt>Last updated</dt>
            <dd>
              <Time at={status.updatedAt} />
            </dd>
          </dl>
          <p className="muted">
            For the safety of everyone involved, this page never shows what is in a report or what
            the police are doing about it.
          </p>
        </section>
      ) : null}
      <p>
        <Link to="/">Make a new report</Link>
      </p>
    </>
  );
}
