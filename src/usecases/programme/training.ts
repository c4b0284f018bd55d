/**
 * The training catalogue (R10): modules with versions and validity periods. Programme managers
 * add modules, publish a new version or change a validity; completions recorded afterwards carry
 * the version in force. Which task types need each module is declared in
 * `core/programme/requirements.ts`.
 */
import { CustosError } from '../../core/errors.ts';
import { TASK_REQUIREMENTS } from '../../core/programme/requirements.ts';
import type { TrainingModule } from '../../core/programme/types.ts';
import type { TaskType } from '../../core/cases/task-types.ts';
import { authorize } from '../../policies/authorize.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { custodyActor } from '../desk-support.ts';
import { recordProgrammeEvent } from './support.ts';

function moduleView(m: TrainingModule) {
  return {
    ...m,
    neededFor: (Object.keys(TASK_REQUIREMENTS) as TaskType[]).filter((t) =>
      TASK_REQUIREMENTS[t].modules.includes(m.id),
    ),
  };
}

/** The catalogue. @throws `POLICY_DENIED`. */
export async function listModules(ctx: DeskContext, actor: DeskActor) {
  authorize(actor, 'manageTraining', { type: 'programme' });
  return { items: (await ctx.uow.read.programme.training.modules()).map(moduleView) };
}

/**
 * Adds a module or changes one (title, version, validity, retired).
 * @throws CustosError `TRAINING_MODULE_REQUIRED` (conflict) when retiring a module a task type needs.
 */
export async function putModule(
  ctx: DeskContext,
  actor: DeskActor,
  id: string,
  input: { title: string; version: string; validityMonths: number | null; retired: boolean },
) {
  authorize(actor, 'manageTraining', { type: 'programme' });
  const m: TrainingModule = { id, ...input };
  if (m.retired && moduleView(m).neededFor.length > 0)
    throw new CustosError(
      'conflict',
      'TRAINING_MODULE_REQUIRED',
      `module ${id} is needed for ${moduleView(m).neededFor.join(', ')} and cannot be retired`,
    );
  await ctx.uow.run(async (repos) => {
    const before = await repos.programme.training.findModule(id);
    await repos.programme.training.putModule(m);
    await recordProgrammeEvent(ctx, repos, {
      actor: custodyActor(actor),
      subject: `module:${id}`,
      kind: before ? 'module-changed' : 'module-added',
      details: { ...m, previousVersion: before?.version ?? null },
      custody: true,
    });
  });
  return moduleView(m);
}
