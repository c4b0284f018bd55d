/**
 * Text normalisation for indicator matching, with an offset map back to the original text.
 *
 * Implements the "Normalisation needed before matching" list of the research note §3.3:
 * lower-casing, Unicode compatibility forms and confusables (UTS #39 style, via the
 * `confusables` package's table), diacritics, chat spellings ("u", "ur", "2moro"),
 * spacing and punctuation obfuscation ("s n a p", "s.n.a.p"), leetspeak ("4r3", "n4m3"),
 * letter stretching ("sooo"), adjacent-letter typos against a vocabulary, and platform
 * aliases ("sc", "ig", "wa", "tg").
 *
 * Every UTF-16 unit of the normalised text carries the `[from, to)` range of original
 * UTF-16 units it came from, so a match in normalised text maps back to a span of the
 * original message text (`toOriginalSpan`). Pure and deterministic.
 */
import { confusablesMap } from 'confusables';

/** A normalised string and its map back to the original (all offsets in UTF-16 code units). */
export interface NormalizedText {
  readonly original: string;
  /** Lower-case ASCII-folded text: words separated by single spaces, `. ? ! " \n` kept. */
  readonly text: string;
  /** `from[i]`: start in `original` of the range that produced `text[i]`. */
  readonly from: readonly number[];
  /** `to[i]`: end (exclusive) in `original` of the range that produced `text[i]`. */
  readonly to: readonly number[];
}

/** Options for `normalizeText`. */
export interface NormalizeOptions {
  /**
   * Words the detectors look for. A token outside this set (and outside the built-in
   * list of common words) that becomes a member by swapping two adjacent letters is
   * corrected ("bitrhday" → "birthday"). Omit to skip typo correction.
   */
  readonly vocabulary?: ReadonlySet<string>;
}

// ---------------------------------------------------------------------------------------
// Stage A: characters (confusables, compatibility forms, diacritics, case, spaces)

const DROP = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0xfe0e, 0xfe0f, 0x180e]);
const SPECIAL: ReadonlyMap<number, string> = new Map<number, string>([
  [0x2019, "'"],
  [0x2018, "'"],
  [0x201b, "'"],
  [0x2032, "'"],
  [0x02bc, "'"],
  [0x00b4, "'"],
  [0x0060, "'"],
  [0x201c, '"'],
  [0x201d, '"'],
  [0x201e, '"'],
  [0x201f, '"'],
  [0x2033, '"'],
  [0x00ab, '"'],
  [0x00bb, '"'],
  [0x2010, '-'],
  [0x2011, '-'],
  [0x2012, '-'],
  [0x2013, '-'],
  [0x2014, '-'],
  [0x2015, '-'],
  [0x2212, '-'],
  [0x2026, '...'],
  [0x00df, 'ss'],
  [0x00e6, 'ae'],
  [0x0153, 'oe'],
  [0x00f8, 'o'],
  [0x0131, 'i'],
  [0x00a3, '£'],
  [0x20ac, '€'],
]);

const charCache = new Map<number, string>();

/** Folds one non-ASCII code point to lower-case ASCII where it stands for a Latin letter or digit. */
function foldCodePoint(cp: number): string {
  const cached = charCache.get(cp);
  if (cached !== undefined) return cached;
  let out: string;
  const ch = String.fromCodePoint(cp);
  const special = SPECIAL.get(cp);
  if (special !== undefined) out = special;
  else if (DROP.has(cp) || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f))
    out = '';
  else if (/\s/u.test(ch)) out = ' ';
  else if (/\p{Sc}/u.test(ch)) out = ch;
  else {
    // Compatibility forms (fullwidth, mathematical letters, circled letters), then diacritics.
    let s = ch
      .normalize('NFKC')
      .normalize('NFD')
      .replace(/\p{M}+/gu, '');
    if (s.length === 1 && s.charCodeAt(0) >= 0x80) {
      const conf = confusablesMap.get(s);
      if (conf !== undefined && /^[A-Za-z0-9]+$/.test(conf)) s = conf;
    }
    s = s.toLowerCase();
    if (/^[\x20-\x7e]*$/.test(s)) out = s;
    else if (/^\p{L}+$/u.test(s)) out = s;
    else out = ' '; // emoji and other symbols separate words
  }
  charCache.set(cp, out);
  return out;
}

