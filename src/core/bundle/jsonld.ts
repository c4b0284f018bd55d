/**
 * The CASE/UCO description of a bundle (JSON-LD, `case.jsonld`): the investigation, each exhibit
 * as a `uco-observable:File` with its size and SHA-256 (`uco-types:Hash`), one
 * `case-investigation:ProvenanceRecord` per exhibit (exhibit number, root exhibit number), one
 * `case-investigation:InvestigativeAction` per custody event (performer, time, object, result),
 * and `Derived_From` relationships from transcripts to their originals.
 *
 * Vocabulary: CASE 1.x / UCO 1.x (caseontology.org, unifiedcyberontology.org); see the mission
 * note §5. Performers are pseudonymous ids, never names.
 */
import type { BundleModel, ExhibitInfo } from './model.ts';
import { exhibitSlug } from './layout.ts';

export const JSONLD_CONTEXT = {
  kb: 'urn:custos:bundle:',
  'case-investigation': 'https://ontology.caseontology.org/case/investigation/',
  'uco-action': 'https://ontology.unifiedcyberontology.org/uco/action/',
  'uco-core': 'https://ontology.unifiedcyberontology.org/uco/core/',
  'uco-identity': 'https://ontology.unifiedcyberontology.org/uco/identity/',
  'uco-observable': 'https://ontology.unifiedcyberontology.org/uco/observable/',
  'uco-tool': 'https://ontology.unifiedcyberontology.org/uco/tool/',
  'uco-types': 'https://ontology.unifiedcyberontology.org/uco/types/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

type Node = Record<string, unknown>;

const dateTime = (iso: string): Node => ({ '@type': 'xsd:dateTime', '@value': iso });
const idOf = (bundle: string, kind: string, key: string): string =>
  `kb:${bundle}:${kind}-${key.replace(/[^A-Za-z0-9._-]/g, '-')}`;

/** Words CASE examples use for custody steps, by Custos custody action. */
const ACTION_NAMES: Readonly<Record<string, string>> = {
  acquired: 'preserved',
  derived: 'parsed',
  viewed: 'examined',
  exported: 'exported',
  transferred: 'transferred',
  disposed: 'disposed',
};

/**
 * Builds the JSON-LD document.
 * @returns a plain object (`@context`, `@graph`), deterministic for the same model.
 */
export function caseJsonLd(model: BundleModel): Record<string, unknown> {
  const b = model.bundle;
  const graph: Node[] = [];
  const fileId = (ref: string) => idOf(b, 'file', exhibitSlug(ref));
  const provId = (ref: string) => idOf(b, 'provenance', exhibitSlug(ref));
  const originalOf = (ex: ExhibitInfo): string => {
    let cur = ex;
    for (let guard = 0; cur.derivedFrom !== null && guard < 16; guard++) {
      const src = model.exhibits.find((e) => e.ref === cur.derivedFrom);
      if (!src) return cur.derivedFrom;
      cur = src;
    }
    return cur.ref;
  };

  if (model.case) {
    graph.push({
      '@id': idOf(b, 'investigation', model.case.ref),
      '@type': 'case-investigation:Investigation',
      'uco-core:name': model.case.ref,
      'uco-core:description': model.case.title,
      'uco-core:object': model.exhibits.map((e) => ({ '@id': fileId(e.ref) })),
    });
  }
  const tools = new Map<string, string>();
  for (const t of model.tools) {
    const id = idOf(b, 'tool', `${t.name}-${t.version}`);
    tools.set(t.name, id);
    graph.push({
      '@id': id,
      '@type': 'uco-tool:Tool',
      'uco-core:name': t.name,
      'uco-tool:version': t.version,
      'uco-core:description': t.purpose,
    });
  }
  const actors = new Set<string>();
  for (const ex of model.exhibits) {
    graph.push({
      '@id': fileId(ex.ref),
      '@type': 'uco-observable:File',
      'uco-core:hasFacet': [
        {
          '@id': idOf(b, 'file-facet', exhibitSlug(ex.ref)),
          '@type': 'uco-observable:FileFacet',
          ...(ex.name !== null ? { 'uco-observable:fileName': ex.name } : {}),
          'uco-observable:sizeInBytes': { '@type': 'xsd:integer', '@value': String(ex.size) },
        },
        {
          '@id': idOf(b, 'content-facet', exhibitSlug(ex.ref)),
          '@type': 'uco-observable:ContentDataFacet',
          'uco-observable:sizeInBytes': { '@type': 'xsd:integer', '@value': String(ex.size) },
          'uco-observable:hash': [
            {
              '@id': idOf(b, 'hash', exhibitSlug(ex.ref)),
              '@type': 'uco-types:Hash',
              'uco-types:hashMethod': 'SHA256',
              'uco-types:hashValue': {
                '@type': 'xsd:hexBinary',
                '@value': ex.sha256.toUpperCase(),
              },
            },
          ],
        },
      ],
      ...(ex.holding === 'disposed'
        ? { 'uco-core:description': 'bytes disposed of at retention; the hash is kept' }
        : {}),
    });
    graph.push({
      '@id': provId(ex.ref),
      '@type': 'case-investigation:ProvenanceRecord',
      'case-investigation:exhibitNumber': ex.ref,
      'case-investigation:rootExhibitNumber': originalOf(ex),
      'uco-core:object': [{ '@id': fileId(ex.ref) }],
    });
    if (ex.derivedFrom !== null) {
      graph.push({
        '@id': idOf(b, 'derived', exhibitSlug(ex.ref)),
        '@type': 'uco-core:Relationship',
        'uco-core:source': [{ '@id': fileId(ex.ref) }],
        'uco-core:target': [{ '@id': fileId(ex.derivedFrom) }],
        'uco-core:kindOfRelationship': 'Derived_From',
        'uco-core:isDirectional': true,
      });
    }
    for (const ev of ex.events) {
      actors.add(ev.actor);
      const derivedTool =
        ev.action === 'derived' && ex.parser ? tools.get(ex.parser.name) : undefined;
      const object =
        ev.action === 'derived' && ex.derivedFrom !== null
          ? [{ '@id': fileId(ex.derivedFrom) }]
          : [{ '@id': fileId(ex.ref) }];
      graph.push({
        '@id': idOf(b, 'action', String(ev.seq)),
        '@type': 'case-investigation:InvestigativeAction',
        'uco-core:name': ACTION_NAMES[ev.action] ?? ev.action,
        ...(ev.reason !== null ? { 'uco-core:description': ev.reason } : {}),
        'uco-action:performer': { '@id': idOf(b, 'actor', ev.actor) },
        ...(derivedTool ? { 'uco-action:instrument': { '@id': derivedTool } } : {}),
        'uco-action:startTime': dateTime(ev.at),
        'uco-action:endTime': dateTime(ev.at),
        'uco-action:object': object,
        'uco-action:result': [
          ...(ev.action === 'derived' ? [{ '@id': fileId(ex.ref) }] : []),
          { '@id': provId(ex.ref) },
        ],
      });
    }
  }
  for (const actor of [...actors].sort()) {
    graph.push({
      '@id': idOf(b, 'actor', actor),
      '@type': 'uco-identity:Identity',
      'uco-core:name': actor,
    });
  }
  return { '@context': JSONLD_CONTEXT, '@graph': graph };
}
