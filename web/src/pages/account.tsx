/** The signed-in person's account: password, authenticator app, signing out everywhere. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api/endpoints.ts';
import {
  Button,
  ErrorSummary,
  Notice,
  PageTitle,
  TextField,
  humanize,
  useAction,
  type FieldErrors,
} from '../components/ui.tsx';
import { navigate } from '../router.ts';
import { useSession } from '../session.tsx';
import { TotpEnrol } from './sign-in.tsx';

export function AccountPage(): ReactNode {
  const session = useSession();
  const user = session.info?.user;
  const [enrolling, setEnrolling] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const pw = useAction();
  const everywhere = useAction();
  if (!user) return null;
  if (enrolling)
    return (
      <TotpEnrol
        onDone={() => {
          setEnrolling(false);
          setDone('Your authenticator app is set up.');
        }}
      />
    );
  async function changePassword(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!current) errs['current-password'] = 'Enter your current password';
    if (next.length < 12) errs['new-password'] = 'Use at least 12 characters';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    if (await pw.run(() => api.changePassword({ currentPassword: current, newPassword: next }))) {
      setCurrent('');
      setNext('');
      setDone('Your password has been changed.');
    }
  }
  return (
    <div className="narrow">
      <PageTitle>Your account</PageTitle>
      {done ? <Notice kind="success">{done}</Notice> : null}
      <dl className="summary-list">
        <dt>Name</dt>
        <dd>{user.displayName}</dd>
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Role</dt>
        <dd>{humanize(user.role)}</dd>
        <dt>Initials</dt>
        <dd>{user.initials}</dd>
        <dt>Authenticator app</dt>
        <dd>{user.totpEnrolled ? 'Set up' : 'Not set up'}</dd>
      </dl>
      {!user.totpEnrolled ? (
        <Button type="button" kind="secondary" onClick={() => setEnrolling(true)}>
          Set up an authenticator app
        </Button>
      ) : null}
      <h2>Change password</h2>
      {pw.error ? <Notice kind="error">{pw.error}</Notice> : null}
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={(e) => void changePassword(e)} aria-label="Change password">
        <TextField
          id="current-password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          width="medium"
          value={current}
          onChange={setCurrent}
          error={errors['current-password']}
        />
        <TextField
          id="new-password"
          label="New password"
          hint="At least 12 characters."
          type="password"
          autoComplete="new-password"
          width="medium"
          value={next}
          onChange={setNext}
          error={errors['new-password']}
        />
        <Button busy={pw.busy}>Change password</Button>
      </form>
      <h2>Sign out everywhere</h2>
      <p>Ends every session of your account, on every device, including this one.</p>
      {everywhere.error ? <Notice kind="error">{everywhere.error}</Notice> : null}
      <Button
        type="button"
        kind="warning"
        busy={everywhere.busy}
        onClick={() =>
          void everywhere
            .run(() => api.logoutEverywhere())
            .then(async (ok) => {
              if (!ok) return;
              await session.refresh();
              navigate('/sign-in', { replace: true });
            })
        }
      >
        Sign out everywhere
      </Button>
    </div>
  );
}
