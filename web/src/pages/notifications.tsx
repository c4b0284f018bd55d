/**
 * In-app notifications (deconfliction hits, task assignments, transfers; the programme's
 * reminders, suspensions, "stop now" alerts and welfare flags). Nothing is sent outside the
 * application.
 */
import type { ReactNode } from 'react';
import type { NotificationList, NotificationView } from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import {
  Button,
  LoadState,
  Notice,
  PageTitle,
  Time,
  useAction,
  useLoad,
} from '../components/ui.tsx';
import { navigate } from '../router.ts';

function linkOf(n: NotificationView): string {
  switch (n.link.type) {
    case 'report':
      return `/reports/${n.link.id}`;
    case 'case':
      return `/cases/${n.link.id}`;
    case 'task':
      return `/tasks/${n.link.id}`;
    case 'member':
      return `/members/${n.link.id}`;
    case 'own-record':
      return '/my-programme';
    case 'welfare':
      return '/welfare';
    case 'debriefs':
      return '/debriefs';
  }
}

export function NotificationsPage(props: { readonly onChange?: () => void }): ReactNode {
  const list = useLoad<NotificationList>(() => api.notifications(), []);
  const action = useAction();
  async function open(n: NotificationView): Promise<void> {
    if (!n.read) await action.run(() => api.markRead(n.id));
    props.onChange?.();
    navigate(linkOf(n));
  }
  return (
    <>
      <PageTitle>Notifications</PageTitle>
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      <LoadState loaded={list} what="notifications">
        {(l) =>
          l.items.length === 0 ? (
            <p>No notifications.</p>
          ) : (
            <ul className="card-list">
              {l.items.map((n) => (
                <li key={n.id} className={`card${n.read ? '' : ' card-unread'}`}>
                  <p>
                    {n.read ? null : <strong className="tag">New</strong>} {n.title}
                  </p>
                  <p className="muted small">
                    <Time at={n.at} />
                  </p>
                  <div className="button-row">
                    <Button type="button" kind="secondary" onClick={() => void open(n)}>
                      Open<span className="visually-hidden">: {n.title}</span>
                    </Button>
                    {n.read ? null : (
                      <Button
                        type="button"
                        kind="link"
                        onClick={() =>
                          void action
                            .run(() => api.markRead(n.id))
                            .then(() => {
                              list.reload();
                              props.onChange?.();
                            })
                        }
                      >
                        Mark as read<span className="visually-hidden">: {n.title}</span>
                      </Button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </>
  );
}
