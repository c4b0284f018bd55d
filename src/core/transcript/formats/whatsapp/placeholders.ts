/**
 * What a WhatsApp message body says once the exporter's own marks are taken off: the person's
 * text, the attachments the export names, and the deleted/edited/event flags.
 *
 * Rules (fixtures README "Text", research note `chat-formats.md` §1 "Media", "Deleted / edited",
 * "Events"), structural cues first, the word tables of `locale-tables.ts` second:
 *
 * - Exporter-inserted U+200E/U+200F at the start of the body are removed; nothing else is trimmed.
 * - Edited: the last line ends with `<marker>` from the edited table, after a space or U+200E;
 *   the marker and that separator are removed.
 * - Deleted: the whole body is a deleted notice (optional final full stop): text `""`.
 * - iOS with media: `‎<label: FILE>` at the end of the first line (a U+200E before `<`, or a
 *   label from the table). Text before it on that line that contains ` • ` is the exporter's
 *   document description (`Report • 3 pages`) and is dropped; other text before it is kept.
 *   Very old iOS: `FILE <attached>`.
 * - Android with media: the first line is `FILE (phrase)` where FILE has an extension and the
 *   phrase is in the table, or FILE has WhatsApp's own media-name shape, or FILE is in the
 *   archive. The lines after it are the caption (the text).
 * - Without media: `<kind omitted>` (Android, angle brackets) or `‎kind omitted` (iOS, U+200E) with
 *   an omitted word from the table; without either cue only table kinds count. `kind` is the
 *   export's own word(s), lower-cased.
 * - iOS events: a body that starts with U+200E and is none of the above (nor a poll or a shared
 *   location) is an event attributed to a person or group.
 *
 * Every check is anchored at the start or end of a line and bounded, so classification is linear
 * in the length of the body.
 */
import {
  ATTACHED_LABELS,
  DELETED_LENGTHS,
  DELETED_NOTICES,
  DELETED_SPELLINGS,
  EDITED_MARKERS,
  FILE_ATTACHED,
  MEDIA_OMITTED,
  OMITTED_KINDS,
  OMITTED_WORDS,
  POLL_WORDS,
  normalizeNotice,
} from './locale-tables.ts';

/** An attachment named (or said to be omitted) by the body. */
export interface BodyAttachment {
  readonly fileName: string | null;
  readonly omitted: boolean;
  readonly kind?: string;
}

/** A classified body. */
export interface ClassifiedBody {
  readonly text: string;
  readonly attachments: readonly BodyAttachment[];
  readonly deleted: boolean;
  readonly edited: boolean;
  /** iOS: a U+200E-marked body that is no placeholder, i.e. an event. */
  readonly event: boolean;
}

/** Tells whether a file name is an entry of the archive the chat came from. */
export type ArchiveLookup = (fileName: string) => boolean;

const LRM = 0x200e;
const NO_ATTACHMENTS: readonly BodyAttachment[] = Object.freeze([]);
const RLM = 0x200f;
const MAX_LABEL = 30;
const MAX_OMITTED_BODY = 80;
const MAX_PLAIN_OMITTED = 40;
const MAX_FILE_NAME = 255;
/** A file name ends with an extension of 1-8 letters or digits. */
const HAS_EXTENSION = /\.[\p{L}\p{N}]{1,8}$/u;
/** WhatsApp's own media names: Android `IMG-20240305-WA0003.jpg`, iOS `00000003-PHOTO-2024-07-02-16-20-05.jpg`, old iOS `2015-08-04-PHOTO-00004762.jpg`. */
const WHATSAPP_MEDIA_NAME =
  /^(?:[A-Z]{2,8}-\d{8}-WA\d{1,6}|\d{8}-[A-Z]{2,10}-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}|\d{4}-\d{2}-\d{2}-[A-Z]{2,10}-\d{1,10})(?:[ ._-][^/\\]{0,200})?$/;
const MAPS_URL =
  /https?:\/\/(?:maps\.google\.|www\.google\.[a-z.]{2,8}\/maps|goo\.gl\/maps|maps\.app\.goo\.gl|maps\.apple\.com)/;

function leadingMarks(s: string): number {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== LRM && c !== RLM) break;
    i++;
  }
  return i;
}