interface StageA {
  /** Folded text (lower case, ASCII where a Latin equivalent exists). */
  readonly text: string;
  /** Original range per folded UTF-16 unit; null when the fold was one-to-one (`from[i] = i`). */
  readonly from: readonly number[] | null;
  readonly to: readonly number[] | null;
}

const PLAIN_ASCII = /^[\x20-\x5f\x61-\x7e\n]*$/;

function stageA(original: string): StageA {
  if (PLAIN_ASCII.test(original)) return { text: original.toLowerCase(), from: null, to: null };
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < original.length;) {
    const code = original.charCodeAt(i);
    if (code < 0x80) {
      let c: string;
      if (code >= 65 && code <= 90) c = String.fromCharCode(code + 32);
      else if (code === 10) c = '\n';
      else if (code < 32 || code === 127) c = ' ';
      else if (code === 96) c = "'";
      else c = original[i] as string;
      parts.push(c);
      from.push(i);
      to.push(i + 1);
      i += 1;
      continue;
    }
    const cp = original.codePointAt(i) as number;
    const len = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp);
    for (let k = 0; k < folded.length; k++) {
      parts.push(folded[k] as string);
      from.push(i);
      to.push(i + len);
    }
    i += len;
  }
  return { text: parts.join(''), from, to };
}

// ---------------------------------------------------------------------------------------
// Stage B: tokens

