/**
 * The application shell: a skip link, a header whose navigation shows only the screens the
 * session's capabilities allow, and the route table. Public pages (report form, status check,
 * sign-in, set-up, invitation) need no session; desk pages send a signed-out visitor to sign-in.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { api } from './api/endpoints.ts';
import { Link, Notice, PageTitle } from './components/ui.tsx';
import { AccountPage } from './pages/account.tsx';
import { SettingsPage, UsersPage } from './pages/admin.tsx';
import { AccessLogPageView, VerifyPage } from './pages/audit.tsx';
import { CasePage } from './pages/case.tsx';
import { CasesPage } from './pages/cases.tsx';
import { CaseRetentionPage, RetentionQueuePage } from './pages/retention.tsx';
import { NotificationsPage } from './pages/notifications.tsx';
import { PublicReportPage } from './pages/public-report.tsx';
import { PublicStatusPage } from './pages/public-status.tsx';
import { QueuePage } from './pages/queue.tsx';
import { ReportPage } from './pages/report.tsx';
import { InvitePage, SetupPage, SignInPage } from './pages/sign-in.tsx';
import { TaskPage, TasksPage } from './pages/tasks.tsx';
import { WelfarePage } from './pages/welfare.tsx';
import { JoinPage } from './pages/join.tsx';
import { MemberPage, MembersPage } from './pages/members.tsx';
import { MyProgrammePage } from './pages/my-programme.tsx';
import { MetricsPage, ProgrammeSettingsPage, TrainingPage } from './pages/programme.tsx';
import { AuthorisationsPage, DebriefsPage, RotaPage } from './pages/supervision.tsx';
import { matchPath, navigate, useLocation, type Params } from './router.ts';
import { hasCapability, homeFor, useSession } from './session.tsx';

interface Route {
  readonly path: string;
  /** Null: public. Otherwise any one of these capabilities opens the page. */
  readonly needs: readonly string[] | null;
  readonly render: (p: Params) => ReactNode;
}

const ROUTES: readonly Route[] = [
  { path: '/', needs: null, render: () => <PublicReportPage /> },
  { path: '/report', needs: null, render: () => <PublicReportPage /> },
  { path: '/status', needs: null, render: () => <PublicStatusPage /> },
  { path: '/sign-in', needs: null, render: () => <SignInPage /> },
  { path: '/setup', needs: null, render: () => <SetupPage /> },
  { path: '/invite', needs: null, render: () => <InvitePage /> },
  { path: '/desk', needs: [], render: () => <DeskHome /> },
  { path: '/account', needs: [], render: () => <AccountPage /> },
  { path: '/queue', needs: ['queue:view'], render: () => <QueuePage /> },
  { path: '/reports/:id', needs: ['queue:view'], render: (p) => <ReportPage id={p.id ?? ''} /> },
  { path: '/cases', needs: ['cases:list'], render: () => <CasesPage /> },
  { path: '/cases/:id', needs: ['cases:list'], render: (p) => <CasePage id={p.id ?? ''} /> },
  { path: '/retention', needs: ['retention:review'], render: () => <RetentionQueuePage /> },
  {
    path: '/cases/:id/retention',
    needs: ['retention:review'],
    render: (p) => <CaseRetentionPage id={p.id ?? ''} />,
  },
  { path: '/tasks', needs: ['tasks:list'], render: () => <TasksPage /> },
  { path: '/tasks/:id', needs: ['tasks:list'], render: (p) => <TaskPage id={p.id ?? ''} /> },
  {
    path: '/notifications',
    needs: ['notifications:list'],
    render: () => (
      <NotificationsPage onChange={() => window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED))} />
    ),
  },
  { path: '/access-log', needs: ['access-log:read'], render: () => <AccessLogPageView /> },
  { path: '/verify', needs: ['custody:verify', 'access-log:read'], render: () => <VerifyPage /> },
  { path: '/users', needs: ['users:manage'], render: () => <UsersPage /> },
  {
    path: '/settings',
    needs: ['settings:manage', 'settings:view'],
    render: () => <SettingsRoute />,
  },
  { path: '/welfare', needs: ['welfare:view'], render: () => <WelfarePage /> },
  // The volunteer programme (issue 6).
  { path: '/join', needs: null, render: () => <JoinPage /> },
  { path: '/members', needs: ['members:manage'], render: () => <MembersPage /> },
  {
    path: '/members/:id',
    needs: ['members:manage'],
    render: (p) => <MemberPage id={p.id ?? ''} />,
  },
  { path: '/training', needs: ['training:manage'], render: () => <TrainingPage /> },
  { path: '/figures', needs: ['programme:metrics'], render: () => <MetricsPage /> },
  {
    path: '/programme-settings',
    needs: ['programme:settings'],
    render: () => <ProgrammeSettingsRoute />,
  },
  { path: '/authorisations', needs: ['authorisations:view'], render: () => <AuthorisationsPage /> },
  { path: '/rota', needs: ['rota:view'], render: () => <RotaPage /> },
  { path: '/debriefs', needs: ['debriefs:list'], render: () => <DebriefsPage /> },
  { path: '/my-programme', needs: ['shift:own'], render: () => <MyProgrammePage /> },
];

