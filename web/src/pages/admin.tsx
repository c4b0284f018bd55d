/**
 * Administration (admins; no case content): staff accounts — invite (the link is shown once to
 * hand over), change role, disable, send a new invitation, sign a user out everywhere — and the
 * queue targets per triage band (R52).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  CreateUserBody,
  StaffRole,
  TargetKey,
  type CreatedUser,
  type QueueTargets,
  type QueueTargetsBody,
  type UserList,
  type UserSummary,
} from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import {
  Button,
  ErrorSummary,
  LoadState,
  Notice,
  PageTitle,
  Select,
  TextField,
  Time,
  formatMinutes,
  humanize,
  useAction,
  useLoad,
  type FieldErrors,
} from '../components/ui.tsx';
import { useSession } from '../session.tsx';

const ROLE_LABEL: Readonly<Record<StaffRole, string>> = {
  volunteer: 'Volunteer',
  officer: 'Officer',
  manager: 'Programme manager',
  auditor: 'Auditor',
  admin: 'Admin',
};

const ROLE_OPTIONS = StaffRole.options.map((r) => [r, ROLE_LABEL[r]] as const);

/** The invitation link as a full URL on this site. */
function inviteLink(c: CreatedUser): string {
  return c.invite.url.startsWith('http')
    ? c.invite.url
    : `${window.location.origin}${c.invite.url}`;
}

function InviteShown(props: { readonly created: CreatedUser }): ReactNode {
  return (
    <Notice kind="success" title={`Invitation for ${props.created.user.displayName}`}>
      <p>Give this link to the person, in person or by a secure route. It works once.</p>
      <p>
        <code className="hash" data-testid="invite-link">
          {inviteLink(props.created)}
        </code>
      </p>
      <p>
        Expires <Time at={props.created.invite.expiresAt} />.
      </p>
    </Notice>
  );
}