/** Chat spellings and platform aliases → canonical words (research note §3.3). */
const CHAT: ReadonlyMap<string, string> = new Map(
  Object.entries({
    '@': 'at',
    u: 'you',
    yu: 'you',
    yuo: 'you',
    ya: 'you',
    yah: 'you',
    ye: 'you',
    yous: 'you',
    youse: 'you',
    ur: 'your',
    yr: 'your',
    yer: 'your',
    yor: 'your',
    yore: 'your',
    urs: 'yours',
    yrs: 'yours',
    yers: 'yours',
    urself: 'yourself',
    yaself: 'yourself',
    yerself: 'yourself',
    yourslf: 'yourself',
    uve: 'youve',
    yave: 'youve',
    ud: 'youd',
    yad: 'youd',
    ull: 'youll',
    yall: 'you all',
    ure: 'youre',
    yare: 'youre',
    r: 'are',
    n: 'and',
    nd: 'and',
    y: 'why',
    c: 'see',
    cu: 'see you',
    b: 'be',
    im: 'im',
    ima: 'im going to',
    imma: 'im going to',
    ive: 'ive',
    wanna: 'want to',
    gonna: 'going to',
    gotta: 'got to',
    lemme: 'let me',
    gimme: 'give me',
    dunno: 'dont know',
    kinda: 'kind of',
    tryna: 'trying to',
    outta: 'out of',
    k: 'ok',
    kk: 'ok',
    okay: 'ok',
    okey: 'ok',
    okie: 'ok',
    oki: 'ok',
    pls: 'please',
    plz: 'please',
    plez: 'please',
    plis: 'please',
    pleas: 'please',
    thx: 'thanks',
    ty: 'thanks',
    msg: 'message',
    msgs: 'messages',
    mssg: 'message',
    txt: 'text',
    txts: 'texts',
    txting: 'texting',
    ppl: 'people',
    sum1: 'someone',
    some1: 'someone',
    any1: 'anyone',
    ne1: 'anyone',
    no1: 'no one',
    noone: 'no one',
    every1: 'everyone',
    evry1: 'everyone',
    bc: 'because',
    bcz: 'because',
    bcos: 'because',
    cuz: 'because',
    coz: 'because',
    cos: 'because',
    cause: 'because',
    abt: 'about',
    wat: 'what',
    wot: 'what',
    wut: 'what',
    wen: 'when',
    wer: 'where',
    wher: 'where',
    dat: 'that',
    dis: 'this',
    thru: 'through',
    tho: 'though',
    nite: 'night',
    gud: 'good',
    gr8: 'great',
    l8r: 'later',
    l8: 'late',
    m8: 'mate',
    w8: 'wait',
    b4: 'before',
    str8: 'straight',
    h8: 'hate',
    '4ever': 'forever',
    '2day': 'today',
    '2dae': 'today',
    tdy: 'today',
    '2nite': 'tonight',
    '2nyt': 'tonight',
    '2night': 'tonight',
    tonite: 'tonight',
    tonyt: 'tonight',
    tnite: 'tonight',
    '2moro': 'tomorrow',
    '2morro': 'tomorrow',
    '2morrow': 'tomorrow',
    '2mrw': 'tomorrow',
    '2moz': 'tomorrow',
    '2mora': 'tomorrow',
    tmrw: 'tomorrow',
    tmr: 'tomorrow',
    tmro: 'tomorrow',
    tmw: 'tomorrow',
    tomoz: 'tomorrow',
    tomos: 'tomorrow',
    tomorow: 'tomorrow',
    tommorow: 'tomorrow',
    tommorrow: 'tomorrow',
    tomorro: 'tomorrow',
    bday: 'birthday',
    birfday: 'birthday',
    luv: 'love',
    lil: 'little',
    pic: 'pic',
    pik: 'pic',
    pix: 'pics',
    piccy: 'pic',
    piccies: 'pics',
    pict: 'pic',
    foto: 'photo',
    fotos: 'photos',
    vid: 'video',
    vids: 'videos',
    vc: 'video call',
    cam: 'cam',
    webcam: 'cam',
    rn: 'right now',
    atm: 'at the moment',
    ofc: 'of course',
    mom: 'mum',
    mam: 'mum',
    mummy: 'mum',
    mommy: 'mum',
    mammy: 'mum',
    mumma: 'mum',
    momma: 'mum',
    daddy: 'dad',
    da: 'dad',
    pops: 'dad',
    parentals: 'parents',
    rents: 'parents',
    pw: 'password',
    pword: 'password',
    pwd: 'password',
    passwrd: 'password',
    wiv: 'with',
    wid: 'with',
    w: 'with',
    wif: 'with',
    bout: 'about',
    summat: 'something',
    owt: 'anything',
    nowt: 'nothing',
    ppl2: 'people',
    gf: 'girlfriend',
    bf: 'boyfriend',
    bff: 'best friend',
    bestie: 'best friend',
    bezzie: 'best friend',
    addy: 'address',
    postcode: 'postcode',
    skool: 'school',
    skl: 'school',
    sch: 'school',
    hw: 'homework',
    hav: 'have',
    snd: 'send',
    sned: 'send',
    anuther: 'another',
    anotha: 'another',
    anutha: 'another',
    nuther: 'another',
    ppls: 'people',
    bruv: 'bro',
    fone: 'phone',
    phn: 'phone',
    mob: 'mobile',
    ru: 'are you',
    hru: 'how are you',
    wru: 'where are you',
    wbu: 'what about you',
    hbu: 'how about you',
    wyd: 'what are you doing',
    wya: 'where are you at',
    hmu: 'hit me up',
    ily: 'i love you',
    ilysm: 'i love you so much',
    ilu: 'i love you',
    ngl: 'not going to lie',
    pfp: 'profile pic',
    dp: 'profile pic',
    num: 'number',
    numba: 'number',
    wud: 'would',
    wld: 'would',
    cud: 'could',
    shud: 'should',
    dnt: 'dont',
    rly: 'really',
    cya: 'see you',
    wht: 'what',
    whr: 'where',
    frm: 'from',
    abit: 'a bit',
    alot: 'a lot',
    bby: 'baby',
    tht: 'that',
    nobdy: 'nobody',
    tlk: 'talk',
    pics4pics: 'pic for pic',
    pic4pic: 'pic for pic',
    snp: 'snapchat',
    snapp: 'snapchat',
    whatsaap: 'whatsapp',
    telegrm: 'telegram',
    discrod: 'discord',
    yrs2: 'yours',
    // platform aliases
    sc: 'snapchat',
    snapchats: 'snapchat',
    snapcht: 'snapchat',
    ig: 'instagram',
    insta: 'insta',
    gram: 'instagram',
    wa: 'whatsapp',
    whatsap: 'whatsapp',
    watsapp: 'whatsapp',
    watsap: 'whatsapp',
    wapp: 'whatsapp',
    whatapp: 'whatsapp',
    whatsup: 'whatsapp',
    tg: 'telegram',
    tele: 'telegram',
    telly: 'telegram',
    fb: 'facebook',
    fbm: 'messenger',
    dc: 'discord',
    tt: 'tiktok',
    ft: 'facetime',
    kik: 'kik',
    imsg: 'imessage',
  }),
);

