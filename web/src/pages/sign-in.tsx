/**
 * Staff sign-in: password, then the second factor the session's `stage` asks for — a TOTP code
 * (RFC 6238), or enrolment of an authenticator app (QR code of the `otpauth://` URI plus the URI
 * and secret as text) confirmed with a first code. Also first-admin setup (`/setup#token=…`) and
 * accepting an invitation (`/invite#token=…`), which end in the same second-factor steps.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import {
  Password,
  SetupBody,
  type InviteInfo,
  type SessionInfo,
  type TotpEnrolment,
} from '../../../src/contracts/index.ts';
import { describeError } from '../api/errors.ts';
import { api } from '../api/endpoints.ts';
import { QrCode } from '../components/qr-code.tsx';
import {
  Button,
  ErrorSummary,
  Link,
  Notice,
  PageTitle,
  TextField,
  Time,
  humanize,
  useLoad,
  LoadState,
  type FieldErrors,
} from '../components/ui.tsx';
import { navigate } from '../router.ts';
import { homeFor, useSession } from '../session.tsx';

/** Where to go after signing in: `?next=` when it is a path of this app, else the role's home. */
function afterSignIn(info: SessionInfo): void {
  const next = new URLSearchParams(window.location.search).get('next');
  const safe = next && next.startsWith('/') && !next.startsWith('//') ? next : null;
  navigate(safe ?? homeFor(info.user?.role), { replace: true });
}

