/**
 * The human-readable documents of a bundle, as pure functions of the {@link BundleModel}: the
 * recipient's README, the exhibit index, a continuity statement per exhibit, the method
 * statement (ACPO principle 3: another practitioner can repeat the processing), the draft MG6C
 * schedule of unused material (CPIA 1996 Code of Practice; CPS Disclosure Manual ch. 7) and a
 * `sha256sum -c` checksum list. All text is UTF-8 with LF line ends.
 */
import { toHex } from '../custody/bytes.ts';
import { sha256 } from '../custody/merkle.ts';
import canonicalize from 'canonicalize';
import {
  CHECKSUMS_PATH,
  COMPETENCE_PATH,
  EXHIBIT_INDEX_PATH,
  JSONLD_PATH,
  METHOD_STATEMENT_PATH,
  UNUSED_SCHEDULE_PATH,
  VERIFY_PAGE_PATH,
} from './layout.ts';
import type { BundleModel, EventInfo, ExhibitInfo, PersonInfo } from './model.ts';

const line = (n = 78): string => '-'.repeat(n);

function who(actor: string, people: readonly PersonInfo[]): string {
  const p = people.find((x) => x.actor === actor);
  if (!p || p.name === null) return actor;
  return `${p.name}${p.role ? ` (${p.role})` : ''} [${actor}]`;
}

/** Size in bytes with thousands separators: `1,048,576 bytes`. */
function bytes(n: number): string {
  return `${n.toLocaleString('en-GB')} bytes`;
}

/** The exhibit index (`exhibit-index.txt`). */
export function exhibitIndexText(model: BundleModel): string {
  const out = [
    `EXHIBIT INDEX — bundle ${model.bundle}`,
    model.case
      ? `Case ${model.case.ref}: ${model.case.title}`
      : 'Exhibits exported by reference (no case)',
    `Exported ${model.createdAt} by ${who(model.createdBy, model.people)}`,
    line(),
  ];
  for (const ex of model.exhibits) {
    out.push(
      `${ex.ref}  ${ex.kind === 'original' ? 'Original' : 'Transcript'} (${ex.form})${ex.name ? ` "${ex.name}"` : ''}`,
      `    SHA-256  ${ex.sha256}`,
      `    size     ${bytes(ex.size)}`,
      `    ${ex.kind === 'original' ? 'acquired' : 'derived '} ${ex.acquiredAt} by ${who(ex.acquiredBy, model.people)}`,
    );
    if (ex.derivedFrom)
      out.push(
        `    derived from ${ex.derivedFrom}${ex.parser ? ` by ${ex.parser.name} ${ex.parser.version}` : ''}`,
      );
    if (ex.messageCount !== null)
      out.push(
        `    messages ${ex.messageCount}${ex.timeZone ? `, naive times read in ${ex.timeZone}` : ''}`,
      );
    if (ex.holding === 'disposed')
      out.push(
        '    DISPOSED OF: the bytes are no longer held; the continuity record shows when, by whom and why',
      );
    for (const p of ex.paths) out.push(`    file     ${p}`);
    out.push(`    custody events: ${ex.events.length}`, '');
  }
  return `${out.join('\n')}\n`;
}

function eventLine(ev: EventInfo, people: readonly PersonInfo[]): string[] {
  const out = [`  #${ev.seq}  ${ev.at}  ${ev.action.toUpperCase()}  by ${who(ev.actor, people)}`];
  if (ev.reason) out.push(`        reason: ${ev.reason}`);
  if (ev.exhibitHash) out.push(`        SHA-256: ${ev.exhibitHash}`);
  if (ev.details) out.push(`        details: ${JSON.stringify(ev.details)}`);
  else if (ev.detailsErased)
    out.push('        details: no longer held (erased at retention; the log keeps their hash)');
  return out;
}

/** A continuity statement for one exhibit (`exhibits/AB-1/continuity.txt`). */
export function continuityText(ex: ExhibitInfo, model: BundleModel): string {
  const out = [
    `CONTINUITY OF EXHIBIT ${ex.ref}`,
    `SHA-256 ${ex.sha256}, ${bytes(ex.size)}${ex.name ? `, handed in as "${ex.name}"` : ''}`,
    'Every custody event recorded about this exhibit, oldest first. Each line is a leaf of the',
    'signed custody log; continuity.json beside this file holds the exact leaves, and',
    'custody/proofs.json proves each one is in the log (verify with verify.html or custos).',
    line(),
  ];
  for (const ev of ex.events) out.push(...eventLine(ev, model.people));
  return `${out.join('\n')}\n`;
}