/** Two-token spellings joined into one canonical word. */
const PAIRS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'snap chat': 'snapchat',
    'insta gram': 'instagram',
    'whats app': 'whatsapp',
    'what app': 'whatsapp',
    'face time': 'facetime',
    'tele gram': 'telegram',
    'tik tok': 'tiktok',
    'no one': 'no one',
    'any one': 'anyone',
    'some one': 'someone',
    'every one': 'everyone',
    'to night': 'tonight',
    'to morrow': 'tomorrow',
    'to day': 'today',
    'where abouts': 'whereabouts',
    'some where': 'somewhere',
    'your self': 'yourself',
    'ur self': 'yourself',
    'b day': 'birthday',
    // "hw" is usually homework, but "hw old" is "how old"
    'homework old': 'how old',
    'homework are': 'how are',
    'homework long': 'how long',
    'homework many': 'how many',
    'homework much': 'how much',
    'homework do': 'how do',
    'homework is': 'how is',
    // "4 ur age", "2 meet": digits standing for words before a pronoun or verb
    '4 your': 'for your',
    '4 you': 'for you',
    '4 me': 'for me',
    '4 us': 'for us',
    '4 ever': 'forever',
    '2 you': 'to you',
    '2 me': 'to me',
    '2 meet': 'to meet',
    '2 see': 'to see',
    '2 talk': 'to talk',
    '2 tell': 'to tell',
    'zip code': 'zipcode',
    'cell phone': 'cellphone',
  }),
);

/** Words never corrected as typos (common words one transposition away from others). */
const COMMON = new Set(
  (
    'the and for are but not you all any can had her was one our out day get has him his how man new now old see two way who ' +
    'boy did its let put say she too use from form were where there their they then than them this that with have what when ' +
    'will your yours time some into over also back after only come came made most much must name here very well just like ' +
    'more other about many even lose loose close clothes cloths quite quiet dairy diary trial trail angel angle bear bare ' +
    'calm clam fiat said siad sign sing silent listen tinsel enlist east seat teas eats ate eat tea aunt tuna own now won ' +
    'form from meat mate team tame item time mite emit ring grin stop post pots spot tops opts step pets pest sept left felt ' +
    'lift file life flie ride dire tired tried tire tier rite tier sure user ruse rues wrong grown gown brown crown drown ' +
    'sent nest nets tens dear read dare rade care race acre ever veer even seven eleven never'
  ).split(' '),
);

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '9': 'g',
  '@': 'a',
  $: 's',
  '8': 'b',
};
/** Numeric tokens that are times, ordinals, amounts or ages, never leetspeak. */
const NUMERIC_TOKEN =
  /^(?:\d+(?:am|pm|s|k|p|ish|min|mins|hr|hrs|h|m|yo|yr|yrs|x|ft|cm|kg|mph|gb|mb|g|[a-z])?|\d*1st|\d*2nd|\d*3rd|\d+th)$/;

/** Second words of `PAIRS` (a quick filter before the pair lookup). */
const PAIR_SECOND = new Set([...PAIRS.keys()].map((k) => k.split(' ')[1] as string));

/**
 * Per vocabulary: every token with a known canonical form — chat spellings and platform
 * aliases (`CHAT`) and misspellings of vocabulary words (one adjacent transposition or one
 * doubled letter; ambiguous ones map to null and are never corrected) — in one map, so a
 * token costs one lookup.
 */
const canonMaps = new WeakMap<ReadonlySet<string>, Map<string, string | null>>();
const NO_VOCABULARY: ReadonlySet<string> = new Set();

