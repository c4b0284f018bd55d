/**
 * The default {@link CompetenceRecords} until the programme module keeps training records: it
 * says, for every actor, that no programme records are held, so the bundle states it plainly
 * rather than implying training that nobody recorded.
 */
import type { CompetenceRecords } from '../../ports/bundle-competence.ts';

export const NO_PROGRAMME_RECORDS: CompetenceRecords = {
  currentAt(actor, at) {
    return Promise.resolve({
      actor,
      at,
      recordsHeld: false,
      modules: [],
      note: 'no programme records held',
    });
  },
};
