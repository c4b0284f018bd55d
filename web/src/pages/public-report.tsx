/**
 * The public report form (no account; issue 5 §4, legal-framework R50). The first question is
 * whether a child is in danger right now: "yes" or "not sure" shows the call-999 guidance at once.
 * Then what happened, the platform, the other person's identifiers, the child's age if known,
 * optional contact details and evidence files. After submitting, the receipt code is shown once
 * and each uploaded file's SHA-256, as the server computed it, is shown back.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  CONTACT_NOTICE,
  DANGER_GUIDANCE,
  PLATFORMS,
  SubmitReportBody,
  type DangerAnswer,
  type SubmitReportResponse,
  type UploadedFile,
} from '../../../src/contracts/index.ts';
import { describeError } from '../api/errors.ts';
import { api } from '../api/endpoints.ts';
import {
  Button,
  ErrorSummary,
  Hash,
  Link,
  Notice,
  PageTitle,
  Radios,
  Select,
  TextArea,
  TextField,
  Time,
  formatBytes,
  type FieldErrors,
} from '../components/ui.tsx';

export const PLATFORM_LABELS: Readonly<Record<(typeof PLATFORMS)[number], string>> = {
  whatsapp: 'WhatsApp',
  snapchat: 'Snapchat',
  instagram: 'Instagram',
  'facebook-messenger': 'Facebook Messenger',
  telegram: 'Telegram',
  discord: 'Discord',
  tiktok: 'TikTok',
  sms: 'Text message (SMS)',
  imessage: 'iMessage',
  'online-game': 'An online game',
  other: 'Somewhere else',
};

const RELATIONS = [
  ['child-themselves', 'I am the child (under 18)'],
  ['parent-or-carer', 'A parent or carer'],
  ['other-adult', 'Another adult'],
  ['professional', 'A professional (teacher, social worker, health)'],
] as const;

/** The call-999 box: shown first on the page and again when the answer is yes or not sure. */
export function DangerGuidance(props: { readonly urgent: boolean }): ReactNode {
  return (
    <div
      className={`danger-box${props.urgent ? ' danger-box-urgent' : ''}`}
      role={props.urgent ? 'alert' : 'note'}
      id={props.urgent ? 'danger-guidance' : undefined}
    >
      <p className="danger-title">{props.urgent ? 'Call 999 now' : 'In an emergency, call 999'}</p>
      <p>{DANGER_GUIDANCE}</p>
    </div>
  );
}

interface Form {
  danger: DangerAnswer | '';
  whatHappened: string;
  platform: string;
  platformOther: string;
  identifiers: string;
  childAge: string;
  relation: string;
  name: string;
  email: string;
  phone: string;
}

const EMPTY: Form = {
  danger: '',
  whatHappened: '',
  platform: '',
  platformOther: '',
  identifiers: '',
  childAge: '',
  relation: '',
  name: '',
  email: '',
  phone: '',
};

/** Field id for a zod issue path of `SubmitReportBody`. */
function fieldOf(path: readonly PropertyKey[]): string {
  const [head, sub] = path;
  switch (head) {
    case 'childInDangerNow':
      return 'danger';
    case 'otherPersonIdentifiers':
      return 'identifiers';
    case 'contact':
      return typeof sub === 'string' ? sub : 'email';
    default:
      return typeof head === 'string' ? head : 'form';
  }
}

/**
 * Turns the form into a `SubmitReportBody`, or field errors (validated with the contract schema).
 */
export function buildReport(
  f: Form,
): { body: SubmitReportBody; errors: null } | { body: null; errors: FieldErrors } {
  const errors: Record<string, string> = {};
  if (!f.danger) errors.danger = 'Say whether a child is in danger right now';
  if (!f.whatHappened.trim()) errors.whatHappened = 'Tell us what happened';
  if (!f.platform) errors.platform = 'Choose where it happened';
  let age: number | null = null;
  if (f.childAge.trim()) {
    age = Number(f.childAge.trim());
    if (!Number.isInteger(age) || age < 0 || age > 17)
      errors.childAge = 'Enter the age as a whole number from 0 to 17, or leave it empty';
  }
  const contact = {
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
    ...(f.email.trim() ? { email: f.email.trim() } : {}),
    ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
  };
  const candidate = {
    childInDangerNow: f.danger || 'unsure',
    whatHappened: f.whatHappened,
    platform: f.platform || 'other',
    ...(f.platform === 'other' && f.platformOther.trim()
      ? { platformOther: f.platformOther.trim() }
      : {}),
    otherPersonIdentifiers: f.identifiers
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
    childAge: age,
    ...(f.relation ? { reporterRelation: f.relation } : {}),
    contact: Object.keys(contact).length ? contact : null,
  };
  const parsed = SubmitReportBody.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const id = fieldOf(issue.path);
      if (errors[id]) continue;
      if (id === 'email')
        errors.email = 'Enter an email address like name@example.com, or leave it empty';
      else if (id === 'identifiers')
        errors.identifiers = 'Give at most 20 identifiers, one per line, each under 200 characters';
      else errors[id] = issue.message;
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { body: null, errors };
  return { body: parsed.data, errors: null };
}