function canonMap(vocabulary: ReadonlySet<string>): Map<string, string | null> {
  let m = canonMaps.get(vocabulary);
  if (m) return m;
  const typos = new Map<string, string | null>();
  const put = (chars: string[], word: string): void => {
    const variant = chars.join('');
    if (vocabulary.has(variant) || COMMON.has(variant)) return;
    const prev = typos.get(variant);
    if (prev === undefined) typos.set(variant, CHAT.get(word) ?? word);
    else if (prev !== (CHAT.get(word) ?? word)) typos.set(variant, null); // ambiguous: never corrected
  };
  for (const w of vocabulary) {
    if (w.length < 4 || !/^[a-z]+$/.test(w)) continue;
    const c = [...w];
    for (let i = 0; i + 1 < c.length; i++) {
      if (c[i] === c[i + 1]) continue;
      const v = c.slice();
      v[i] = c[i + 1] as string;
      v[i + 1] = c[i] as string;
      put(v, w);
    }
    for (let i = 0; i < c.length; i++) put([...c.slice(0, i + 1), ...c.slice(i)], w);
    // one dropped letter ("scool", "snpchat"), not the first and not a plural s; words of six
    // letters or more only (shorter ones collide with other words: "spots" / "sports" aside)
    if (c.length >= 6)
      for (let i = 1; i < c.length; i++) {
        if (i === c.length - 1 && c[i] === 's') continue;
        if (c[i] === c[i - 1]) continue; // "tell" → "tel" is the doubled-letter case
        put([...c.slice(0, i), ...c.slice(i + 1)], w);
      }
  }
  m = new Map<string, string | null>();
  for (const [k, v] of typos) m.set(k, v);
  for (const [k, v] of CHAT) m.set([...k].join(''), v);
  canonMaps.set(vocabulary, m);
  return m;
}

/** Canonical form of one token (chat spelling, leetspeak, typo), or the token itself. */
function canonicalToken(
  raw: string,
  vocabulary: ReadonlySet<string> | undefined,
  canon: Map<string, string | null>,
): string {
  const known = canon.get(raw);
  if (known !== undefined) return known ?? raw;
  let w = raw;
  let hasDigit = false;
  let hasLetter = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 64 || c === 36) hasDigit = true;
    else if (c >= 97 && c <= 122) hasLetter = true;
  }
  if (hasDigit) {
    if (hasLetter && !NUMERIC_TOKEN.test(w)) {
      const a = w.replace(/[0134579@$8]/g, (c) => LEET[c] ?? c);
      const b = w.replace(/[0134579@$8]/g, (c) => (c === '1' ? 'l' : (LEET[c] ?? c)));
      w = vocabulary && !vocabulary.has(a) && vocabulary.has(b) ? b : a;
      const d2 = canon.get(w);
      if (d2 !== undefined) return d2 ?? w;
    } else if (!hasLetter && w.length >= 2 && /[@$]/.test(w)) {
      w = w.replace(/[0134579@$]/g, (c) => LEET[c] ?? c);
    }
  }
  return w;
}

const enum K {
  Other = 0,
  Word = 1,
  Space = 2,
  Keep = 3,
}

/** Character class of a folded UTF-16 unit for tokenisation. */
function kindOf(c: number, ch: string): K {
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || c === 64 || c === 36)
    return K.Word;
  if (c === 46 || c === 63 || c === 33 || c === 34 || c === 10) return K.Keep; // . ? ! " newline
  if (c < 0x80) return K.Space;
  return /\p{L}/u.test(ch) ? K.Word : K.Space;
}

/**
 * One normalisation run: the folded text, its offsets and the output buffer. A class rather
 * than closures so that hot paths allocate nothing per call beyond the output.
 */
class Run {
  readonly a: string;
  readonly n: number;
  readonly af: readonly number[] | null;
  readonly at: readonly number[] | null;
  /** Output text as substrings (joined once at the end). */
  readonly parts: string[] = [];
  readonly from: number[] = [];
  readonly to: number[] = [];
  len = 0;
  lastCh = '';
  pendingSpace = -1;
  prevWordStart = -1;
  prevWordText = '';
  prevWordOrig = -1;

  constructor(stage: StageA) {
    this.a = stage.text;
    this.n = stage.text.length;
    this.af = stage.from;
    this.at = stage.to;
  }

  f(i: number): number {
    return this.af === null ? i : (this.af[i] as number);
  }

  t(i: number): number {
    return this.at === null ? i + 1 : (this.at[i] as number);
  }

  push(ch: string, f: number, t: number): void {
    this.parts.push(ch);
    this.from.push(f);
    this.to.push(t);
    this.len++;
    this.lastCh = ch;
  }