/** The navigation of the desk: label, path and the capability that shows it. */
const NAV: readonly (readonly [label: string, path: string, capability: string])[] = [
  ['Queue', '/queue', 'queue:view'],
  ['My cases', '/cases', 'cases:list'],
  ['Reviews', '/retention', 'retention:review'],
  ['Tasks', '/tasks', 'tasks:list'],
  ['Access log', '/access-log', 'access-log:read'],
  ['Verify logs', '/verify', 'custody:verify'],
  ['Users', '/users', 'users:manage'],
  ['Settings', '/settings', 'settings:manage'],
  ['Welfare', '/welfare', 'welfare:view'],
  ['Members', '/members', 'members:manage'],
  ['Training', '/training', 'training:manage'],
  ['Authorisations', '/authorisations', 'authorisations:view'],
  ['Rota', '/rota', 'rota:view'],
  ['Debriefs', '/debriefs', 'debriefs:list'],
  ['Figures', '/figures', 'programme:metrics'],
  ['Limits and reminders', '/programme-settings', 'programme:settings'],
  ['My record', '/my-programme', 'shift:own'],
];

function ProgrammeSettingsRoute(): ReactNode {
  const { info } = useSession();
  return <ProgrammeSettingsPage canEdit={hasCapability(info, 'training:manage')} />;
}

function SettingsRoute(): ReactNode {
  const { info } = useSession();
  return <SettingsPage canEdit={hasCapability(info, 'settings:manage')} />;
}

function DeskHome(): ReactNode {
  const { info } = useSession();
  useEffect(() => {
    navigate(homeFor(info?.user?.role), { replace: true });
  }, [info]);
  return null;
}

function NotFound(): ReactNode {
  return (
    <>
      <PageTitle>Page not found</PageTitle>
      <p>
        Check the address. <Link to="/">Report online child abuse</Link> or{' '}
        <Link to="/sign-in">sign in</Link>.
      </p>
    </>
  );
}

function Forbidden(): ReactNode {
  return (
    <>
      <PageTitle>You cannot open this page</PageTitle>
      <p>Your role does not give access to it. Every attempt is recorded.</p>
    </>
  );
}

/** Event the notifications page fires after marking something read. */
export const NOTIFICATIONS_CHANGED = 'custos:notifications-changed';

function useUnread(signedIn: boolean, path: string): number {
  const [unread, setUnread] = useState(0);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const bump = (): void => setTick((t) => t + 1);
    window.addEventListener(NOTIFICATIONS_CHANGED, bump);
    return () => window.removeEventListener(NOTIFICATIONS_CHANGED, bump);
  }, []);
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    api.notifications().then(
      (n) => live && setUnread(n.unread),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [signedIn, path, tick]);
  return unread;
}