function isFileName(s: string): boolean {
  return s.length > 0 && s.length <= MAX_FILE_NAME && HAS_EXTENSION.test(s) && !s.includes('\n');
}

/** True when `name` has the shape of a file name WhatsApp gives media it exports. */
export function isWhatsAppMediaName(name: string): boolean {
  return name.length <= MAX_FILE_NAME && WHATSAPP_MEDIA_NAME.test(name);
}

/** Removes an edited marker from the end of `line`; returns null when there is none. */
function stripEdited(line: string): string | null {
  if (line.charCodeAt(line.length - 1) !== 0x3e /* > */) return null;
  const lt = line.lastIndexOf('<');
  if (lt < 0 || line.length - lt > 60) return null;
  if (!EDITED_MARKERS.has(normalizeNotice(line.slice(lt + 1, -1)))) return null;
  // The exporter's separator: one space, with a U+200E before or after it on iOS.
  let end = lt;
  if (line.charCodeAt(end - 1) === LRM) end--;
  const c = line.charCodeAt(end - 1);
  if (c === 0x20 || c === 0xa0 || c === 0x202f) end--;
  if (line.charCodeAt(end - 1) === LRM) end--;
  return line.slice(0, end);
}

interface FileRef {
  readonly fileName: string;
  /** Text on the same line before the reference, to keep as text ('' when none). */
  readonly before: string;
}

/** iOS `‎<attached: FILE>` (or a tabled label) at the end of `line`; old iOS `FILE <attached>`. */
function iosAttachment(line: string, marked: boolean): FileRef | null {
  if (line.charCodeAt(line.length - 1) !== 0x3e) return null;
  const lt = line.lastIndexOf('<');
  if (lt < 0) return null;
  const inner = line.slice(lt + 1, -1);
  const colon = inner.indexOf(':');
  if (colon > 0 && colon <= MAX_LABEL) {
    const label = inner.slice(0, colon).trim().toLowerCase();
    const fileName = inner.slice(colon + 1).trim();
    const markBefore = (lt > 0 && line.charCodeAt(lt - 1) === LRM) || (lt === 0 && marked);
    if (isFileName(fileName) && (markBefore || ATTACHED_LABELS.has(label))) {
      return { fileName, before: describeBefore(line.slice(0, lt)) };
    }
    return null;
  }
  if (colon < 0 && inner.length <= MAX_LABEL && ATTACHED_LABELS.has(inner.trim().toLowerCase())) {
    const fileName = line.slice(0, lt).trim();
    if (isFileName(fileName)) return { fileName, before: '' };
  }
  return null;
}

/** Text before an iOS attachment on its line: a document description (` • `) is the exporter's. */
function describeBefore(before: string): string {
  let end = before.length;
  while (end > 0) {
    const c = before.charCodeAt(end - 1);
    if (c !== LRM && c !== 0x20) break;
    end--;
  }
  const s = before.slice(0, end);
  return s.includes(' \u2022 ') ? '' : s;
}

/** Android `FILE (file attached)` as the whole of `line`. */
function androidAttachment(line: string, inArchive: ArchiveLookup | undefined): FileRef | null {
  if (line.charCodeAt(line.length - 1) !== 0x29 /* ) */) return null;
  const open = line.lastIndexOf(' (');
  if (open <= 0 || line.length - open > 40) return null;
  const fileName = line.slice(0, open);
  if (!isFileName(fileName)) return null;
  const phrase = line
    .slice(open + 2, -1)
    .trim()
    .toLowerCase();
  if (
    FILE_ATTACHED.has(phrase) ||
    isWhatsAppMediaName(fileName) ||
    (inArchive?.(fileName) ?? false)
  ) {
    return { fileName, before: '' };
  }
  return null;
}

/** Last words of the omitted phrases, for a cheap first check. */
const OMITTED_LAST_WORDS: ReadonlySet<string> = new Set(
  OMITTED_WORDS.map((w) => w.slice(w.lastIndexOf(' ') + 1)),
);

/** First and last UTF-16 units of the omitted phrases' last words. */
const OMITTED_FIRST_UNITS: ReadonlySet<number> = new Set(
  [...OMITTED_LAST_WORDS].map((w) => w.charCodeAt(0)),
);
const OMITTED_LAST_UNITS: ReadonlySet<number> = new Set(
  [...OMITTED_LAST_WORDS].map((w) => w.charCodeAt(w.length - 1)),
);

