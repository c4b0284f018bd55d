/**
 * Fonts for PDF renderings: a fallback chain of Noto fonts (SIL Open Font License 1.1, shipped in
 * the `@expo-google-fonts/*` npm packages with their `LICENSE_FONT`), so Latin, Greek, Cyrillic,
 * Arabic, Hebrew, Devanagari, Thai, CJK (Simplified Chinese with Japanese kana), emoji and
 * symbols survive. Each PDF embeds subsets of the fonts it uses (OFL permits embedding in
 * documents).
 *
 * Fonts are parsed with fontkit 2 (foliojs/fontkit, MIT) and handed to pdf-lib through
 * {@link pdfLibFontkit}: pdf-lib's own fontkit fork writes broken subsets for these fonts
 * (short `loca` offsets without glyph padding: glyphs vanish), fontkit 2 writes them correctly.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

/** One font of the chain. */
export interface FontSpec {
  /** Short name, also the PDF BaseFont name. */
  readonly name: string;
  /** npm package holding it. */
  readonly pkg: string;
  /** File inside the package. */
  readonly file: string;
  /** What it covers, for the method statement. */
  readonly covers: string;
  /** Text fonts carry spaces and punctuation inside their runs; symbol fonts do not. */
  readonly text: boolean;
}

/** The fallback chain, in order of preference. */
export const FONT_CHAIN: readonly FontSpec[] = [
  {
    name: 'NotoSans',
    pkg: '@expo-google-fonts/noto-sans',
    file: '400Regular/NotoSans_400Regular.ttf',
    covers: 'Latin, Greek, Cyrillic',
    text: true,
  },
  {
    name: 'NotoSansArabic',
    pkg: '@expo-google-fonts/noto-sans-arabic',
    file: '400Regular/NotoSansArabic_400Regular.ttf',
    covers: 'Arabic',
    text: true,
  },
  {
    name: 'NotoSansHebrew',
    pkg: '@expo-google-fonts/noto-sans-hebrew',
    file: '400Regular/NotoSansHebrew_400Regular.ttf',
    covers: 'Hebrew',
    text: true,
  },
  {
    name: 'NotoSansDevanagari',
    pkg: '@expo-google-fonts/noto-sans-devanagari',
    file: '400Regular/NotoSansDevanagari_400Regular.ttf',
    covers: 'Devanagari',
    text: true,
  },
  {
    name: 'NotoSansThai',
    pkg: '@expo-google-fonts/noto-sans-thai',
    file: '400Regular/NotoSansThai_400Regular.ttf',
    covers: 'Thai',
    text: true,
  },
  {
    name: 'NotoEmoji',
    pkg: '@expo-google-fonts/noto-emoji',
    file: '400Regular/NotoEmoji_400Regular.ttf',
    covers: 'emoji (monochrome)',
    text: false,
  },
  {
    name: 'NotoSansSymbols2',
    pkg: '@expo-google-fonts/noto-sans-symbols-2',
    file: '400Regular/NotoSansSymbols2_400Regular.ttf',
    covers: 'symbols',
    text: false,
  },
  {
    name: 'NotoSansSC',
    pkg: '@expo-google-fonts/noto-sans-sc',
    file: '400Regular/NotoSansSC_400Regular.ttf',
    covers: 'CJK ideographs, kana',
    text: true,
  },
];

/** A font of the chain, loaded. */
export interface LoadedFont {
  readonly spec: FontSpec;
  readonly bytes: Uint8Array;
  readonly font: fontkit.Font;
  /** SHA-256 (hex) of the font file. */
  readonly sha256: string;
  /** Version of the npm package. */
  readonly version: string;
}

const cache = new Map<string, LoadedFont>();

/** Loads (once per process) and parses a font of the chain. */
export function loadFont(spec: FontSpec): LoadedFont {
  let f = cache.get(spec.name);
  if (!f) {
    const bytes = new Uint8Array(readFileSync(require.resolve(`${spec.pkg}/${spec.file}`)));
    const pkg = JSON.parse(readFileSync(require.resolve(`${spec.pkg}/package.json`), 'utf8')) as {
      version: string;
    };
    f = {
      spec,
      bytes,
      font: fontkit.create(bytes),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      version: pkg.version,
    };
    cache.set(spec.name, f);
    parsed.set(bytes, f.font);
  }
  return f;
}

/** Package version and file hash of every font of the chain, without parsing them. */
export function fontInventory(): {
  name: string;
  pkg: string;
  version: string;
  file: string;
  covers: string;
}[] {
  return FONT_CHAIN.map((spec) => {
    const pkg = JSON.parse(readFileSync(require.resolve(`${spec.pkg}/package.json`), 'utf8')) as {
      version: string;
    };
    return {
      name: spec.name,
      pkg: spec.pkg,
      version: pkg.version,
      file: spec.file,
      covers: spec.covers,
    };
  });
}

/**
 * fontkit 2 behind the interface pdf-lib's `registerFontkit` expects: `create()` returns the
 * fontkit font, whose subsets get the `encodeStream()` pdf-lib reads (fontkit 2 has `encode()`).
 */
const parsed = new WeakMap<Uint8Array, fontkit.Font>();
const layouts = new WeakMap<fontkit.Font, Map<string, fontkit.GlyphRun>>();

/** Latin, Greek and Cyrillic letters, digits and punctuation without combining marks. */
const SIMPLE =
  /^[\u0020-\u007e\u00a0-\u02af\u0370-\u03ff\u0400-\u04ff\u2010-\u2027\u2030-\u205e]*$/;

/**
 * One glyph per code point from the cmap, for text that needs no shaping: what pdf-lib draws
 * for it anyway (it writes glyph ids and uses glyph advances, not the layout's positions), minus
 * optional ligatures, which also keeps the text extractable letter by letter. Far faster than
 * running the OpenType lookups line by line.
 */
function simpleLayout(font: fontkit.Font, text: string): fontkit.GlyphRun {
  const glyphs: fontkit.Glyph[] = [];
  let advanceWidth = 0;
  for (const ch of text) {
    const g = font.glyphForCodePoint(ch.codePointAt(0) as number);
    glyphs.push(g);
    advanceWidth += g.advanceWidth;
  }
  return { glyphs, advanceWidth };
}

/**
 * `font.layout(text)` (shaping with the font's default features), memoised per font: the
 * renderer measures a run and pdf-lib then encodes the same run, so each is shaped once.
 */
export function layoutCached(font: fontkit.Font, text: string): fontkit.GlyphRun {
  let m = layouts.get(font);
  if (!m) {
    m = new Map();
    layouts.set(font, m);
  }
  let run = m.get(text);
  if (!run) {
    run = SIMPLE.test(text) ? simpleLayout(font, text) : font.layout(text);
    if (m.size > 20_000) m.clear();
    m.set(text, run);
  }
  return run;
}

export const pdfLibFontkit = {
  create(data: Uint8Array): fontkit.Font {
    const font = parsed.get(data) ?? fontkit.create(data);
    return new Proxy(font, {
      get(target, prop) {
        if (prop === 'layout') {
          return (text: string, features?: unknown) =>
            features === undefined ? layoutCached(target, text) : target.layout(text, features);
        }
        if (prop === 'createSubset') {
          return () => {
            const subset = target.createSubset();
            return {
              cff: false,
              includeGlyph: (g: fontkit.Glyph | number) => subset.includeGlyph(g),
              encodeStream: () => Readable.from([Buffer.from(subset.encode())]),
            };
          };
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function'
          ? (value as (...a: unknown[]) => unknown).bind(target)
          : value;
      },
    });
  },
};
