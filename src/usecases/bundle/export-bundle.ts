/**
 * Exports a court bundle (issue 7; research note custody-log.md §8 "Court bundle"; legal note
 * R29, R30, R33-R34): the originals byte-exact, transcripts and their PDFs, a continuity record
 * per exhibit with an inclusion proof for every custody event, a signed checkpoint, consistency
 * proofs to earlier exported checkpoints, the CASE/UCO description, the method statement, the
 * competence record, a draft MG6C schedule, a README and the offline verifier page.
 *
 * Order of work, so that the signed log commits to everything the recipient gets:
 * 1. the exhibits' bytes are written to the archive (hashed as written; the blob store re-hashes
 *    on read and refuses a mismatch, so nothing is recorded for a damaged store);
 * 2. one unit of work records an `exported` event per exhibit (naming the bundle and the SHA-256 of
 *    each rendering), so each continuity record ends with this export;
 * 3. continuity records and documents are written, then manifest.json;
 * 4. one unit of work records the bundle's `exported` event about the export register, whose
 *    `exhibitHash` is the manifest's SHA-256, and signs a checkpoint at exactly that size: the
 *    register of exports is the chain of these events, each with its own signed checkpoint;
 * 5. inclusion proofs (every event, at that checkpoint) and consistency proofs (from the previous
 *    export of the log and of the case) are written, and the archive is moved into place.
 * A failure before 2 leaves nothing; after it, the log shows an export that has no register
 * event (an attempt), and no partial file is left.
 */
import { createHash } from 'node:crypto';
import {
  BUNDLE_EXPORT_REASON,
  BUNDLE_FORMAT,
  BUNDLE_REGISTER_OBJECT,
  BUNDLE_VERSION,
  CHECKPOINT_PATH,
  CHECKSUMS_PATH,
  COMPETENCE_PATH,
  DISPOSAL_ACTION,
  EXHIBIT_INDEX_PATH,
  JSONLD_PATH,
  MANIFEST_PATH,
  METHOD_STATEMENT_PATH,
  PROOFS_FORMAT,
  PROOFS_PATH,
  README_PATH,
  UNUSED_SCHEDULE_PATH,
  VERIFY_PAGE_PATH,
  exhibitDir,
  safeRelativePath,
  safeSegment,
  type FileRole,
} from '../../core/bundle/layout.ts';
import { CONTINUITY_FORMAT, encodeContinuity } from '../../core/bundle/continuity.ts';
import {
  checksumsText,
  continuityText,
  exhibitIndexText,
  methodStatementText,
  readmeText,
  unusedScheduleCsv,
} from '../../core/bundle/documents.ts';
import { caseJsonLd } from '../../core/bundle/jsonld.ts';
import {
  encodeManifest,
  encodeProofs,
  type BundleManifest,
  type ConsistencyEntry,
  type ManifestExhibit,
  type ManifestFile,
} from '../../core/bundle/manifest.ts';
import type {
  BundleModel,
  EventInfo,
  ExhibitInfo,
  OtherMaterial,
  PersonInfo,
  ToolInfo,
} from '../../core/bundle/model.ts';
import { prettyJson } from '../../core/bundle/strict-json.ts';
import { signCheckpoint } from '../../core/custody/checkpoint.ts';
import { inclusionProof, rootAt } from '../../core/custody/merkle.ts';
import { CustosError } from '../../core/errors.ts';
import { formatExhibitRef, parseExhibitRef } from '../../core/evidence/exhibit-ref.ts';
import { folderManifest, type Exhibit } from '../../core/evidence/exhibit.ts';
import type { Case } from '../../core/cases/types.ts';
import { RULESET_VERSION } from '../../core/triage/assess.ts';
import { PARSERS } from '../../core/transcript/registry.ts';
import { readTranscript } from '../../core/transcript/transcript-json.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Actor } from '../../policies/roles.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import type { CompetenceAt, CompetenceRecords } from '../../ports/bundle-competence.ts';
import type { BundleArchive, BundleIo } from '../../ports/bundle-io.ts';
import type { CustodyKey } from '../../ports/checkpoint-signer.ts';
import type { Clock } from '../../ports/clock.ts';
import type { IdSource } from '../../ports/ids.ts';
import type {
  CheckpointRecord,
  CustodyEventRecord,
  Repositories,
  UnitOfWork,
} from '../../ports/repositories.ts';
import { proveConsistency } from '../custody/checkpoints.ts';
import { isoTime, recordCustodyEvent } from '../custody/record-custody-event.ts';
import { NO_PROGRAMME_RECORDS } from './competence.ts';