export function PublicReportPage(): ReactNode {
  const [form, setForm] = useState<Form>(EMPTY);
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<SubmitReportResponse | null>(null);
  const [uploaded, setUploaded] = useState<UploadedFile[]>([]);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const set =
    <K extends keyof Form>(k: K) =>
    (v: Form[K]) =>
      setForm((f) => ({ ...f, [k]: v }));
  const urgent = form.danger === 'yes' || form.danger === 'unsure';

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setFailure(null);
    const built = buildReport(form);
    if (built.errors) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await api.submitReport(built.body);
      setReceipt(r);
      if (files.length) {
        try {
          const up = await api.uploadPublicEvidence(r.upload.url, r.upload.token, files);
          setUploaded(up.files);
        } catch (err) {
          setUploadError(describeError(err));
        }
      }
      window.scrollTo(0, 0);
    } catch (err) {
      setFailure(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  if (receipt)
    return (
      <ReceiptView
        receipt={receipt}
        uploaded={uploaded}
        uploadError={uploadError}
        onMore={(more) => setUploaded((u) => [...u, ...more])}
      />
    );

  return (
    <>
      <PageTitle>Report online child abuse</PageTitle>
      <DangerGuidance urgent={false} />
      <p>
        Use this form to tell the police about someone online who is talking to a child in a sexual
        way or trying to meet them. You do not need an account. It takes about 10 minutes.
      </p>
      <p>
        Do not contact, confront or post about the person yourself. Keep the messages: do not delete
        them.
      </p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Report">
        <Radios
          id="danger"
          large
          legend="Is a child in danger right now?"
          hint="For example, the person is with the child now, or is on their way to meet them."
          value={form.danger}
          onChange={(v) => set('danger')(v as DangerAnswer)}
          error={errors.danger}
          options={[
            ['yes', 'Yes'],
            ['unsure', 'I am not sure'],
            ['no', 'No'],
          ]}
        />
        {urgent ? <DangerGuidance urgent /> : null}
        {urgent ? (
          <p>When you have called 999, or if you cannot call now, you can still send this form.</p>
        ) : null}

        <TextArea
          id="whatHappened"
          label="What happened?"
          hint="In your own words: who, what was said or asked, when it started, and anything planned. Do not attach or describe sexual images."
          value={form.whatHappened}
          onChange={set('whatHappened')}
          error={errors.whatHappened}
          rows={7}
        />
        <Select
          id="platform"
          label="Where did it happen?"
          value={form.platform}
          onChange={set('platform')}
          error={errors.platform}
          placeholder="Choose an app or site"
          options={PLATFORMS.map((p) => [p, PLATFORM_LABELS[p]] as const)}
        />
        {form.platform === 'other' ? (
          <TextField
            id="platformOther"
            label="Name of the app or site"
            value={form.platformOther}
            onChange={set('platformOther')}
            error={errors.platformOther}
          />
        ) : null}
        <TextArea
          id="identifiers"
          label="The other person’s usernames, numbers or profile links (if you know them)"
          hint="One per line, exactly as shown, for example @name, +44 7700 900123 or a profile link."
          value={form.identifiers}
          onChange={set('identifiers')}
          error={errors.identifiers}
          rows={3}
        />
        <TextField
          id="childAge"
          label="The child’s age (if you know it)"
          hint="In years. Leave empty if you do not know."
          type="text"
          inputMode="numeric"
          width="short"
          value={form.childAge}
          onChange={set('childAge')}
          error={errors.childAge}
        />
        <Select
          id="relation"
          label="Who are you? (optional)"
          value={form.relation}
          onChange={set('relation')}
          placeholder="Prefer not to say"
          options={RELATIONS}
        />
        <fieldset className="field">
          <legend>Your contact details (optional)</legend>
          <p className="hint" id="contact-hint">
            {CONTACT_NOTICE}
          </p>
          <TextField
            id="name"
            label="Your name"
            autoComplete="name"
            value={form.name}
            onChange={set('name')}
            error={errors.name}
          />
          <TextField
            id="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            value={form.email}
            onChange={set('email')}
            error={errors.email}
          />
          <TextField
            id="phone"
            label="Phone number"
            type="tel"
            autoComplete="tel"
            width="medium"
            value={form.phone}
            onChange={set('phone')}
            error={errors.phone}
          />
        </fieldset>
        <div className="field">
          <label htmlFor="files">Evidence files (optional)</label>
          <p className="hint" id="files-hint">
            A chat export (for example WhatsApp “Export chat” without media) or screenshots. Never
            send sexual images of a child: describe them instead. Each file’s fingerprint (SHA-256)
            is shown back so you can check it arrived unchanged.
          </p>
          <input
            id="files"
            name="files"
            type="file"
            multiple
            className="file-input"
            aria-describedby="files-hint"
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
          />
          {files.length ? (
            <ul className="file-list">
              {files.map((f) => (
                <li key={f.name + f.size}>
                  {f.name} ({formatBytes(f.size)})
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <Button busy={busy}>{busy ? 'Sending…' : 'Send report'}</Button>
      </form>
      <p>
        Made a report before? <Link to="/status">Check its status with your receipt code</Link>.
      </p>
    </>
  );
}

function ReceiptView(props: {
  readonly receipt: SubmitReportResponse;
  readonly uploaded: readonly UploadedFile[];
  readonly uploadError: string | null;
  readonly onMore: (files: UploadedFile[]) => void;
}): ReactNode {
  const { receipt, uploaded } = props;
  const [more, setMore] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(props.uploadError);
  const left = receipt.upload.maxFiles - uploaded.length;
  const open = new Date(receipt.upload.expiresAt).getTime() > Date.now() && left > 0;

  async function upload(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!more.length) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.uploadPublicEvidence(receipt.upload.url, receipt.upload.token, more);
      props.onMore(r.files);
      setMore([]);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle>Your report has been sent</PageTitle>
      {receipt.danger.callNow ? <DangerGuidance urgent /> : null}
      <div className="panel panel-confirm">
        <p>Your receipt code</p>
        <p className="receipt-code" data-testid="receipt-code">
          {receipt.receiptCode}
        </p>
        <p>
          Write this code down or keep it somewhere safe. It is the only way to check the status of
          your report, and it is shown only once.
        </p>
        <p>
          Report reference: <strong data-testid="report-ref">{receipt.reportRef}</strong>
        </p>
      </div>
      <h2>Files received</h2>
      {uploaded.length ? (
        <table className="table">
          <caption className="visually-hidden">
            Files received and their SHA-256 fingerprints
          </caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">SHA-256 fingerprint</th>
            </tr>
          </thead>
          <tbody>
            {uploaded.map((f, i) => (
              <tr key={`${f.sha256}-${i}`}>
                <td>{f.name}</td>
                <td>{formatBytes(f.sizeBytes)}</td>
                <td>
                  <Hash value={f.sha256} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No files yet.</p>
      )}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {open ? (
        <form onSubmit={(e) => void upload(e)} noValidate aria-label="Add files">
          <div className="field">
            <label htmlFor="more-files">Add more files</label>
            <p className="hint" id="more-files-hint">
              Up to {left} more, each at most {formatBytes(receipt.upload.maxFileBytes)}, until{' '}
              <Time at={receipt.upload.expiresAt} />.
            </p>
            <input
              id="more-files"
              type="file"
              multiple
              className="file-input"
              aria-describedby="more-files-hint"
              onChange={(e) => setMore(Array.from(e.target.files ?? []))}
            />
          </div>
          <Button kind="secondary" busy={busy} disabled={!more.length}>
            Upload files
          </Button>
        </form>
      ) : null}
      <h2>What happens next</h2>
      <p>
        An officer reads every report. If you gave contact details, an officer may contact you.
        Nobody will tell the other person that you reported them.
      </p>
      <p>
        <Link to="/status">Check the status of a report</Link>
      </p>
    </>
  );
}