  /** Appends a string whose characters all map to `[f, t)`, or to `a[range + k]` when `range >= 0`. */
  append(str: string, f: number, t: number, range: number): void {
    if (str.length === 0) return;
    this.parts.push(str);
    for (let k = 0; k < str.length; k++) {
      this.from.push(range >= 0 ? this.f(range + k) : f);
      this.to.push(range >= 0 ? this.t(range + k) : t);
    }
    this.len += str.length;
    this.lastCh = str[str.length - 1] as string;
  }

  last(): string | undefined {
    return this.len === 0 ? undefined : this.lastCh;
  }

  truncate(len: number): void {
    let total = this.len;
    while (total > len) {
      const p = this.parts.pop() as string;
      total -= p.length;
      if (total < len) this.parts.push(p.slice(0, len - total));
    }
    this.from.length = len;
    this.to.length = len;
    this.len = len;
    const lastPart = this.parts[this.parts.length - 1];
    this.lastCh = lastPart === undefined ? '' : (lastPart[lastPart.length - 1] as string);
  }

  space(): void {
    const last = this.last();
    if (this.pendingSpace >= 0 && this.len > 0 && last !== ' ' && last !== '\n') {
      this.push(' ', this.f(this.pendingSpace), this.t(this.pendingSpace));
    }
    this.pendingSpace = -1;
  }

  separators(from: number, to: number): void {
    const a = this.a;
    for (let i = from; i < to; i++) {
      const c = a.charCodeAt(i);
      // an apostrophe outside a word is a single quotation mark
      const ch = c === 39 ? '"' : (a[i] as string);
      const k = c === 39 ? K.Keep : kindOf(c, ch);
      if (k === K.Keep) {
        const last = this.last();
        if (last === ch) {
          this.to[this.len - 1] = this.t(i);
          continue;
        }
        if (ch === '"') this.space();
        else if (ch !== '\n' && last === ' ') this.truncate(this.len - 1);
        this.push(ch, this.f(i), this.t(i));
        this.pendingSpace = ch === '\n' ? -1 : i;
        this.prevWordStart = -1;
        continue;
      }
      if (
        c === 58 &&
        i > 0 &&
        i + 1 < this.n &&
        isDigitCode(a.charCodeAt(i - 1)) &&
        isDigitCode(a.charCodeAt(i + 1))
      ) {
        this.push(':', this.f(i), this.t(i));
        continue;
      }
      if (ch === '£' || ch === '€' || ch === '%') {
        this.space();
        this.push(ch, this.f(i), this.t(i));
        this.prevWordStart = -1;
        continue;
      }
      if (this.pendingSpace < 0) this.pendingSpace = i;
    }
  }

  /**
   * Emits a word. `pieces` gives per-character origins when the word keeps its length;
   * `range` (start in `a`) does the same for an unchanged token; otherwise every character
   * maps to `[f0, t0)`.
   */
  word(word: string, pieces: readonly number[] | null, f0: number, t0: number, range = -1): void {
    this.space();
    // two-word spellings ("snap chat" → "snapchat")
    if (this.prevWordStart >= 0 && PAIR_SECOND.has(word) && this.last() === ' ') {
      const joined = PAIRS.get(`${this.prevWordText} ${word}`);
      if (joined !== undefined) {
        this.truncate(this.prevWordStart);
        this.append(joined, this.prevWordOrig, t0, -1);
        this.prevWordText = joined;
        return;
      }
    }
    this.prevWordStart = this.len;
    this.prevWordText = word;
    this.prevWordOrig = f0;
    if (range >= 0) this.append(word, f0, t0, range);
    else if (pieces !== null) {
      for (let k = 0; k < word.length; k++)
        this.push(word[k] as string, pieces[2 * k] as number, pieces[2 * k + 1] as number);
    } else this.append(word, f0, t0, -1);
  }
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether `a[s, e)` is a run of digits. */
function isNumberToken(a: string, s: number | undefined, e: number | undefined): boolean {
  if (s === undefined || e === undefined || e <= s) return false;
  for (let i = s; i < e; i++) if (!isDigitCode(a.charCodeAt(i))) return false;
  return true;
}

/** Letters that are chat words on their own ("u", "r", "n", "y", "c", "b", "k", "x", "a", "i"). */
const SOLO = new Set(['u', 'r', 'n', 'y', 'c', 'b', 'k', 'x', 'a', 'i']);

/** A token needs the slow path when it has an apostrophe or a letter stretched three times. */
function needsCleaning(a: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = a.charCodeAt(i);
    if (c === 39) return true;
    if (i >= s + 2 && c >= 97 && c <= 122 && c === a.charCodeAt(i - 1) && c === a.charCodeAt(i - 2))
      return true;
  }
  return false;
}