export interface BundleDeps {
  readonly uow: UnitOfWork;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly key: CustodyKey;
  readonly io: BundleIo;
  /** Training records; defaults to "no programme records held". */
  readonly competence?: CompetenceRecords;
}

/**
 * What to export: a case (its owner only, through the case policy), or, at the command line
 * before cases hold the material, exhibits by reference.
 */
export type BundleSelection =
  | { readonly kind: 'case'; readonly caseRef: string; readonly actor: Actor }
  | { readonly kind: 'exhibits'; readonly refs: readonly string[]; readonly actor: string };

export interface ExportBundleRequest {
  readonly selection: BundleSelection;
  /** Path of the zip to write; must not exist. */
  readonly out: string;
  /** Called with a short phase name as the export proceeds. */
  readonly onProgress?: (phase: string, done: number, total: number) => void;
}

export interface ExportBundleResult {
  readonly path: string;
  /** Bytes of the zip. */
  readonly size: number;
  readonly bundle: string;
  readonly manifestSha256: string;
  readonly exhibits: readonly string[];
  readonly files: number;
  /** Sequence number of the bundle's `exported` event in the register of exports. */
  readonly bundleEvent: number;
  readonly checkpoint: { readonly size: number; readonly root: string; readonly note: string };
  readonly consistency: readonly { readonly basis: string; readonly fromSize: number }[];
  readonly verifierKey: string;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Custody-log actor of a policy actor (`user:<id>`). */
function custodyActorOf(actor: Actor): string {
  if (actor.userId === null)
    throw new CustosError('forbidden', 'POLICY_DENIED', 'the public may not export a bundle');
  return `user:${actor.userId}`;
}

function refOrder(a: Exhibit, b: Exhibit): number {
  const x = parseExhibitRef(a.ref);
  const y = parseExhibitRef(b.ref);
  return x.initials < y.initials ? -1 : x.initials > y.initials ? 1 : x.number - y.number;
}

/** The exhibits of the selection, with the transcripts of its originals and the originals of its transcripts. */
async function selectExhibits(
  repos: Repositories,
  selection: BundleSelection,
): Promise<{ exhibits: Exhibit[]; kase: Case | null; actor: string }> {
  const found = new Map<string, Exhibit>();
  let kase: Case | null = null;
  let actor: string;
  if (selection.kind === 'case') {
    kase =
      (await repos.desk.cases.listAll()).find((c) => c.ref === selection.caseRef.trim()) ?? null;
    if (!kase)
      throw new CustosError(
        'not-found',
        'CASE_NOT_FOUND',
        `there is no case ${selection.caseRef}; expected a case reference such as C-2026-0001`,
      );
    authorize(selection.actor, 'exportBundle', {
      type: 'case',
      ownerId: kase.ownerId,
      status: kase.status,
    });
    actor = custodyActorOf(selection.actor);
    for (const id of await repos.desk.cases.exhibitIdsOf(kase.id)) {
      const ex = await repos.exhibits.findById(id);
      if (ex) found.set(ex.id, ex);
    }
  } else {
    actor = selection.actor;
    for (const raw of selection.refs) {
      const ref = formatExhibitRef(parseExhibitRef(raw));
      const ex = await repos.exhibits.findByRef(ref);
      if (!ex)
        throw new CustosError('not-found', 'EXHIBIT_NOT_FOUND', `there is no exhibit ${ref}`);
      found.set(ex.id, ex);
    }
  }
  for (const ex of [...found.values()]) {
    if (ex.kind === 'original')
      for (const d of await repos.exhibits.findDerived(ex.id)) found.set(d.id, d);
    if (ex.sourceExhibitId && !found.has(ex.sourceExhibitId)) {
      const src = await repos.exhibits.findById(ex.sourceExhibitId);
      if (src) found.set(src.id, src);
    }
  }
  if (found.size === 0) {
    throw new CustosError(
      'invalid-input',
      'BUNDLE_NO_EXHIBITS',
      kase ? `case ${kase.ref} holds no exhibits to export` : 'no exhibits were named',
    );
  }
  return { exhibits: [...found.values()].sort(refOrder), kase, actor };
}

function parseJson(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function eventInfo(r: CustodyEventRecord): EventInfo {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    reason: r.reason,
    exhibitHash: r.exhibitSha256,
    details: parseJson(r.details),
    detailsErased: r.detailsSha256 !== null && r.details === null,
  };
}

/** Plain-language kind of a non-user actor. */
function actorKind(actor: string): string | null {
  const kind = actor.slice(0, actor.indexOf(':'));
  return (
    (
      {
        cli: 'command-line operator',
        system: 'Custos (automatic)',
        public: 'member of the public (reporter)',
      } as Record<string, string>
    )[kind] ?? null
  );
}

async function peopleOf(repos: Repositories, actors: readonly string[]): Promise<PersonInfo[]> {
  const ids = actors.filter((a) => a.startsWith('user:')).map((a) => a.slice(5));
  const users = ids.length > 0 ? await repos.accounts.users.findByIds(ids) : [];
  return actors.map((actor) => {
    const u = actor.startsWith('user:') ? users.find((x) => x.id === actor.slice(5)) : undefined;
    return u
      ? { actor, name: u.displayName, role: u.role }
      : { actor, name: null, role: actorKind(actor) };
  });
}

async function otherMaterial(
  repos: Repositories,
  kase: Case | null,
  exhibits: readonly Exhibit[],
): Promise<{ other: OtherMaterial[]; rulesets: string[] }> {
  const other: OtherMaterial[] = [];
  const rulesets = new Set<string>();
  for (const ex of exhibits.filter((e) => e.kind === 'transcript')) {
    const a = await repos.assessments.latestForExhibit(ex.id);
    if (!a) continue;
    rulesets.add(a.rulesetVersion);
    other.push({
      description: `Automated triage recommendation for transcript ${ex.ref} (ruleset ${a.rulesetVersion}); explains its reasons; decided nothing`,
      location: 'Custos case record (triage assessments)',
      date: a.createdAt,
      reference: ex.ref,
      sha256: null,
      suggestedSchedule: 'MG6D',
    });
  }
  if (kase) {
    for (const r of await repos.desk.reports.listByCase(kase.id)) {
      other.push({
        description: `Report ${r.ref} (${r.source === 'public' ? 'from a member of the public' : 'entered by staff'}), platform ${r.platform}`,
        location: 'Custos report record',
        date: r.receivedAt,
        reference: r.ref,
        sha256: null,
        suggestedSchedule: 'MG6D',
      });
    }
    for (const e of await repos.desk.cases.entriesOf(kase.id)) {
      const what: Record<string, string> = {
        opened: 'Case opened',
        'report-attached': 'Report attached to the case',
        note: 'Officer note',
        decision: 'Officer decision with rationale',
        referral: 'Referral record',
        outcome: 'Outcome record',
        transfer: 'Transfer of the case between officers',
        'evidence-added': 'Evidence added to the case',
        'task-assigned': 'Volunteer task assigned',
      };
      other.push({
        description: `${what[e.body.kind] ?? e.body.kind} (case timeline entry)`,
        location: `Custos case ${kase.ref} timeline`,
        date: e.at,
        reference: null,
        sha256: null,
        suggestedSchedule:
          e.body.kind === 'referral' || e.body.kind === 'task-assigned' ? 'MG6D' : 'MG6C',
      });
    }
    for (const t of await repos.desk.tasks.listByCases([kase.id])) {
      other.push({
        description: `Volunteer task (${t.type}), status ${t.status}, with its annotations`,
        location: `Custos case ${kase.ref} tasks`,
        date: t.createdAt,
        reference: null,
        sha256: null,
        suggestedSchedule: 'MG6D',
      });
    }
  }
  return { other, rulesets: [...rulesets] };
}

/** Adds files to the archive and remembers them for the manifest. */
class Writer {
  readonly files: ManifestFile[] = [];
  constructor(private readonly archive: BundleArchive) {}