function Header(props: { readonly path: string }): ReactNode {
  const session = useSession();
  const info = session.info;
  const signedIn = info?.signedIn === true;
  const unread = useUnread(signedIn && hasCapability(info, 'notifications:list'), props.path);
  const current = (to: string): 'page' | undefined =>
    props.path === to || props.path.startsWith(`${to}/`) ? 'page' : undefined;
  return (
    <header className="site-header">
      <div className="header-inner">
        <Link to={signedIn ? homeFor(info.user?.role) : '/'} className="brand">
          Custos
        </Link>
        {signedIn ? (
          <nav aria-label="Desk" className="site-nav">
            <ul>
              {NAV.filter(([, , cap]) => hasCapability(info, cap)).map(([label, to]) => (
                <li key={to}>
                  <Link to={to} aria-current={current(to)}>
                    {label}
                  </Link>
                </li>
              ))}
              {hasCapability(info, 'notifications:list') ? (
                <li>
                  <Link to="/notifications" aria-current={current('/notifications')}>
                    Notifications
                    {unread ? (
                      <span className="count" aria-label={`${unread} unread`}>
                        {unread}
                      </span>
                    ) : null}
                  </Link>
                </li>
              ) : null}
              <li>
                <Link to="/account" aria-current={current('/account')}>
                  {info.user?.displayName ?? 'Account'}
                </Link>
              </li>
              <li>
                <button
                  type="button"
                  className="nav-button"
                  onClick={() => {
                    void api
                      .logout()
                      .catch(() => undefined)
                      .then(() => session.refresh())
                      .then(() => navigate('/sign-in', { replace: true }));
                  }}
                >
                  Sign out
                </button>
              </li>
            </ul>
          </nav>
        ) : (
          <nav aria-label="Public" className="site-nav">
            <ul>
              <li>
                <Link to="/" aria-current={props.path === '/' ? 'page' : undefined}>
                  Report
                </Link>
              </li>
              <li>
                <Link to="/status" aria-current={current('/status')}>
                  Check status
                </Link>
              </li>
              <li>
                <Link to="/join" aria-current={current('/join')}>
                  Volunteer with us
                </Link>
              </li>
              <li>
                <Link to="/sign-in" aria-current={current('/sign-in')}>
                  Staff sign in
                </Link>
              </li>
            </ul>
          </nav>
        )}
      </div>
    </header>
  );
}

function Guarded(props: {
  readonly route: Route;
  readonly params: Params;
  readonly path: string;
}): ReactNode {
  const { info, error } = useSession();
  const needs = props.route.needs;
  const signedIn = info?.signedIn === true;
  useEffect(() => {
    if (needs !== null && info && !signedIn) {
      const next = encodeURIComponent(props.path + window.location.search);
      navigate(`/sign-in?next=${next}`, { replace: true });
    }
  }, [needs, info, signedIn, props.path]);
  if (needs === null) return props.route.render(props.params);
  if (!info)
    return error ? (
      <Notice kind="error">Custos could not be reached. Reload the page.</Notice>
    ) : (
      <p role="status">Loading…</p>
    );
  if (!signedIn) return null;
  if (needs.length && !needs.some((c) => hasCapability(info, c))) return <Forbidden />;
  return props.route.render(props.params);
}

export function App(): ReactNode {
  const { pathname } = useLocation();
  let found: { route: Route; params: Params } | null = null;
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) {
      found = { route, params };
      break;
    }
  }
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <Header path={pathname} />
      <main id="main" className="container" tabIndex={-1}>
        {found ? (
          <Guarded key={pathname} route={found.route} params={found.params} path={pathname} />
        ) : (
          <NotFound />
        )}
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>
            If a child is in immediate danger, call <strong>999</strong>. Custos never contacts,
            locates or exposes anyone.
          </p>
        </div>
      </footer>
    </>
  );
}