/**
 * Normalises one message text for matching.
 *
 * @param original - the message text as typed (any Unicode).
 * @returns the normalised text and, per normalised UTF-16 unit, the `[from, to)` range of
 *   original UTF-16 units it came from. Never throws; empty input gives empty output.
 */
export function normalizeText(original: string, options: NormalizeOptions = {}): NormalizedText {
  const vocabulary = options.vocabulary;
  const canon = canonMap(vocabulary ?? NO_VOCABULARY);
  const run = new Run(stageA(original));
  const a = run.a;
  const n = run.n;

  // 1. Tokens: [start, end) ranges of word characters in `a`.
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < n;) {
    if (kindOf(a.charCodeAt(i), a[i] as string) === K.Word) {
      let j = i + 1;
      while (j < n && kindOf(a.charCodeAt(j), a[j] as string) === K.Word) j++;
      // leading/trailing apostrophes are quotation marks
      let s = i;
      let e = j;
      while (s < e && a.charCodeAt(s) === 39) s++;
      while (e > s && a.charCodeAt(e - 1) === 39) e--;
      if (e > s) {
        starts.push(s);
        ends.push(e);
      }
      i = j;
    } else i++;
  }

  // 2. Spacing obfuscation: runs of single characters separated by one space or one of . - _ * /
  let groupEnd: number[] | null = null;
  for (let t = 0; t < starts.length;) {
    if ((ends[t] as number) - (starts[t] as number) !== 1) {
      t++;
      continue;
    }
    let u = t;
    let spaced = true;
    // one kind of separator per group: "u m.u.s.t" is "u" and "must", not "umust"
    let kind = '';
    while (
      u + 1 < starts.length &&
      (ends[u + 1] as number) - (starts[u + 1] as number) === 1 &&
      (starts[u + 1] as number) - (ends[u] as number) === 1
    ) {
      const sep = a[ends[u] as number] as string;
      if (sep !== ' ' && sep !== '.' && sep !== '-' && sep !== '_' && sep !== '*' && sep !== '/')
        break;
      const k = sep === ' ' ? ' ' : '.';
      if (kind === '') kind = k;
      else if (k !== kind) {
        // a space then dots: the spaced part ends before the token the dots start from
        if (kind === ' ') u--;
        break;
      }
      if (sep !== ' ') spaced = false;
      u++;
    }
    if (u < t) u = t;
    let first = t;
    let word = '';
    for (let k = t; k <= u; k++) word += a[starts[k] as number] as string;
    // "a p i c" is "a pic", "u l i v e" is "u live", "w i t h u" is "with u": one or two
    // one-letter chat words at either end stay words of their own
    let last = u;
    if (u - t + 1 >= 4 && vocabulary && !vocabulary.has(word) && !canon.has(word)) {
      search: for (let cut = 1; cut <= 3; cut++) {
        for (let p = 0; p <= Math.min(2, cut); p++) {
          const q = cut - p;
          if (q > 2) continue;
          const core = word.slice(p, word.length - q);
          if (core.length < 3 || !(vocabulary.has(core) || canon.get(core) != null)) continue;
          if (![...word.slice(0, p), ...word.slice(word.length - q)].every((ch) => SOLO.has(ch)))
            continue;
          first = t + p;
          last = u - q;
          word = core;
          break search;
        }
      }
    }
    const count = last - first + 1;
    if (count >= 3 && (count >= 4 || !spaced || (vocabulary?.has(word) ?? false))) {
      groupEnd ??= new Array<number>(starts.length).fill(-1);
      groupEnd[first] = last;
    }
    t = u + 1;
  }

  // 3. Emit words (canonical) and separators (single spaces; . ? ! " newline kept).
  let cursor = 0;
  for (let t = 0; t < starts.length; t++) {
    const s = starts[t] as number;
    const g = groupEnd === null ? -1 : (groupEnd[t] as number);
    const lastTok = g >= 0 ? g : t;
    const e = ends[lastTok] as number;
    run.separators(cursor, s);
    cursor = e;
    let raw: string;
    let pieces: number[] | null = null;
    if (g < 0 && !needsCleaning(a, s, e)) {
      raw = a.slice(s, e);
    } else {
      // characters of the token (for a spaced group, its single letters), apostrophes
      // dropped, stretched letters (a run of 3+) collapsed to one
      const idx: number[] = [];
      if (g < 0) for (let i = s; i < e; i++) idx.push(i);
      else for (let k = t; k <= g; k++) idx.push(starts[k] as number);
      raw = '';
      pieces = [];
      // a second reading keeps stretched letters doubled ("schooool" → "school", not "schol")
      let raw2 = '';
      const pieces2: number[] = [];
      let stretched = false;
      for (let q = 0; q < idx.length;) {
        const i = idx[q] as number;
        const ch = a[i] as string;
        if (ch === "'") {
          q++;
          continue;
        }
        let r = q + 1;
        while (r < idx.length && a[idx[r] as number] === ch) r++;
        if (r - q >= 3 && ch >= 'a' && ch <= 'z') {
          stretched = true;
          raw += ch;
          pieces.push(run.f(i), run.t(idx[r - 1] as number));
          raw2 += ch + ch;
          pieces2.push(
            run.f(i),
            run.t(i),
            run.f(idx[q + 1] as number),
            run.t(idx[r - 1] as number),
          );
        } else {
          for (let z = q; z < r; z++) {
            raw += ch;
            pieces.push(run.f(idx[z] as number), run.t(idx[z] as number));
            raw2 += ch;
            pieces2.push(run.f(idx[z] as number), run.t(idx[z] as number));
          }
        }
        q = r;
      }
      if (
        stretched &&
        vocabulary !== undefined &&
        !vocabulary.has(raw) &&
        canon.get(raw) == null &&
        (vocabulary.has(raw2) || canon.get(raw2) != null)
      ) {
        raw = raw2;
        pieces = pieces2;
      }
      t = lastTok;
    }
    if (raw.length === 0) continue;
    const f0 = pieces === null ? run.f(s) : (pieces[0] as number);
    const t0 = pieces === null ? run.t(e - 1) : (pieces[pieces.length - 1] as number);
    let canonical = canonicalToken(raw, vocabulary, canon);
    // "yr 8" is a school year, "14 yrs" an age: not "your"
    if (
      (raw === 'yr' || raw === 'yrs') &&
      (isNumberToken(a, starts[t + 1], ends[t + 1]) || isNumberToken(a, starts[t - 1], ends[t - 1]))
    ) {
      canonical = raw === 'yr' ? 'year' : 'years';
    }
    if (canonical.length === raw.length && !canonical.includes(' ')) {
      if (pieces === null) run.word(canonical, null, f0, t0, s);
      else run.word(canonical, pieces, f0, t0);
    } else run.word(canonical, null, f0, t0);
  }
  run.separators(cursor, n);
  // trim
  const full = run.parts.join('');
  let s0 = 0;
  let e0 = run.len;
  while (s0 < e0 && (full[s0] === ' ' || full[s0] === '\n')) s0++;
  while (e0 > s0 && (full[e0 - 1] === ' ' || full[e0 - 1] === '\n')) e0--;
  return {
    original,
    text: s0 === 0 && e0 === run.len ? full : full.slice(s0, e0),
    from: s0 === 0 && e0 === run.len ? run.from : run.from.slice(s0, e0),
    to: s0 === 0 && e0 === run.len ? run.to : run.to.slice(s0, e0),
  };
}

/**
 * Maps a `[start, end)` range of normalised text back to the original text.
 *
 * @returns `[start, end)` in UTF-16 code units of `n.original`; an empty range maps to an
 *   empty range at the corresponding original position.
 */
export function toOriginalSpan(n: NormalizedText, start: number, end: number): [number, number] {
  if (n.text.length === 0) return [0, 0];
  const s = Math.max(0, Math.min(start, n.text.length - 1));
  const e = Math.max(s + 1, Math.min(end, n.text.length));
  return [n.from[s] as number, n.to[e - 1] as number];
}