/** `<kind omitted>` / `‎kind omitted` as the whole of `body`; returns the kind, '' for a tabled placeholder without a kind word, or null. */
function omittedKind(body: string, marked: boolean): string | null {
  if (body.length > MAX_OMITTED_BODY || body.length < 3) return null;
  const bracketed = body.charCodeAt(0) === 0x3c && body.charCodeAt(body.length - 1) === 0x3e;
  // Without a structural cue only a tabled kind counts, and those are short.
  if (!bracketed && !marked && body.length > MAX_PLAIN_OMITTED) return null;
  // Without a cue the last word must be a tabled one as written: a cheap look at its ends first.
  const plain = !bracketed && !marked;
  if (plain && !OMITTED_LAST_UNITS.has(body.charCodeAt(body.length - 1))) return null;
  let inner = bracketed ? body.slice(1, -1) : body;
  if (bracketed && MEDIA_OMITTED.has(inner.toLowerCase())) return '';
  let space = inner.length - 1;
  while (space >= 0 && inner.charCodeAt(space) !== 0x20) space--;
  if (space < 0) return null;
  if (plain && !OMITTED_FIRST_UNITS.has(inner.charCodeAt(space + 1))) return null;
  const lastWord = inner.slice(space + 1);
  if (
    !OMITTED_LAST_WORDS.has(lastWord) &&
    !((bracketed || marked) && OMITTED_LAST_WORDS.has(lastWord.toLowerCase()))
  )
    return null;
  const lrm = inner.lastIndexOf('\u200e');
  if (lrm >= 0) inner = inner.slice(lrm + 1); // iOS document: `Report • 3 pages ‎document omitted`
  const lower = inner.toLowerCase();
  for (const word of OMITTED_WORDS) {
    if (
      lower.length > word.length + 1 &&
      lower.endsWith(word) &&
      lower.charCodeAt(lower.length - word.length - 1) === 0x20
    ) {
      const kind = lower.slice(0, lower.length - word.length - 1).trim();
      if (kind.length === 0 || kind.length > 40 || kind.split(' ').length > 4) return null;
      return bracketed || marked || OMITTED_KINDS.has(kind) ? kind : null;
    }
  }
  return null;
}

/** A deleted notice's first two characters, lower-cased, as `c0 * 128 + c1` when both are ASCII. */
const NOTICE_ASCII_PREFIXES: ReadonlySet<number> = new Set(
  [...DELETED_NOTICES]
    .filter((n) => n.charCodeAt(0) < 0x80 && n.charCodeAt(1) < 0x80)
    .map((n) => n.charCodeAt(0) * 128 + n.charCodeAt(1)),
);

