/**
 * The localised strings WhatsApp writes into an export, one small table per language.
 *
 * The parser prefers structural cues (a U+200E mark before an iOS placeholder, angle brackets
 * around an Android one, a file name with an extension before `(…)`, a bracketed `<label: file>`)
 * and uses these words only where the structure alone is not enough: AM/PM markers, the
 * "(file attached)" phrase, deleted/edited notices, and "<kind> omitted" words.
 *
 * To add a language, add one entry to {@link LANGUAGES}: lower-case strings, without the
 * surrounding `<>`/`()` and without a final full stop (both are ignored when comparing).
 * Sources: the exports the research note cites (`chat-formats.md` §1) and peer parsers' tables;
 * wording varies between app versions, so each table lists the variants seen.
 */

/** What one language contributes. Every string is lower-case. */
export interface LanguageTable {
  /** AM markers, with dots and spaces removed (`a. m.` → `am`). */
  readonly am: readonly string[];
  /** PM markers, with dots and spaces removed. */
  readonly pm: readonly string[];
  /** Words some locales write next to a 24-hour time that are no AM/PM marker (`klo 14.22`, `à 14:22`). */
  readonly connectives?: readonly string[];
  /** Android `IMG-….jpg (file attached)` phrases. */
  readonly fileAttached: readonly string[];
  /** iOS `<attached: file>` labels (also the very old `file <attached>`). */
  readonly attachedLabels: readonly string[];
  /** Words ending a "<kind> omitted" placeholder: iOS `image omitted`, Android `<Media omitted>`. */
  readonly omitted: readonly string[];
  /** Kind words recognised even without the U+200E mark or angle brackets. */
  readonly omittedKinds: readonly string[];
  /** Android `<…>` media placeholders that are not "<kind> <omitted word>" (whole text inside the brackets). */
  readonly mediaOmitted: readonly string[];
  /** Whole-body notices of a deleted message (recipient and sender side). */
  readonly deleted: readonly string[];
  /** The marker appended to an edited message. */
  readonly edited: readonly string[];
  /** First word of a poll (`POLL:`), which is a person's message, not an event. */
  readonly poll: readonly string[];
}

/** Per-language tables; keys are BCP 47 language tags. */
export const LANGUAGES: Readonly<Record<string, LanguageTable>> = {
  en: {
    am: ['am'],
    pm: ['pm'],
    fileAttached: ['file attached'],
    attachedLabels: ['attached'],
    omitted: ['omitted'],
    omittedKinds: [
      'image',
      'video',
      'audio',
      'sticker',
      'gif',
      'document',
      'contact card',
      'media',
    ],
    mediaOmitted: [],
    deleted: ['this message was deleted', 'you deleted this message'],
    edited: ['this message was edited'],
    poll: ['poll'],
  },
  de: {
    am: ['vorm'],
    pm: ['nachm'],
    connectives: ['um'],
    fileAttached: ['datei angehängt'],
    attachedLabels: ['anhang', 'angehängt'],
    omitted: ['weggelassen', 'ausgeschlossen', 'ausgelassen'],
    omittedKinds: [
      'bild',
      'video',
      'audio',
      'sticker',
      'gif',
      'dokument',
      'kontaktkarte',
      'medien',
    ],
    mediaOmitted: [],
    deleted: ['diese nachricht wurde gelöscht', 'du hast diese nachricht gelöscht'],
    edited: ['diese nachricht wurde bearbeitet'],
    poll: ['umfrage'],
  },
  es: {
    am: ['am'],
    pm: ['pm'],
    fileAttached: ['archivo adjunto'],
    attachedLabels: ['adjunto'],
    omitted: ['omitido', 'omitida', 'omitidos', 'omitidas'],
    omittedKinds: [
      'imagen',
      'video',
      'vídeo',
      'audio',
      'sticker',
      'gif',
      'documento',
      'tarjeta de contacto',
      'multimedia',
    ],
    mediaOmitted: [],
    deleted: ['se eliminó este mensaje', 'eliminaste este mensaje', 'este mensaje fue eliminado'],
    edited: ['se editó este mensaje', 'mensaje editado'],
    poll: ['encuesta'],
  },
  fr: {
    am: ['am'],
    pm: ['pm'],
    connectives: ['à'],
    fileAttached: ['fichier joint'],
    attachedLabels: ['pièce jointe', 'joint'],
    omitted: ['omis', 'omise', 'omises', 'absent', 'absente', 'retiré', 'retirée'],
    omittedKinds: [
      'image',
      'vidéo',
      'audio',
      'sticker',
      'autocollant',
      'gif',
      'document',
      'carte de contact',
      'médias',
    ],
    mediaOmitted: [],
    deleted: ['ce message a été supprimé', 'vous avez supprimé ce message'],
    edited: ['ce message a été modifié'],
    poll: ['sondage'],
  },
  it: {
    am: ['am'],
    pm: ['pm'],
    fileAttached: ['file allegato'],
    attachedLabels: ['allegato'],
    omitted: ['omesso', 'omessa', 'omessi', 'omesse', 'non incluso', 'non inclusa'],
    omittedKinds: [
      'immagine',
      'video',
      'audio',
      'sticker',
      'gif',
      'documento',
      'scheda contatto',
      'media',
    ],
    mediaOmitted: [],
    deleted: ['questo messaggio è stato eliminato', 'hai eliminato questo messaggio'],
    edited: ['questo messaggio è stato modificato'],
    poll: ['sondaggio'],
  },
  pt: {
    am: ['am'],
    pm: ['pm'],
    connectives: ['às'],
    fileAttached: ['arquivo anexado', 'ficheiro anexado'],
    attachedLabels: ['anexado', 'anexo'],
    omitted: [
      'ocultado',
      'ocultada',
      'oculto',
      'oculta',
      'omitido',
      'omitida',
      'não revelada',
      'não revelado',
    ],
    omittedKinds: [
      'imagem',
      'vídeo',
      'áudio',
      'figurinha',
      'sticker',
      'gif',
      'documento',
      'cartão do contato',
      'mídia',
      'arquivo de mídia',
      'multimédia',
    ],
    mediaOmitted: [],
    deleted: [
      'mensagem apagada',
      'esta mensagem foi apagada',
      'você apagou esta mensagem',
      'apagaste esta mensagem',
    ],
    edited: ['mensagem editada', 'esta mensagem foi editada'],
    poll: ['enquete', 'sondagem'],
  },
  nl: {
    am: ['vm'],
    pm: ['nm'],
    fileAttached: ['bestand bijgevoegd'],
    attachedLabels: ['bijgevoegd'],
    omitted: ['weggelaten'],
    omittedKinds: [
      'afbeelding',
      'video',
      'audio',
      'sticker',
      'gif',
      'document',
      'contactkaart',
      'media',
    ],
    mediaOmitted: [],
    deleted: [
      'dit bericht is verwijderd',
      'je hebt dit bericht verwijderd',
      'u hebt dit bericht verwijderd',
    ],
    edited: ['dit bericht is bewerkt', 'dit bericht is gewijzigd'],
    poll: ['peiling'],
  },
  // Languages below contribute only what is known of them so far.
  fi: { ...markersOnly([], []), connectives: ['klo'] },
  ru: {
    ...markersOnly([], []),
    mediaOmitted: ['без медиафайлов'],
    deleted: ['это сообщение удалено', 'вы удалили это сообщение'],
  },
  tr: {
    ...markersOnly(['öö'], ['ös']),
    mediaOmitted: ['medya dahil edilmedi'],
    deleted: ['bu mesaj silindi', 'bu mesajı sildiniz'],
  },
  id: {
    ...markersOnly([], []),
    mediaOmitted: ['media tidak disertakan'],
    fileAttached: ['file terlampir'],
    deleted: ['pesan ini telah dihapus', 'anda menghapus pesan ini'],
  },
  sv: markersOnly(['fm'], ['em']),
  el: markersOnly(['πμ'], ['μμ']),
  cs: markersOnly(['dop'], ['odp']),
  ar: markersOnly(['ص'], ['م']),
  ko: markersOnly(['오전'], ['오후']),
  ja: markersOnly(['午前'], ['午後']),
  zh: markersOnly(['上午', '凌晨', '早上'], ['下午', '中午', '晚上']),
};

