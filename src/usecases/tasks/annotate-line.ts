/**
 * Annotating a transcript line of a task's material: a derived record beside the exhibit (which
 * never changes), with an `annotated` custody event on the transcript exhibit.
 */
import { CustosError } from '../../core/errors.ts';
import type { Annotation } from '../../core/cases/types.ts';
import { readTranscript } from '../../core/transcript/transcript-json.ts';
import { authorize } from '../../policies/authorize.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, custodyActor, nowIso, taskResource } from '../desk-support.ts';
import { assertUnlocked, taskLock } from '../programme/task-gate.ts';
import { transcriptOf } from '../reports/stored-analyses.ts';
import { loadTask } from './view-task.ts';

export const ANNOTATION_LABELS = [
  'relevant',
  'age-mention',
  'secrecy',
  'platform-move',
  'gift-or-offer',
  'image-request',
  'meeting',
  'other',
] as const;
export type AnnotationLabel = (typeof ANNOTATION_LABELS)[number];

/**
 * @throws CustosError `TASK_NOT_FOUND`, `TASK_LOCKED` (the volunteer does not meet the task's
 *   requirements now), `POLICY_DENIED` (not the assignee; task blocked, done or cancelled),
 *   `ANNOTATION_LINE_INVALID` (invalid-input) for a line or span outside the transcript.
 */
export async function annotateLine(
  ctx: DeskContext,
  actor: DeskActor,
  taskId: string,
  input: {
    messageIndex: number;
    span?: readonly [number, number] | undefined;
    label: AnnotationLabel;
    note: string;
  },
): Promise<Annotation> {
  const task = await loadTask(ctx.uow.read, taskId);
  const missing = await taskLock(ctx, ctx.uow.read, task);
  assertUnlocked(actor, task, missing);
  authorize(actor, 'annotate', await taskResource(ctx.uow.read, task, missing.length > 0));
  const exhibit = await ctx.uow.read.exhibits.findById(task.exhibitId);
  const t = exhibit ? await transcriptOf(ctx.uow.read, exhibit) : undefined;
  if (!t)
    throw new CustosError(
      'invalid-input',
      'ANNOTATION_LINE_INVALID',
      'the task has no transcript to annotate',
    );
  const transcript = await readTranscript(ctx.blobs.open(t.sha256), t.ref);
  const message = transcript.messages[input.messageIndex];
  if (!message)
    throw new CustosError(
      'invalid-input',
      'ANNOTATION_LINE_INVALID',
      `line ${input.messageIndex} is not in transcript ${t.ref} (it has ${transcript.messages.length} lines, from 0)`,
    );
  if (input.span && (input.span[0] > input.span[1] || input.span[1] > message.text.length)) {
    throw new CustosError(
      'invalid-input',
      'ANNOTATION_LINE_INVALID',
      `the span ${input.span[0]}–${input.span[1]} is outside line ${input.messageIndex} (${message.text.length} UTF-16 code units)`,
    );
  }
  const annotation: Annotation = {
    id: ctx.ids.newId(),
    taskId: task.id,
    exhibitId: t.id,
    messageIndex: input.messageIndex,
    span: input.span ? [input.span[0], input.span[1]] : null,
    label: input.label,
    note: input.note,
    authorId: actor.userId ?? '',
    createdAt: nowIso(ctx),
  };
  await ctx.uow.run(async (repos) => {
    await repos.desk.tasks.insertAnnotation(annotation);
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'annotated',
      object: `exhibit:${t.ref}`,
      exhibitHash: t.sha256,
      reason: input.label,
      details: { annotation: annotation.id, task: task.id, line: input.messageIndex },
    });
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'change',
      objectType: 'annotation',
      objectId: annotation.id,
      objectRef: t.ref,
      caseId: task.caseId,
      reasonCode: 'task',
    });
  });
  return annotation;
}
