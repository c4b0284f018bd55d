/**
 * Tasks. A volunteer sees only the tasks assigned to them and, on a task page, only that task's
 * material: the transcript (identifiers masked unless the task type needs them), lines to
 * annotate, and the controls to start and finish. There is no download, export, print or copy-out
 * control anywhere on these pages (R31, R55). Viewing time is measured (see view-timer.ts).
 * The case's officer sees the same page (without annotation) and may cancel the task.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { TASK_TYPES, type TaskDetail, type TaskList } from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import { TranscriptViewer } from '../components/transcript.tsx';
import {
  Button,
  Link,
  LoadState,
  Notice,
  PageTitle,
  TextArea,
  Time,
  humanize,
  may,
  useAction,
  useLoad,
} from '../components/ui.tsx';
import { ApiError } from '../api/errors.ts';
import { useSession } from '../session.tsx';
import { useViewTimer } from '../view-timer.ts';
import { JustificationPrompt, justificationNeeded } from './case.tsx';
import { WelfarePanel } from './my-programme.tsx';
import { SelectorTable } from './report.tsx';

export function TasksPage(): ReactNode {
  const tasks = useLoad<TaskList>(() => api.tasks(), []);
  const session = useSession();
  const volunteer = session.info?.user?.role === 'volunteer';
  return (
    <>
      <PageTitle>{volunteer ? 'My tasks' : 'Tasks on my cases'}</PageTitle>
      {volunteer ? (
        <p className="muted">
          You can stop or pause any task at any time, without giving a reason. Talk to your
          supervising officer or the programme manager if anything you read stays with you.
        </p>
      ) : null}
      {volunteer ? <WelfarePanel onChange={tasks.reload} /> : null}
      <LoadState loaded={tasks} what="tasks">
        {(list) =>
          list.items.length === 0 ? (
            <p>No tasks.</p>
          ) : (
            <ul className="card-list" data-testid="task-list">
              {list.items.map((t) => (
                <li key={t.id} className="card">
                  <h2 className="card-title">
                    <Link to={`/tasks/${t.id}`}>{TASK_TYPES[t.type].label}</Link>
                  </h2>
                  <p>
                    {humanize(t.status)} · case {t.caseRef} · exhibit {t.exhibitRef}
                    {volunteer ? null : ` · ${t.assignee.displayName}`}
                  </p>
                  {t.blocked ? <p className="text-warning">Blocked: {t.blockedReason}</p> : null}
                  {t.locked ? (
                    <div className="text-warning" data-testid="task-locked">
                      <p>Locked until these hold again:</p>
                      <ul>
                        {t.missing.map((m) => (
                          <li key={`${m.code}-${m.subject ?? ''}`}>{m.message}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  <p className="muted small">
                    Assigned by {t.assignedBy.displayName}, <Time at={t.createdAt} />
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </>
  );
}

/** The missing requirements of a `TASK_LOCKED` refusal, or null for another error. */
function lockOf(e: unknown): { code: string; message: string }[] | null {
  if (!(e instanceof ApiError) || e.code !== 'TASK_LOCKED') return null;
  const missing = e.details?.missing;
  return Array.isArray(missing)
    ? missing.flatMap((m: unknown) =>
        typeof m === 'object' && m !== null && 'message' in m && 'code' in m
          ? [{ code: String(m.code), message: String(m.message) }]
          : [],
      )
    : [];
}

export function TaskPage(props: { readonly id: string }): ReactNode {
  const task = useLoad<TaskDetail>(() => api.task(props.id), [props.id]);
  const need = justificationNeeded(task.error);
  if (need)
    return <JustificationPrompt caseId={need.caseId} caseRef={need.caseRef} onDone={task.reload} />;
  const lock = lockOf(task.error);
  if (lock)
    return (
      <>
        <PageTitle>This task is locked</PageTitle>
        <Notice kind="warning" title="Nothing on this task can be done until these hold again">
          <ul data-testid="lock-reasons">
            {lock.map((m) => (
              <li key={m.code + m.message}>{m.message}</li>
            ))}
          </ul>
        </Notice>
        <p>
          Talk to the programme manager about vetting or training, or to your supervising officer.{' '}
          <Link to="/tasks">Back to my tasks</Link>
        </p>
        <WelfarePanel onChange={task.reload} />
      </>
    );
  return (
    <LoadState loaded={task} what="the task">
      {(t) => <TaskView task={t} reload={task.reload} />}
    </LoadState>
  );
}