export function UsersPage(): ReactNode {
  const users = useLoad<UserList>(() => api.users(), []);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  return (
    <>
      <PageTitle>Users</PageTitle>
      {created ? <InviteShown created={created} /> : null}
      <InviteForm
        onCreated={(c) => {
          setCreated(c);
          users.reload();
        }}
      />
      <h2>Accounts</h2>
      <LoadState loaded={users} what="users">
        {(list) => (
          <div className="table-wrap">
            <table className="table" data-testid="users">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((u) => (
                  <UserRow
                    key={u.id}
                    user={u}
                    onChanged={users.reload}
                    onInvite={(c) => {
                      setCreated(c);
                      users.reload();
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
    </>
  );
}

function UserRow(props: {
  readonly user: UserSummary;
  readonly onChanged: () => void;
  readonly onInvite: (c: CreatedUser) => void;
}): ReactNode {
  const u = props.user;
  const session = useSession();
  const self = session.info?.user?.id === u.id;
  const [role, setRole] = useState<string>(u.role);
  const [note, setNote] = useState<string | null>(null);
  const action = useAction();
  const roleParsed = StaffRole.safeParse(role);
  return (
    <tr>
      <th scope="row">
        {u.displayName}
        <div className="muted small">
          {u.username} · {u.initials}
        </div>
      </th>
      <td>
        {self ? (
          ROLE_LABEL[u.role]
        ) : (
          <div className="inline-form">
            <Select
              id={`role-${u.id}`}
              label={<span className="visually-hidden">Role of {u.displayName}</span>}
              value={role}
              onChange={setRole}
              options={ROLE_OPTIONS}
            />
            {role !== u.role && roleParsed.success ? (
              <Button
                type="button"
                kind="secondary"
                busy={action.busy}
                onClick={() =>
                  void action
                    .run(() => api.updateUser(u.id, { role: roleParsed.data }))
                    .then((ok) => ok && props.onChanged())
                }
              >
                Save role
              </Button>
            ) : null}
          </div>
        )}
      </td>
      <td>
        {humanize(u.status)}
        {u.totpEnrolled ? <div className="muted small">authenticator set up</div> : null}
      </td>
      <td>
        <Time at={u.lastSignInAt} />
      </td>
      <td>
        {action.error ? <p className="error-message">{action.error}</p> : null}
        {note ? <p className="small">{note}</p> : null}
        {self ? (
          <span className="muted">You</span>
        ) : (
          <div className="button-row">
            {u.status === 'active' ? (
              <Button
                type="button"
                kind="warning"
                busy={action.busy}
                onClick={() =>
                  void action
                    .run(() => api.updateUser(u.id, { status: 'disabled' }))
                    .then((ok) => ok && props.onChanged())
                }
              >
                Disable<span className="visually-hidden"> {u.displayName}</span>
              </Button>
            ) : u.status === 'disabled' ? (
              <Button
                type="button"
                kind="secondary"
                busy={action.busy}
                onClick={() =>
                  void action
                    .run(() => api.updateUser(u.id, { status: 'active' }))
                    .then((ok) => ok && props.onChanged())
                }
              >
                Enable<span className="visually-hidden"> {u.displayName}</span>
              </Button>
            ) : null}
            {u.status !== 'active' ? (
              <Button
                type="button"
                kind="secondary"
                busy={action.busy}
                onClick={() =>
                  void action.run(async () => props.onInvite(await api.reinvite(u.id)))
                }
              >
                New invitation<span className="visually-hidden"> for {u.displayName}</span>
              </Button>
            ) : null}
            <Button
              type="button"
              kind="link"
              busy={action.busy}
              onClick={() =>
                void action.run(async () =>
                  setNote(
                    `Signed out of ${(await api.revokeSessions(u.id)).revokedSessions} session(s).`,
                  ),
                )
              }
            >
              Sign out everywhere<span className="visually-hidden"> ({u.displayName})</span>
            </Button>
          </div>
        )}
      </td>
    </tr>
  );
}

function InviteForm(props: { readonly onCreated: (c: CreatedUser) => void }): ReactNode {
  const [f, setF] = useState({ username: '', displayName: '', initials: '', role: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const action = useAction();
  const set = (k: keyof typeof f) => (v: string) => setF((s) => ({ ...s, [k]: v }));
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const parsed = CreateUserBody.safeParse(f);
    const errs: Record<string, string> = {};
    if (!parsed.success)
      for (const i of parsed.error.issues) {
        const k = `new-${String(i.path[0] ?? 'username')}`;
        errs[k] ??= k === 'new-role' ? 'Choose a role' : i.message;
      }
    setErrors(errs);
    if (!parsed.success) return;
    if (await action.run(async () => props.onCreated(await api.createUser(parsed.data))))
      setF({ username: '', displayName: '', initials: '', role: '' });
  }
  return (
    <details className="details">
      <summary>Invite someone</summary>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Invite someone">
        {action.error ? <Notice kind="error">{action.error}</Notice> : null}
        <ErrorSummary errors={errors} />
        <TextField
          id="new-displayName"
          label="Full name"
          value={f.displayName}
          onChange={set('displayName')}
          error={errors['new-displayName']}
        />
        <TextField
          id="new-username"
          label="Username"
          hint="Lower-case letters, digits, dot, dash or underscore."
          width="medium"
          value={f.username}
          onChange={set('username')}
          error={errors['new-username']}
        />
        <TextField
          id="new-initials"
          label="Initials"
          hint="2 to 4 letters, used in exhibit references."
          width="short"
          value={f.initials}
          onChange={set('initials')}
          error={errors['new-initials']}
        />
        <Select
          id="new-role"
          label="Role"
          placeholder="Choose a role"
          value={f.role}
          onChange={set('role')}
          error={errors['new-role']}
          options={ROLE_OPTIONS}
        />
        <Button busy={action.busy}>Create invitation</Button>
      </form>
    </details>
  );
}

const TARGET_LABEL: Readonly<Record<TargetKey, string>> = {
  IMMINENT: 'Imminent',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
  NONE: 'None',
  UNASSESSED: 'Not assessed',
};

export function SettingsPage(props: { readonly canEdit: boolean }): ReactNode {
  const targets = useLoad<QueueTargetsBody>(() => api.queueTargets(), []);
  return (
    <>
      <PageTitle>Settings</PageTitle>
      <h2>Queue targets</h2>
      <p>
        Minutes from a report’s receipt to an officer’s first action, per triage band. The queue
        shows a timer against these and marks reports overdue.
      </p>
      <LoadState loaded={targets} what="the targets">
        {(t) =>
          props.canEdit ? (
            <TargetsForm targets={t.targets} onSaved={targets.reload} />
          ) : (
            <TargetsTable targets={t.targets} />
          )
        }
      </LoadState>
    </>
  );
}

function TargetsTable(props: { readonly targets: QueueTargets }): ReactNode {
  return (
    <dl className="summary-list">
      {TargetKey.options.map((k) => (
        <div key={k} className="summary-row">
          <dt>{TARGET_LABEL[k]}</dt>
          <dd>{props.targets[k] === undefined ? '—' : formatMinutes(props.targets[k])}</dd>
        </div>
      ))}
    </dl>
  );
}

function TargetsForm(props: {
  readonly targets: QueueTargets;
  readonly onSaved: () => void;
}): ReactNode {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      TargetKey.options.map((k) => [
        k,
        props.targets[k] === undefined ? '' : String(props.targets[k]),
      ]),
    ),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const action = useAction();
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setSaved(false);
    const errs: Record<string, string> = {};
    const out: Record<string, number> = {};
    for (const k of TargetKey.options) {
      const n = Number(values[k]);
      if (!Number.isInteger(n) || n < 1 || n > 86400)
        errs[`target-${k}`] = 'Enter whole minutes from 1 to 86400';
      else out[k] = n;
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    if (await action.run(() => api.setQueueTargets(out))) {
      setSaved(true);
      props.onSaved();
    }
  }
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Queue targets">
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      {saved ? <Notice kind="success">Saved.</Notice> : null}
      <ErrorSummary errors={errors} />
      {TargetKey.options.map((k) => (
        <TextField
          key={k}
          id={`target-${k}`}
          label={`${TARGET_LABEL[k]} (minutes)`}
          inputMode="numeric"
          width="short"
          value={values[k] ?? ''}
          onChange={(v) => setValues((s) => ({ ...s, [k]: v }))}
          error={errors[`target-${k}`]}
        />
      ))}
      <Button busy={action.busy}>Save targets</Button>
    </form>
  );
}