  async add(
    path: string,
    content: Uint8Array | AsyncIterable<Uint8Array>,
    role: FileRole,
    exhibit: string | null,
    compress: boolean,
  ): Promise<ManifestFile> {
    if (this.files.some((f) => f.path === path))
      throw new CustosError('internal', 'BUNDLE_PATH_TAKEN', `bundle path ${path} is used twice`);
    const { sha256, size } = await this.archive.add(path, content, { compress });
    const f: ManifestFile = { path, sha256, size, role, exhibit };
    this.files.push(f);
    return f;
  }

  text(
    path: string,
    text: string,
    role: FileRole,
    exhibit: string | null = null,
  ): Promise<ManifestFile> {
    return this.add(path, utf8(text), role, exhibit, true);
  }
}

function integrity(code: string, message: string): CustosError {
  return new CustosError('integrity', code, message);
}

/**
 * Exports a bundle.
 *
 * @throws CustosError `CASE_NOT_FOUND` / `EXHIBIT_NOT_FOUND` (not-found), `POLICY_DENIED`
 *   (forbidden: only the case's owning officer exports), `EXHIBIT_BAD_REF` (usage),
 *   `BUNDLE_NO_EXHIBITS` (invalid-input), `BUNDLE_OUT_EXISTS` (usage), integrity errors when a
 *   stored exhibit does not re-hash (`BLOB_HASH_MISMATCH`, `BUNDLE_EXHIBIT_HASH_MISMATCH`).
 */
export async function exportBundle(
  deps: BundleDeps,
  req: ExportBundleRequest,
): Promise<ExportBundleResult> {
  const { uow, io, key } = deps;
  const competence = deps.competence ?? NO_PROGRAMME_RECORDS;
  const { exhibits, kase, actor } = await selectExhibits(uow.read, req.selection);
  const bundle = deps.ids.newId();
  const createdAt = isoTime(deps.clock.now());
  const caseInfo = kase ? { ref: kase.ref, title: kase.title } : null;

  const disposed = new Set<string>();
  for (const ex of exhibits) {
    const events = await uow.read.custody.eventsFor(`exhibit:${ex.ref}`);
    if (events.some((e) => e.action === DISPOSAL_ACTION)) disposed.add(ex.id);
  }
  const byId = new Map(exhibits.map((e) => [e.id, e]));

  const archive = await io.createArchive(req.out, new Date(createdAt));
  const w = new Writer(archive);
  try {
    // 1. The exhibits' bytes.
    const held = new Map<
      string,
      {
        files: string[];
        folderManifest: string | null;
        renderings: { path: string; sha256: string }[];
      }
    >();
    let n = 0;
    for (const ex of exhibits) {
      req.onProgress?.('exhibits', n++, exhibits.length);
      const entry = {
        files: [] as string[],
        folderManifest: null as string | null,
        renderings: [] as { path: string; sha256: string }[],
      };
      held.set(ex.id, entry);
      if (disposed.has(ex.id)) continue;
      const dir = exhibitDir(ex.ref);
      if (ex.kind === 'transcript') {
        const f = await w.add(
          `${dir}/transcript.json`,
          deps.blobs.open(ex.sha256),
          'transcript-json',
          ex.ref,
          true,
        );
        if (f.sha256 !== ex.sha256)
          throw integrity(
            'BUNDLE_EXHIBIT_HASH_MISMATCH',
            `transcript ${ex.ref} read back with SHA-256 ${f.sha256}, recorded ${ex.sha256}`,
          );
        entry.files.push(f.path);
        const source = ex.sourceExhibitId ? byId.get(ex.sourceExhibitId) : undefined;
        const transcript = await readTranscript(deps.blobs.open(ex.sha256), `transcript ${ex.ref}`);
        const pdf = await io.renderTranscriptPdf({
          transcript,
          exhibitRef: ex.ref,
          exhibitSha256: ex.sha256,
          sourceRef: source?.ref ?? '(unknown)',
          sourceSha256: ex.sourceSha256 ?? '(unknown)',
          date: ex.acquiredAt,
        });
        const p = await w.add(`${dir}/transcript.pdf`, pdf, 'transcript-pdf', ex.ref, false);
        entry.renderings.push({ path: p.path, sha256: p.sha256 });
      } else if (ex.form === 'folder') {
        const members = await uow.read.exhibits.listFiles(ex.id);
        const manifestText = folderManifest(members);
        const mf = await w.text(
          `${dir}/folder-manifest.txt`,
          manifestText,
          'folder-manifest',
          ex.ref,
        );
        if (mf.sha256 !== ex.sha256)
          throw integrity(
            'BUNDLE_EXHIBIT_HASH_MISMATCH',
            `the folder manifest of ${ex.ref} has SHA-256 ${mf.sha256}, recorded ${ex.sha256}`,
          );
        entry.folderManifest = mf.path;
        const sorted = [...members].sort((a, b) =>
          a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
        );
        const used = new Set<string>();
        for (const m of sorted) {
          let path = `${dir}/original/${safeRelativePath(m.path) || 'file'}`;
          for (let i = 2; used.has(path); i++)
            path = `${dir}/original/${safeRelativePath(m.path)}~${i}`;
          used.add(path);
          const f = await w.add(path, deps.blobs.open(m.sha256), 'original', ex.ref, false);
          if (f.sha256 !== m.sha256)
            throw integrity(
              'BUNDLE_EXHIBIT_HASH_MISMATCH',
              `${m.path} of ${ex.ref} read back with SHA-256 ${f.sha256}, recorded ${m.sha256}`,
            );
          entry.files.push(f.path);
        }
      } else {
        const f = await w.add(
          `${dir}/original/${safeSegment(ex.originalName ?? 'original')}`,
          deps.blobs.open(ex.sha256),
          'original',
          ex.ref,
          false,
        );
        if (f.sha256 !== ex.sha256)
          throw integrity(
            'BUNDLE_EXHIBIT_HASH_MISMATCH',
            `original ${ex.ref} read back with SHA-256 ${f.sha256}, recorded ${ex.sha256}`,
          );
        entry.files.push(f.path);
      }
    }

    // 2. The per-exhibit export events.
    await uow.run(async (repos) => {
      for (const ex of exhibits) {
        await recordCustodyEvent(repos, deps.clock, {
          actor,
          action: 'exported',
          object: `exhibit:${ex.ref}`,
          exhibitHash: ex.sha256,
          reason: BUNDLE_EXPORT_REASON,
          details: {
            bundle,
            case: kase?.ref ?? null,
            holding: disposed.has(ex.id) ? 'disposed' : 'held',
            renderings: held.get(ex.id)?.renderings ?? [],
          },
        });
      }
    });

    // 3. Continuity records and the documents.
    const continuity = new Map<string, CustodyEventRecord[]>();
    for (const ex of exhibits)
      continuity.set(ex.id, await uow.read.custody.eventsFor(`exhibit:${ex.ref}`));
    const actors = [...new Set([...continuity.values()].flat().map((e) => e.actor))].sort();
    const people = await peopleOf(uow.read, actors);
    const { other, rulesets } = await otherMaterial(uow.read, kase, exhibits);
    const tools: ToolInfo[] = [
      ...io.tools(),
      ...PARSERS.map((p) => ({
        name: p.info.name,
        version: p.info.version,
        purpose: 'chat-export parser (transcripts)',
      })),
      ...[...new Set([RULESET_VERSION, ...rulesets])].map((r) => ({
        name: 'triage ruleset',
        version: r,
        purpose: 'triage recommendations (not evidence)',
      })),
    ];
    const infos: ExhibitInfo[] = exhibits.map((ex) => {
      const h = held.get(ex.id);
      const dir = exhibitDir(ex.ref);
      return {
        ref: ex.ref,
        object: `exhibit:${ex.ref}`,
        kind: ex.kind,
        form: ex.form,
        sha256: ex.sha256,
        size: ex.sizeBytes,
        holding: disposed.has(ex.id) ? 'disposed' : 'held',
        derivedFrom: ex.sourceExhibitId ? (byId.get(ex.sourceExhibitId)?.ref ?? null) : null,
        name: ex.originalName,
        acquiredAt: ex.acquiredAt,
        acquiredBy: ex.acquiredBy,
        note: ex.note,
        parser: ex.parser,
        format: ex.format,
        timeZone: ex.timeZone,
        messageCount: ex.summary?.messageCount ?? null,
        paths: [
          ...(h?.folderManifest ? [h.folderManifest] : []),
          ...(h?.files ?? []),
          ...(h?.renderings.map((r) => r.path) ?? []),
          `${dir}/continuity.json`,
          `${dir}/continuity.txt`,
        ],
        events: (continuity.get(ex.id) ?? []).map(eventInfo),
      };
    });
    const model: BundleModel = {
      bundle,
      createdAt,
      createdBy: actor,
      case: caseInfo,
      log: { origin: key.origin, verifierKey: key.verifierKey },
      exhibits: infos,
      people,
      tools,
      other,
    };
    for (const ex of exhibits) {
      const dir = exhibitDir(ex.ref);
      const events = continuity.get(ex.id) ?? [];
      await w.add(
        `${dir}/continuity.json`,
        encodeContinuity({
          format: CONTINUITY_FORMAT,
          version: BUNDLE_VERSION,
          exhibit: ex.ref,
          object: `exhibit:${ex.ref}`,
          events: events.map((e) => ({ seq: e.seq, leaf: e.leaf, details: e.details })),
        }),
        'continuity',
        ex.ref,
        true,
      );
      await w.text(
        `${dir}/continuity.txt`,
        continuityText(infos.find((i) => i.ref === ex.ref) as ExhibitInfo, model),
        'continuity-text',
        ex.ref,
      );
    }
    const competenceDoc = await competenceDocument(competence, infos, people);
    const config = {
      log: model.log,
      bundleLayout: `${BUNDLE_FORMAT}/${BUNDLE_VERSION}`,
      parsers: PARSERS.map((p) => p.info),
      transcripts: infos
        .filter((i) => i.kind === 'transcript')
        .map((i) => ({ ref: i.ref, parser: i.parser, format: i.format, timeZone: i.timeZone })),
      renderer: {
        page: 'A4',
        fonts: io
          .tools()
          .filter((t) => t.name.endsWith(')') && t.name.includes('font'))
          .map((t) => `${t.name} ${t.version}`),
      },
    };
    await w.text(EXHIBIT_INDEX_PATH, exhibitIndexText(model), 'exhibit-index');
    await w.text(JSONLD_PATH, prettyJson(caseJsonLd(model)), 'case-jsonld');
    await w.text(METHOD_STATEMENT_PATH, methodStatementText(model, config), 'method-statement');
    await w.text(COMPETENCE_PATH, prettyJson(competenceDoc), 'competence');
    await w.text(UNUSED_SCHEDULE_PATH, unusedScheduleCsv(model), 'unused-schedule');
    await w.text(README_PATH, readmeText(model), 'readme');
    await w.text(VERIFY_PAGE_PATH, await io.verifierPage(), 'verifier-page');
    const listed = [...w.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    await w.text(CHECKSUMS_PATH, checksumsText(listed), 'checksums');

    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      bundle,
      createdAt,
      createdBy: actor,
      case: caseInfo,
      log: { origin: key.origin, verifierKey: key.verifierKey },
      exhibits: infos.map((i): ManifestExhibit => {
        const h = held.get(exhibits.find((e) => e.ref === i.ref)?.id ?? '');
        return {
          ref: i.ref,
          object: i.object,
          kind: i.kind,
          form: i.form,
          sha256: i.sha256,
          size: i.size,
          holding: i.holding,
          derivedFrom: i.derivedFrom,
          name: i.name,
          files: h?.files ?? [],
          folderManifest: h?.folderManifest ?? null,
          renderings: h?.renderings.map((r) => r.path) ?? [],
          continuity: `${exhibitDir(i.ref)}/continuity.json`,
        };
      }),
      files: [...w.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    };
    const manifestBytes = encodeManifest(manifest);
    const manifestSha256 = createHash('sha256').update(manifestBytes).digest('hex');
    await archive.add(MANIFEST_PATH, manifestBytes, { compress: true });

    // 4. The bundle event and its checkpoint, in one unit of work.
    const { bundleEvent, checkpoint, bases } = await uow.run(async (repos) => {
      const register = await repos.custody.eventsFor(BUNDLE_REGISTER_OBJECT);
      const last = register.at(-1);
      const lastOfCase = kase
        ? register.filter((e) => parseJson(e.details)?.case === kase.ref).at(-1)
        : undefined;
      const bases: { basis: ConsistencyEntry['basis']; size: number }[] = [];
      if (last) bases.push({ basis: 'previous-export', size: last.seq + 1 });
      if (lastOfCase && lastOfCase !== last)
        bases.push({ basis: 'previous-export-of-case', size: lastOfCase.seq + 1 });
      const ev = await recordCustodyEvent(repos, deps.clock, {
        actor,
        action: 'exported',
        object: BUNDLE_REGISTER_OBJECT,
        exhibitHash: manifestSha256,
        reason: BUNDLE_EXPORT_REASON,
        details: {
          bundle,
          case: kase?.ref ?? null,
          manifest: manifestSha256,
          exhibits: exhibits.map((e) => e.ref),
          previousExports: bases.map((b) => b.size),
        },
      });
      const size = ev.seq + 1;
      const root = await rootAt(BigInt(size), repos.custody);
      const note = await signCheckpoint({ origin: key.origin, size: BigInt(size), root }, [
        key.signer,
      ]);
      const cp: CheckpointRecord = {
        size,
        root: hex(root),
        note,
        createdAt: isoTime(deps.clock.now()),
      };
      await repos.custody.insertCheckpoint(cp);
      return { bundleEvent: ev, checkpoint: cp, bases };
    });

    // 5. Proofs, then the archive is complete.
    const proofFor = async (seq: number): Promise<string[]> =>
      (await inclusionProof(BigInt(seq), BigInt(checkpoint.size), uow.read.custody)).map(hex);
    const eventProofs = [];
    for (const seq of [...continuity.values()]
      .flat()
      .map((e) => e.seq)
      .sort((a, b) => a - b)) {
      eventProofs.push({ seq, proof: await proofFor(seq) });
    }
    const consistency: ConsistencyEntry[] = [];
    for (const b of bases) {
      if (!(await uow.read.custody.checkpointAt(b.size))) continue;
      const c = await proveConsistency(uow.read, key, b.size, checkpoint.size);
      consistency.push({ basis: b.basis, note: c.from.note, proof: c.proof });
    }
    await archive.add(CHECKPOINT_PATH, utf8(checkpoint.note), { compress: false });
    await archive.add(
      PROOFS_PATH,
      encodeProofs({
        format: PROOFS_FORMAT,
        version: BUNDLE_VERSION,
        treeSize: checkpoint.size,
        bundleEvent: {
          seq: bundleEvent.seq,
          leaf: bundleEvent.leaf,
          details: bundleEvent.details ?? '',
          proof: await proofFor(bundleEvent.seq),
        },
        events: eventProofs,
        consistency,
      }),
      { compress: true },
    );
    const written = await archive.commit();
    return {
      path: written.path,
      size: written.size,
      bundle,
      manifestSha256,
      exhibits: exhibits.map((e) => e.ref),
      files: w.files.length + 3,
      bundleEvent: bundleEvent.seq,
      checkpoint: { size: checkpoint.size, root: checkpoint.root, note: checkpoint.note },
      consistency: consistency.map((c, i) => ({ basis: c.basis, fromSize: bases[i]?.size ?? 0 })),
      verifierKey: key.verifierKey,
    };
  } catch (e) {
    await archive.abort();
    throw e;
  }
}

/** The competence record: per person, what they did and the training current at each time. */
async function competenceDocument(
  records: CompetenceRecords,
  exhibits: readonly ExhibitInfo[],
  people: readonly PersonInfo[],
): Promise<Record<string, unknown>> {
  const out = [];
  for (const p of people) {
    const handled = [];
    for (const ex of exhibits) {
      for (const ev of ex.events.filter((e) => e.actor === p.actor)) {
        const c: CompetenceAt = await records.currentAt(p.actor, ev.at);
        handled.push({
          exhibit: ex.ref,
          seq: ev.seq,
          at: ev.at,
          action: ev.action,
          recordsHeld: c.recordsHeld,
          trainingCurrent: c.modules.map((m) => ({
            id: m.id,
            title: m.title,
            version: m.version,
            completedAt: m.completedAt,
            validUntil: m.validUntil,
          })),
          note: c.note,
        });
      }
    }
    out.push({ actor: p.actor, name: p.name, role: p.role, handled });
  }
  return {
    format: 'custos-competence',
    version: 1,
    about:
      'ACPO principle 2: who handled the material, and the training the programme records held as current when they did',
    people: out,
  };
}
