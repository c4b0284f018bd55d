/**
 * The bundle's {@link CompetenceRecords} from the programme's training records (ACPO principle 2:
 * whoever accesses original data must be competent to do so): for a pseudonymous custody-log
 * actor (`user:<id>`) at a time, the modules whose completion was in force then — completed on or
 * before it and not lapsed — with version, completion date and lapse date.
 */
import { currentCompletions } from '../../core/programme/training.ts';
import type { CompetenceRecords } from '../../ports/bundle-competence.ts';
import type { Repositories } from '../../ports/repositories.ts';

/**
 * Competence records read through `repos`. An actor who is not a programme member (an officer, a
 * command-line operator) gets `recordsHeld: false`; a member with nothing current then gets
 * `recordsHeld: true` and an empty list with a note. Never throws for an unknown actor.
 */
export function trainingCompetence(repos: Repositories): CompetenceRecords {
  return {
    async currentAt(actor, at) {
      const userId = actor.startsWith('user:') ? actor.slice(5) : null;
      const member = userId ? await repos.programme.members.findByUserId(userId) : undefined;
      if (!member)
        return { actor, at, recordsHeld: false, modules: [], note: 'no programme records held' };
      const atMs = Date.parse(at);
      const catalogue = new Map((await repos.programme.training.modules()).map((m) => [m.id, m]));
      const current = currentCompletions(
        await repos.programme.training.completionsOf([member.id]),
        atMs,
      );
      return {
        actor,
        at,
        recordsHeld: true,
        modules: current.map((c) => ({
          id: c.moduleId,
          title: catalogue.get(c.moduleId)?.title ?? c.moduleId,
          version: c.version,
          completedAt: c.completedAt,
          validUntil: c.validUntil,
        })),
        note: current.length ? null : 'no training was current at that time',
      };
    },
  };
}