/** `sha256sum -c` input for every listed file: `<hex>  <path>`. */
export function checksumsText(
  files: readonly { readonly path: string; readonly sha256: string }[],
): string {
  return files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON of a configuration object. */
export function configurationHash(config: unknown): string {
  return toHex(sha256(new TextEncoder().encode(canonicalize(config) ?? 'null')));
}

/** The method statement (`method-statement.txt`). */
export function methodStatementText(model: BundleModel, config: Record<string, unknown>): string {
  const transcripts = model.exhibits.filter((e) => e.kind === 'transcript');
  const out = [
    'METHOD STATEMENT',
    `Bundle ${model.bundle}, exported ${model.createdAt}${model.case ? ` for case ${model.case.ref}` : ''}.`,
    '',
    '1. Acquisition and preservation',
    '   Each original was stored exactly as handed in. Its SHA-256 (FIPS 180-4) was computed while',
    '   it was streamed to write-once storage, before any other processing, and recorded in the',
    '   "acquired" custody event. Every later read re-hashes the bytes and refuses a mismatch.',
    '   A folder is hashed through its canonical folder manifest (one "<sha256> <size> <path>"',
    '   line per file, sorted by path), whose SHA-256 is the exhibit hash.',
    '',
    '2. Processing (derived exhibits)',
  ];
  if (transcripts.length === 0) out.push('   No transcript was derived.');
  for (const t of transcripts) {
    out.push(
      `   ${t.ref} was derived from ${t.derivedFrom ?? '?'} by ${t.parser ? `${t.parser.name} ${t.parser.version}` : 'an unrecorded parser'}`,
      `   (format ${t.format ?? 'unknown'}${t.timeZone ? `; naive local times read in ${t.timeZone}` : ''}).`,
    );
  }
  if (transcripts.length > 0) {
    out.push(
      '   Parsing is deterministic: the same original, parser version and time zone give',
      '   byte-identical transcript JSON, so it can be repeated with',
      '   custos parse <original> --tz <zone> --json',
    );
  }
  out.push(
    '   The original is never changed; transcripts and PDFs are derived exhibits that name their',
    '   source by hash.',
    '',
    '3. Renderings',
    '   Each transcript is rendered to PDF for reading, with the exhibit reference, the SHA-256 of',
    '   the source and the page number on every page. Fonts are embedded (subsets), so emoji and',
    "   non-Latin scripts show as sent. The PDF dates are the transcript's derivation time, so the",
    "   same transcript always renders to the same bytes; the PDF's SHA-256 is recorded in the",
    '   exhibit\'s "exported" custody event. The transcript JSON remains the authoritative text.',
    '',
    '4. Custody log',
    '   Every event is a leaf of an append-only Merkle tree (RFC 6962 §2.1, SHA-256) holding only',
    '   pseudonymous ids, hashes and codes (RFC 8785 canonical JSON). Tree heads are signed',
    '   checkpoints (C2SP tlog-checkpoint in a C2SP signed note, Ed25519). This bundle carries the',
    '   checkpoint, an inclusion proof for every event of every exhibit (RFC 9162 §2.1.3.2) and',
    '   consistency proofs to earlier exported checkpoints (RFC 9162 §2.1.4.2).',
    `   Log origin:   ${model.log.origin}`,
    `   Verifier key: ${model.log.verifierKey}`,
    '',
    '5. Tools and versions',
  );
  for (const t of model.tools) out.push(`   ${t.name} ${t.version} — ${t.purpose}`);
  out.push(
    '',
    '6. Configuration',
    `   SHA-256 of the configuration below (RFC 8785 canonical JSON): ${configurationHash(config)}`,
    ...JSON.stringify(config, null, 2)
      .split('\n')
      .map((l) => `   ${l}`),
    '',
    '7. Triage',
    '   Any triage band in the case record is a recommendation that orders a queue and explains',
    '   itself; every decision about a person was taken by an officer.',
    '',
  );
  return out.join('\n');
}

const CSV_FORMULA = /^[=+\-@\t\r]/;

function csvCell(v: string): string {
  const safe = CSV_FORMULA.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The draft MG6C-style schedule of non-sensitive unused material (`mg6c-unused-material-draft.csv`,
 * RFC 4180, CRLF). Every item of the case is listed, consecutively numbered and described well
 * enough to judge relevance; the disclosure officer decides what is used, unused, sensitive (MG6D)
 * or not relevant. Cells that a spreadsheet would read as a formula are prefixed with `'`.
 */
export function unusedScheduleCsv(model: BundleModel): string {
  const rows: string[][] = [
    [
      'Item No.',
      'Description',
      'Location',
      'Exhibit ref',
      'SHA-256',
      'Date',
      'Suggested schedule',
      'Disclosure officer comment',
      'CPS comment',
    ],
  ];
  let n = 0;
  for (const ex of model.exhibits) {
    const what =
      ex.kind === 'original'
        ? `Original ${ex.form}${ex.name ? ` "${ex.name}"` : ''} (${bytes(ex.size)})`
        : `Transcript of ${ex.derivedFrom ?? '?'}${ex.messageCount !== null ? `, ${ex.messageCount} messages` : ''}${ex.parser ? `, ${ex.parser.name} ${ex.parser.version}` : ''}`;
    rows.push([
      String(++n),
      ex.holding === 'disposed' ? `${what} — disposed of; hash kept` : what,
      ex.holding === 'disposed'
        ? 'Disposed (custody log tombstone)'
        : `Evidence store; bundle ${ex.paths[0] ?? ''}`,
      ex.ref,
      ex.sha256,
      ex.acquiredAt,
      'MG6C',
      'DRAFT: used or unused?',
      '',
    ]);
  }
  for (const o of model.other) {
    rows.push([
      String(++n),
      o.description,
      o.location,
      o.reference ?? '',
      o.sha256 ?? '',
      o.date,
      o.suggestedSchedule,
      'DRAFT: used or unused?',
      '',
    ]);
  }
  rows.push([
    String(++n),
    'Custody log (every event about the exhibits above, with inclusion proofs)',
    'Custody log; bundle custody/',
    '',
    '',
    model.createdAt,
    'MG6C',
    'DRAFT: used or unused?',
    '',
  ]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The recipient's README (`README.txt`). */
export function readmeText(model: BundleModel): string {
  return [
    'COURT BUNDLE — READ ME FIRST',
    `Bundle ${model.bundle}${model.case ? `, case ${model.case.ref} (${model.case.title})` : ''}`,
    `Exported ${model.createdAt} from the Custos custody log ${model.log.origin}.`,
    '',
    'What is in this bundle',
    '  exhibits/<REF>/          each exhibit: the original byte-exact (or, for a transcript,',
    '                           transcript.json and transcript.pdf), continuity.json (the exact',
    '                           custody events) and continuity.txt (the same, readable)',
    `  ${EXHIBIT_INDEX_PATH.padEnd(24)} every exhibit with its SHA-256, size and files`,
    `  ${METHOD_STATEMENT_PATH.padEnd(24)} how the material was acquired, processed and rendered`,
    `  ${COMPETENCE_PATH.padEnd(24)} who handled the material, and their training at the time`,
    `  ${UNUSED_SCHEDULE_PATH.padEnd(24)} DRAFT schedule of unused material for the disclosure officer`,
    `  ${JSONLD_PATH.padEnd(24)} the same facts in CASE/UCO JSON-LD for forensic tools`,
    `  ${CHECKSUMS_PATH.padEnd(24)} SHA-256 of every file (sha256sum -c ${CHECKSUMS_PATH})`,
    '  manifest.json            every file with SHA-256 and size; the signed log commits to it',
    '  custody/checkpoint.txt   the signed checkpoint (tree head) of the custody log',
    '  custody/proofs.json      inclusion proofs for every custody event; consistency proofs',
    `  ${VERIFY_PAGE_PATH.padEnd(24)} an offline verifier: open it in a browser`,
    '',
    'How to verify (no network, no Custos database needed)',
    "  1. Obtain the custody log's verifier key from the force by a separate channel. It should be:",
    `       ${model.log.verifierKey}`,
    '     A key taken from this bundle proves only that the bundle is internally consistent.',
    '  2. Either open verify.html in a browser (Chromium, Edge, Firefox or Safari), choose this',
    "     bundle's zip file or its unzipped folder, paste the key and press Verify;",
    '     or run: custos bundle verify <bundle.zip> --key <verifier key>',
    '  3. A bundle verifies when every file matches its SHA-256, the checkpoint signature verifies',
    '     against the pinned key, every custody event is proved to be in the signed log, and the',
    '     continuity of every exhibit is complete up to this export. Any change to any byte of',
    '     any file is reported by name.',
    '',
    'A page or program that came inside a bundle could itself have been changed: for evidence,',
    'use a copy of verify.html or custos from a source you trust (an earlier bundle, the',
    "force's published copy, or a release of Custos) and check this bundle with it.",
    '',
    'Without either tool: sha256sum -c SHA256SUMS checks the files against the list; the list',
    'is itself in manifest.json, whose SHA-256 is in the signed export event in custody/proofs.json.',
    '',
    'Originals are never altered. Transcripts and PDFs are derived exhibits that name their source',
    'by hash. Where an exhibit was disposed of under the retention policy, the bundle holds its',
    'continuity record and hash but not its bytes.',
    '',
  ].join('\n');
}