function markersOnly(am: readonly string[], pm: readonly string[]): LanguageTable {
  return {
    am,
    pm,
    fileAttached: [],
    attachedLabels: [],
    omitted: [],
    omittedKinds: [],
    mediaOmitted: [],
    deleted: [],
    edited: [],
    poll: [],
  };
}

function collect(pick: (t: LanguageTable) => readonly string[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const t of Object.values(LANGUAGES)) for (const s of pick(t)) out.add(s);
  return out;
}

/** Lower-cases and removes dots, spaces, U+00A0 and U+202F: `p.<U+00A0>m.` → `pm`. */
export function normalizeMarker(marker: string): string {
  return marker.toLowerCase().replace(/[.\s\u00a0\u202f]/g, '');
}

/** Lower-cases, removes a final full stop and surrounding spaces: `This message was deleted.` → `this message was deleted`. */
export function normalizeNotice(text: string): string {
  let s = text.trim().toLowerCase();
  if (s.endsWith('.')) s = s.slice(0, -1).trimEnd();
  return s;
}

export const AM_MARKERS = collect((t) => t.am);
export const PM_MARKERS = collect((t) => t.pm);
export const CONNECTIVES = collect((t) => t.connectives ?? []);
export const FILE_ATTACHED = collect((t) => t.fileAttached);
export const ATTACHED_LABELS = collect((t) => t.attachedLabels);
export const DELETED_NOTICES = collect((t) => t.deleted);
export const EDITED_MARKERS = collect((t) => t.edited);
export const OMITTED_KINDS = collect((t) => t.omittedKinds);
export const MEDIA_OMITTED = collect((t) => t.mediaOmitted);
export const POLL_WORDS = collect((t) => t.poll);
/** Omitted words and phrases, longest first (so `non incluso` is tried before a shorter word). */
export const OMITTED_WORDS: readonly string[] = [...collect((t) => t.omitted)].sort(
  (a, b) => b.length - a.length,
);

function lengths(set: ReadonlySet<string>): { min: number; max: number } {
  let min = Infinity;
  let max = 0;
  for (const s of set) {
    min = Math.min(min, s.length);
    max = Math.max(max, s.length);
  }
  return { min, max };
}

/** Length range (UTF-16 code units) of the deleted notices, for a cheap pre-check. */
export const DELETED_LENGTHS = lengths(DELETED_NOTICES);

/**
 * The deleted notices as exports spell them: lower-case or with a capital first letter, with or
 * without a final full stop. Looked up before the case-insensitive comparison.
 */
export const DELETED_SPELLINGS: ReadonlySet<string> = new Set(
  [...DELETED_NOTICES].flatMap((n) => {
    const cap = n.charAt(0).toUpperCase() + n.slice(1);
    return [n, `${n}.`, cap, `${cap}.`];
  }),
);
