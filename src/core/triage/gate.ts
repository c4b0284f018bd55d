/**
 * Cheap pre-checks for the detectors' regular expressions (a performance device; results are
 * identical to running every expression on every line, which `gate.test.ts` checks).
 *
 * Each expression gets a set of *keys*: the first three or four letters of the literal
 * content words in its source. A line's *stems* are the first three and four letters of its
 * tokens. An expression can only match a line that shares a key with it, so it is skipped
 * otherwise. Expressions whose every match might avoid content words (digits only, stop
 * words only, or a word glued after a group such as `(?:any|some)body`) are never gated.
 */

/** Function words present in nearly every line: keys of last resort (see `score`). */
const STOP = new Set(
  'you your youre yours are is the a an to me i it and of in on at for with my be do that this so just'.split(
    ' ',
  ),
);

/** Key for a literal word: its first four letters (or the whole word when shorter). */
function keyOf(word: string): string {
  return word.length >= 4 ? word.slice(0, 4) : word;
}

/** Keys of words so frequent in chat that a gate on them alone is weak. */
const COMMON_KEYS = new Set(
  (
    'what have can get ever not real like any your see know scho anyt its one got did say watc all neve dont why love woul want them some mum how ' +
    'will talk too nice need out from tell when wher does time good make look come goin thin then they there here were well yeah back much only ' +
    'sure who abou'
  ).split(' '),
);

/** A conjunction of disjunctions: every match contains a key from each inner list. */
type Req = string[][];

/**
 * Rarity cost of a disjunction of keys: common chat words cost 100, function words 10,000
 * (a gate on them is chosen only when a pattern requires nothing rarer, as in "do it for
 * me"; the other required disjunctions are still checked by `rest`).
 */
const score = (set: readonly string[]): number =>
  set.reduce((n, k) => n + (STOP.has(k) ? 10_000 : COMMON_KEYS.has(k) ? 100 : 1), 0);

function best(req: Req): string[] | null {
  let out: string[] | null = null;
  for (const set of req) if (out === null || score(set) < score(out)) out = set;
  return out;
}

/**
 * A small reader for the regular-expression subset the detectors use (groups, alternation,
 * quantifiers, classes, escapes, look-arounds) that works out which words every match must
 * contain.
 */
class ReqParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Req {
    return this.alternation(false);
  }

  /** `glued`: the group follows a letter directly, so each branch's first word is a token tail. */
  private alternation(glued: boolean): Req {
    const branches: Req[] = [this.sequence(glued)];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.sequence(glued));
    }
    if (branches.length === 1) return branches[0] as Req;
    const union = new Set<string>();
    for (const b of branches) {
      const pick = best(b);
      if (pick === null) return [];
      for (const k of pick) union.add(k);
    }
    return [[...union]];
  }

  /** After an atom: returns whether the atom may be absent (`?`, `*`, `{0,n}`). */
  private quantifier(): boolean {
    const c = this.s[this.i];
    if (c === '?' || c === '*') {
      this.i++;
      if (this.s[this.i] === '?') this.i++;
      return true;
    }
    if (c === '+') {
      this.i++;
      return false;
    }
    if (c === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(this.s.slice(this.i));
      if (m) {
        this.i += m[0].length;
        return m[1] === '0';
      }
    }
    return false;
  }

  private sequence(glued: boolean): Req {
    const req: Req = [];
    let word = '';
    let gluedStart = false;
    let afterGroup = glued;
    const flush = (prefixOnly: boolean): void => {
      // a word cut by a group or quantifier is only a token prefix: keys shorter than three
      // letters cannot stand for a prefix (stems hold 3- and 4-letter prefixes)
      const usable = prefixOnly ? word.length >= 3 : word.length >= 1;
      if (usable && !gluedStart) req.push([keyOf(word)]);
      word = '';
      gluedStart = false;
    };
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string;
      if (c === '|' || c === ')') break;
      if (/[a-z0-9']/.test(c)) {
        if (word === '') gluedStart = afterGroup;
        this.i++;
        // a quantifier applies to this character only
        const save = this.i;
        const optional = this.quantifier();
        if (optional) {
          flush(true);
        } else {
          word += c;
          if (this.i !== save) flush(true);
        }
        afterGroup = false;
        continue;
      }
      if (c === ' ') {
        flush(false);
        this.i++;
        // an optional space ("sur ?name") may glue the next word to the previous one
        afterGroup = this.quantifier();
        continue;
      }
      if (c === '(') {
        const gluedGroup = word.length > 0 || afterGroup;
        flush(true);
        this.i++;
        let look = false;
        if (this.s[this.i] === '?') {
          const m = /^\?(?:<[=!]|[=!:]|<[a-zA-Z]+>)/.exec(this.s.slice(this.i));
          if (m) {
            look = m[0] === '?=' || m[0] === '?!' || m[0] === '?<=' || m[0] === '?<!';
            this.i += m[0].length;
          }
        }
        const inner = this.alternation(gluedGroup);
        const endsWithSpace = this.s[this.i - 1] === ' ';
        if (this.s[this.i] === ')') this.i++;
        const optional = this.quantifier();
        if (!look && !optional) for (const set of inner) req.push(set);
        // a look-around is zero-width: it glues nothing
        if (!look) afterGroup = !endsWithSpace;
        continue;
      }
      if (c === '[') {
        flush(true);
        this.i++;
        while (this.i < this.s.length && this.s[this.i] !== ']') {
          if (this.s[this.i] === '\\') this.i++;
          this.i++;
        }
        this.i++;
        this.quantifier();
        afterGroup = true;
        continue;
      }
      if (c === '\\') {
        flush(true);
        this.i += 2;
        this.quantifier();
        afterGroup = true;
        continue;
      }
      // ^ $ . and anything else
      flush(true);
      this.i++;
      this.quantifier();
      afterGroup = c === '.';
    }
    flush(false);
    return req;
  }
}