function lowerAscii(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

/**
 * False only when `normalizeNotice(head)` cannot be a deleted notice: its first two characters
 * are ASCII and no notice starts with them in lower case. A cheap test before the exact one (most
 * messages are the length of a notice). Anything outside ASCII, leading spaces included, answers
 * true.
 */
function mayBeDeletedNotice(head: string): boolean {
  let i = 0;
  let c = head.charCodeAt(0);
  while (c === 0x20 || (c >= 0x09 && c <= 0x0d)) c = head.charCodeAt(++i);
  const d = head.charCodeAt(i + 1);
  if (!(c < 0x80 && d < 0x80)) return true;
  return NOTICE_ASCII_PREFIXES.has(lowerAscii(c) * 128 + lowerAscii(d));
}

function isPoll(body: string): boolean {
  const colon = body.indexOf(':');
  return colon > 0 && colon <= 12 && POLL_WORDS.has(body.slice(0, colon).toLowerCase());
}

/**
 * Classifies a message body.
 *
 * @param first - the text after the author label (or after the header for author-less lines),
 *   exactly as in the file.
 * @param rest - the continuation lines, exactly as in the file.
 * @param options.authored - false for Android author-less lines (always events).
 * @param options.inArchive - for zip/folder exports: whether a file name is in the archive.
 * @returns text with placeholders removed (lines joined with `\n`), attachments and flags.
 */
export function classifyBody(
  first: string,
  rest: readonly string[],
  options: { readonly authored: boolean; readonly inArchive?: ArchiveLookup },
): ClassifiedBody {
  const marks = leadingMarks(first);
  const marked = marks > 0;
  let head = marks > 0 ? first.slice(marks) : first;
  let tail = rest;
  let edited = false;

  // Edited marker at the end of the last line.
  if (tail.length === 0) {
    const s = stripEdited(head);
    if (s !== null) {
      head = s;
      edited = true;
    }
  } else {
    const last = tail[tail.length - 1] as string;
    const s = stripEdited(last);
    if (s !== null) {
      tail = [...tail.slice(0, -1), s];
      edited = true;
    }
  }

  if (!options.authored) {
    return {
      text: join(head, tail),
      attachments: NO_ATTACHMENTS,
      deleted: false,
      edited,
      event: true,
    };
  }

  // Deleted notice: the whole body.
  if (
    tail.length === 0 &&
    head.length >= DELETED_LENGTHS.min &&
    head.length <= DELETED_LENGTHS.max + 2 &&
    mayBeDeletedNotice(head)
  ) {
    if (DELETED_SPELLINGS.has(head) || DELETED_NOTICES.has(normalizeNotice(head))) {
      return { text: '', attachments: NO_ATTACHMENTS, deleted: true, edited, event: false };
    }
  }

  const last = head.charCodeAt(head.length - 1);
  if (last === 0x3e /* > */) {
    const ref = iosAttachment(head, marked);
    if (ref !== null) {
      return {
        text: join(ref.before, tail, true),
        attachments: [{ fileName: ref.fileName, omitted: false }],
        deleted: false,
        edited,
        event: false,
      };
    }
  } else if (last === 0x29 /* ) */) {
    const ref = androidAttachment(head, options.inArchive);
    if (ref !== null) {
      return {
        text: join('', tail, true),
        attachments: [{ fileName: ref.fileName, omitted: false }],
        deleted: false,
        edited,
        event: false,
      };
    }
  }
  if (tail.length === 0 || head.charCodeAt(0) === 0x3c) {
    const kind = omittedKind(head, marked);
    if (kind === '') {
      return {
        text: join('', tail, true),
        attachments: [{ fileName: null, omitted: true }],
        deleted: false,
        edited,
        event: false,
      };
    }
    if (kind !== null) {
      return {
        text: join('', tail, true),
        attachments: [{ fileName: null, omitted: true, kind }],
        deleted: false,
        edited,
        event: false,
      };
    }
  }
  const event = marked && !isPoll(head) && !MAPS_URL.test(head);
  return { text: join(head, tail), attachments: NO_ATTACHMENTS, deleted: false, edited, event };
}

/** Joins the first line and the continuation lines with `\n`; `dropEmptyHead` skips an empty first part. */
function join(head: string, tail: readonly string[], dropEmptyHead = false): string {
  if (tail.length === 0) return head;
  if (dropEmptyHead && head === '') return tail.join('\n');
  return `${head}\n${tail.join('\n')}`;
}

/**
 * The file name an attachment line refers to, for deciding the date order (first pass): iOS
 * `<attached: FILE>` or Android `FILE (…)`. Cheap and conservative; null when none.
 */
export function referencedFileName(first: string): string | null {
  const marks = leadingMarks(first);
  const head = marks > 0 ? first.slice(marks) : first;
  const last = head.charCodeAt(head.length - 1);
  if (last === 0x3e) return iosAttachment(head, marks > 0)?.fileName ?? null;
  if (last === 0x29) return androidAttachment(head, () => true)?.fileName ?? null;
  return null;
}

/**
 * The calendar date embedded in a WhatsApp media file name: `IMG-20240702-WA0001.jpg`,
 * `00000003-PHOTO-2024-07-02-16-20-05.jpg`, `2015-08-04-PHOTO-00004762.jpg`.
 *
 * @returns `[year, month, day]`, or null when the name carries no plausible date.
 */
export function dateInFileName(name: string): readonly [number, number, number] | null {
  const m =
    /-(\d{4})(\d{2})(\d{2})-WA\d/.exec(name) ??
    /(?:^|-)(\d{4})-(\d{2})-(\d{2})-/.exec(name.slice(0, 80));
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 2009 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return [y, mo, d];
}