function TaskView(props: { readonly task: TaskDetail; readonly reload: () => void }): ReactNode {
  const t = props.task;
  const timed = may(t.allowed, 'recordViewTime') && t.material !== null;
  useViewTimer(t.id, timed, props.reload);
  const canAnnotate = may(t.allowed, 'annotate');
  return (
    <div className="no-select-export">
      <PageTitle title={TASK_TYPES[t.type].label}>{TASK_TYPES[t.type].label}</PageTitle>
      <dl className="summary-list">
        <dt>Status</dt>
        <dd>{humanize(t.status)}</dd>
        <dt>Case</dt>
        <dd>{t.caseRef}</dd>
        <dt>Exhibit</dt>
        <dd>{t.exhibitRef}</dd>
        <dt>Assigned by</dt>
        <dd>
          {t.assignedBy.displayName}, <Time at={t.createdAt} />
        </dd>
        <dt>Volunteer</dt>
        <dd>{t.assignee.displayName}</dd>
      </dl>
      <h2>Instructions</h2>
      <p className="prewrap">{t.instructions}</p>
      {t.blocked ? (
        <Notice kind="warning" title="This task is blocked">
          {t.blockedReason ?? 'An officer must acknowledge a deconfliction match first.'} The
          material is not shown until then.
        </Notice>
      ) : null}
      {timed ? (
        <p className="muted small" role="note">
          Time spent viewing this material is recorded for your welfare. Take breaks:{' '}
          <Link to="/tasks">leave this task</Link> at any time.
        </p>
      ) : null}
      {timed ? <WelfarePanel /> : null}
      {t.authorisation ? (
        <p className="muted small">
          Under authorisation {t.authorisation.ref} ({t.authorisation.operation}); officer in charge{' '}
          {t.authorisation.officerInCharge.displayName}, supervising officer{' '}
          {t.authorisation.supervisor.displayName}.
        </p>
      ) : null}
      {t.locked && !timed ? (
        <Notice kind="warning" title="Locked for the volunteer">
          <ul>
            {t.missing.map((m) => (
              <li key={`${m.code}-${m.subject ?? ''}`}>{m.message}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <TaskStatusControls task={t} onDone={props.reload} />
      {t.material ? (
        <>
          <h2>Material</h2>
          <TranscriptViewer
            transcript={t.material}
            annotations={t.annotations}
            {...(canAnnotate
              ? {
                  onAnnotate: async (a) => {
                    await api.annotate(t.id, {
                      messageIndex: a.messageIndex,
                      label: a.label,
                      note: a.note,
                    });
                    props.reload();
                  },
                }
              : {})}
          />
        </>
      ) : null}
      {t.material && t.selectors.length ? (
        <>
          <h2>Identifiers</h2>
          {t.selectors.every((s) => s.masked) ? (
            <p className="muted">Masked: this task does not need them.</p>
          ) : null}
          <SelectorTable selectors={t.selectors} />
        </>
      ) : null}
    </div>
  );
}

function TaskStatusControls(props: {
  readonly task: TaskDetail;
  readonly onDone: () => void;
}): ReactNode {
  const t = props.task;
  const [summary, setSummary] = useState('');
  const action = useAction();
  const canStart = may(t.allowed, 'start') && t.status === 'assigned';
  const canComplete = may(t.allowed, 'complete');
  const canCancel = may(t.allowed, 'cancel');
  if (!canStart && !canComplete && !canCancel) {
    return t.summary ? (
      <>
        <h2>Summary</h2>
        <p className="prewrap">{t.summary}</p>
      </>
    ) : null;
  }
  async function complete(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (
      await action.run(() =>
        api.setTaskStatus(t.id, {
          status: 'done',
          ...(summary.trim() ? { summary: summary.trim() } : {}),
        }),
      )
    )
      props.onDone();
  }
  return (
    <section aria-labelledby="task-actions" className="panel">
      <h2 id="task-actions">Your work</h2>
      {action.error ? <Notice kind="error">{action.error}</Notice> : null}
      {canStart ? (
        <Button
          type="button"
          kind="secondary"
          busy={action.busy}
          onClick={() =>
            void action
              .run(() => api.setTaskStatus(t.id, { status: 'in-progress' }))
              .then((ok) => ok && props.onDone())
          }
        >
          Start task
        </Button>
      ) : null}
      {canComplete ? (
        <form noValidate onSubmit={(e) => void complete(e)} aria-label="Finish the task">
          <TextArea
            id="task-summary"
            label="Summary for the officer"
            hint="What you found, with line numbers. Do not copy the chat out."
            rows={5}
            value={summary}
            onChange={setSummary}
          />
          <Button busy={action.busy}>Mark task done</Button>
        </form>
      ) : null}
      {canCancel ? (
        <Button
          type="button"
          kind="warning"
          busy={action.busy}
          onClick={() =>
            void action
              .run(() => api.setTaskStatus(t.id, { status: 'cancelled' }))
              .then((ok) => ok && props.onDone())
          }
        >
          Cancel task
        </Button>
      ) : null}
    </section>
  );
}