/**
 * Keys of a regular-expression source: one disjunction of word keys that every match must
 * contain (the least common such disjunction), or null when no word is required (the
 * expression must always run).
 *
 * @param extra - ignored when the source itself requires words; otherwise unused too (a rule's
 *   declared triggers never widen a gate that the source does not support).
 */
export function keysOf(source: string, extra: readonly string[] = []): string[] | null {
  void extra;
  return best(new ReqParser(source).parse());
}

/** Every disjunction of keys that a match of the source must contain (a conjunction). */
export function requirementsOf(source: string): string[][] {
  return new ReqParser(source).parse();
}

/** Stems of a normalised line: the first three and four letters of each token. */
export function stemsOf(text: string): Set<string> {
  const out = new Set<string>();
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      const len = i - start;
      if (len <= 4) out.add(text.slice(start, i));
      if (len >= 3) out.add(text.slice(start, start + 3));
      if (len >= 4) out.add(text.slice(start, start + 4));
      start = -1;
    }
  }
  return out;
}

/** A regular expression with its keys. */
export class Gated {
  readonly re: RegExp;
  readonly keys: readonly string[] | null;
  private readonly keySet: ReadonlySet<string> | null;
  /** The other required disjunctions (checked after the index lookup on `keys`). */
  readonly also: readonly (readonly string[])[];

  constructor(re: RegExp, extra: readonly string[] = [], always = false) {
    this.re = re;
    this.keys = always ? null : keysOf(re.source, extra);
    this.keySet = this.keys === null ? null : new Set(this.keys);
    const keys = this.keys;
    this.also =
      always || keys === null
        ? []
        : requirementsOf(re.source).filter(
            (set) => !(set.length === keys.length && set.every((k) => keys.includes(k))),
          );
  }

  /** Whether every other required disjunction meets the stems (the index already met `keys`). */
  rest(stems: ReadonlySet<string>): boolean {
    for (const set of this.also) {
      let ok = false;
      for (const k of set) {
        if (stems.has(k)) {
          ok = true;
          break;
        }
      }
      if (!ok) return false;
    }
    return true;
  }

  /** Whether the expression could match a line with these stems. */
  may(stems: ReadonlySet<string>): boolean {
    const keys = this.keySet;
    if (keys === null) return true;
    let hit = false;
    if (stems.size <= keys.size) {
      for (const s of stems) {
        if (keys.has(s)) {
          hit = true;
          break;
        }
      }
    } else {
      for (const k of keys) {
        if (stems.has(k)) {
          hit = true;
          break;
        }
      }
    }
    return hit && this.rest(stems);
  }

  /** `re.test` behind the gate. */
  test(text: string, stems: ReadonlySet<string>): boolean {
    if (!this.may(stems)) return false;
    this.re.lastIndex = 0;
    return this.re.test(text);
  }

  /** `re.exec` behind the gate. */
  exec(text: string, stems: ReadonlySet<string>): RegExpExecArray | null {
    if (!this.may(stems)) return null;
    this.re.lastIndex = 0;
    return this.re.exec(text);
  }
}

/**
 * Several gated expressions checked against one line at once: one index lookup per stem
 * instead of one per expression and stem.
 */
export class GateSet {
  private readonly index = new Map<string, number[]>();
  private readonly flags: boolean[];
  private readonly alwaysOn: readonly number[];

  constructor(readonly gates: readonly Gated[]) {
    const always: number[] = [];
    gates.forEach((g, i) => {
      if (g.keys === null) always.push(i);
      else
        for (const k of g.keys) {
          const list = this.index.get(k) ?? [];
          list.push(i);
          this.index.set(k, list);
        }
    });
    this.alwaysOn = always;
    this.flags = new Array<boolean>(gates.length).fill(false);
  }

  /**
   * Which expressions may match a line with these stems. The returned array is reused by the
   * next call: read it before calling again.
   */
  may(stems: ReadonlySet<string>): readonly boolean[] {
    const f = this.flags;
    f.fill(false);
    for (const i of this.alwaysOn) f[i] = true;
    for (const s of stems) {
      const list = this.index.get(s);
      if (list !== undefined) for (const i of list) f[i] = true;
    }
    for (let i = 0; i < f.length; i++)
      if (f[i] === true && !(this.gates[i] as Gated).rest(stems)) f[i] = false;
    return f;
  }
}