export function SignInPage(): ReactNode {
  const session = useSession();
  const info = session.info;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (info?.signedIn) afterSignIn(info);
  }, [info]);

  if (info && !info.signedIn && info.stage) return <SecondFactor info={info} />;

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!username.trim()) errs.username = 'Enter your username';
    if (!password) errs.password = 'Enter your password';
    setErrors(errs);
    setError(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      session.set(await api.login({ username, password }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <PageTitle>Sign in to Custos</PageTitle>
      {info?.banner ? (
        <div className="notice notice-warning" role="note">
          <p className="notice-title">Warning</p>
          <p>{info.banner}</p>
        </div>
      ) : null}
      {info?.setupNeeded ? (
        <Notice kind="info">
          Custos has no admin yet. Open the set-up link the server printed when it first started.
        </Notice>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Sign in">
        <TextField
          id="username"
          label="Username"
          autoComplete="username"
          spellCheck={false}
          width="medium"
          value={username}
          onChange={setUsername}
          error={errors.username}
        />
        <TextField
          id="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          width="medium"
          value={password}
          onChange={setPassword}
          error={errors.password}
        />
        <Button busy={busy}>Sign in</Button>
      </form>
      <p className="muted">
        Not staff? <Link to="/">Report online child abuse</Link> without an account.
      </p>
    </div>
  );
}

/** The TOTP step or enrolment, whichever the session's stage asks for. */
export function SecondFactor(props: { readonly info: SessionInfo }): ReactNode {
  if (props.info.stage === 'totp-enrolment-required') return <TotpEnrol />;
  return <TotpCode />;
}

function CodeForm(props: {
  readonly onCode: (code: string) => Promise<void>;
  readonly label: string;
  readonly button: string;
}): ReactNode {
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const c = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(c)) {
      setFieldError('Enter the 6-digit code from your authenticator app');
      return;
    }
    setFieldError(undefined);
    setError(null);
    setBusy(true);
    try {
      await props.onCode(c);
    } catch (err) {
      setError(describeError(err));
      setCode('');
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <ErrorSummary errors={fieldError ? { 'totp-code': fieldError } : {}} />
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Second sign-in step">
        <TextField
          id="totp-code"
          label={props.label}
          hint="6 digits, from the authenticator app on your phone."
          autoComplete="one-time-code"
          inputMode="numeric"
          width="short"
          value={code}
          onChange={setCode}
          error={fieldError}
        />
        <Button busy={busy}>{props.button}</Button>
      </form>
    </>
  );
}

function TotpCode(): ReactNode {
  const session = useSession();
  return (
    <div className="narrow">
      <PageTitle>Enter your security code</PageTitle>
      <CodeForm
        label="Security code"
        button="Continue"
        onCode={async (code) => session.set(await api.totp({ code }))}
      />
      <SignOutLink />
    </div>
  );
}

/** Enrolment of an authenticator app: shown after first sign-in for roles that need TOTP. */
export function TotpEnrol(props: { readonly onDone?: () => void } = {}): ReactNode {
  const session = useSession();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.startEnrolment().then(
      (e) => live && setEnrolment(e),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="narrow">
      <PageTitle>Set up your authenticator app</PageTitle>
      <p>
        Your role needs a second sign-in step. Use an authenticator app on your phone (for example
        one provided by your force).
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {enrolment ? (
        <>
          <ol className="steps">
            <li>In the app, choose to add an account and scan this QR code.</li>
          </ol>
          <QrCode text={enrolment.otpauthUri} label="QR code for your authenticator app" />
          <details className="details">
            <summary>Cannot scan? Type the key instead</summary>
            <p>
              Key:{' '}
              <code className="secret" data-testid="totp-secret">
                {enrolment.secret}
              </code>
            </p>
            <p>
              Link:{' '}
              <code className="hash" data-testid="totp-uri">
                {enrolment.otpauthUri}
              </code>
            </p>
          </details>
          <ol className="steps" start={2}>
            <li>Enter the 6-digit code the app now shows.</li>
          </ol>
          <CodeForm
            label="Code from the app"
            button="Confirm"
            onCode={async (code) => {
              session.set(await api.confirmEnrolment({ code }));
              props.onDone?.();
            }}
          />
        </>
      ) : error ? null : (
        <p role="status">Preparing…</p>
      )}
      {props.onDone ? null : <SignOutLink />}
    </div>
  );
}

function SignOutLink(): ReactNode {
  const session = useSession();
  return (
    <p>
      <button
        type="button"
        className="button button-link"
        onClick={() => {
          void api
            .logout()
            .catch(() => undefined)
            .then(() => session.refresh());
        }}
      >
        Start again
      </button>
    </p>
  );
}

/** The token after `#token=` in the address (kept out of server logs and Referer headers). */
function hashToken(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
}

export function SetupPage(): ReactNode {
  const session = useSession();
  const info = session.info;
  const [token] = useState(hashToken);
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    initials: '',
    password: '',
    confirm: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  useEffect(() => {
    if (info?.signedIn) afterSignIn(info);
  }, [info]);
  if (info && !info.signedIn && info.stage) return <SecondFactor info={info} />;

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    const errs: Record<string, string> = {};
    const { confirm: _confirm, ...fields } = form;
    const parsed = SetupBody.safeParse({ token, ...fields });
    if (!parsed.success)
      for (const i of parsed.error.issues) {
        const k = String(i.path[0] ?? 'form');
        errs[k === 'token' ? 'form' : k] ??=
          k === 'token'
            ? 'The set-up link is incomplete: open the full link the server printed'
            : i.message;
      }
    if (form.password !== form.confirm) errs.confirm = 'The two passwords are not the same';
    setErrors(errs);
    if (Object.keys(errs).length || !parsed.success) return;
    setBusy(true);
    try {
      session.set(await api.setup(parsed.data));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  if (info && !info.setupNeeded && !info.stage)
    return (
      <div className="narrow">
        <PageTitle>Custos is set up</PageTitle>
        <p>
          The first admin account exists. <Link to="/sign-in">Sign in</Link>.
        </p>
      </div>
    );

  return (
    <div className="narrow">
      <PageTitle>Create the first admin account</PageTitle>
      <p>
        This page works once, with the link the server printed when it first started. The admin
        creates everyone else’s accounts. Admins never see case content.
      </p>
      {!token ? (
        <Notice kind="error">
          This address has no set-up token. Open the full link the server printed.
        </Notice>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Create admin">
        <TextField
          id="username"
          label="Username"
          hint="Lower-case letters, digits, dot, dash or underscore."
          autoComplete="username"
          width="medium"
          value={form.username}
          onChange={set('username')}
          error={errors.username}
        />
        <TextField
          id="displayName"
          label="Full name"
          autoComplete="name"
          value={form.displayName}
          onChange={set('displayName')}
          error={errors.displayName}
        />
        <TextField
          id="initials"
          label="Initials"
          hint="2 to 4 letters, used in exhibit references (AB/1)."
          width="short"
          value={form.initials}
          onChange={set('initials')}
          error={errors.initials}
        />
        <PasswordFields form={form} set={set} errors={errors} />
        <Button busy={busy}>Create admin account</Button>
      </form>
    </div>
  );
}

function PasswordFields(props: {
  readonly form: { password: string; confirm: string };
  readonly set: (k: 'password' | 'confirm') => (v: string) => void;
  readonly errors: FieldErrors;
}): ReactNode {
  return (
    <>
      <TextField
        id="password"
        label="Password"
        hint="At least 12 characters. A few unrelated words work well."
        type="password"
        autoComplete="new-password"
        width="medium"
        value={props.form.password}
        onChange={props.set('password')}
        error={props.errors.password}
      />
      <TextField
        id="confirm"
        label="Password again"
        type="password"
        autoComplete="new-password"
        width="medium"
        value={props.form.confirm}
        onChange={props.set('confirm')}
        error={props.errors.confirm}
      />
    </>
  );
}

export function InvitePage(): ReactNode {
  const session = useSession();
  const info = session.info;
  const [token] = useState(hashToken);
  const invite = useLoad<InviteInfo>(() => api.invite(token), [token]);
  const [form, setForm] = useState({ password: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: 'password' | 'confirm') => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  useEffect(() => {
    if (info?.signedIn) afterSignIn(info);
  }, [info]);
  if (info && !info.signedIn && info.stage) return <SecondFactor info={info} />;

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    const errs: Record<string, string> = {};
    const p = Password.safeParse(form.password);
    if (!p.success) errs.password = 'Use at least 12 characters';
    if (form.password !== form.confirm) errs.confirm = 'The two passwords are not the same';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      session.set(await api.acceptInvite({ token, password: form.password }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <PageTitle>Accept your invitation</PageTitle>
      <LoadState loaded={invite} what="the invitation">
        {(inv) => (
          <>
            <dl className="summary-list">
              <dt>Name</dt>
              <dd>{inv.displayName}</dd>
              <dt>Username</dt>
              <dd>{inv.username}</dd>
              <dt>Role</dt>
              <dd>{humanize(inv.role)}</dd>
              <dt>Link expires</dt>
              <dd>
                <Time at={inv.expiresAt} />
              </dd>
            </dl>
            {error ? <Notice kind="error">{error}</Notice> : null}
            <ErrorSummary errors={errors} />
            <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Choose password">
              <PasswordFields form={form} set={set} errors={errors} />
              <Button busy={busy}>Set password and continue</Button>
            </form>
          </>
        )}
      </LoadState>
    </div>
  );
}
