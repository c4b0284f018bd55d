/**
 * WCAG 2.2 contrast (SC 1.4.3 text ≥ 4.5:1, SC 1.4.11 UI components ≥ 3:1) of the colour pairs
 * styles.css uses, computed from the stylesheet's own values (relative luminance per WCAG 2.x).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');
const vars = new Map(
  [...css.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [
    m[1] ?? '',
    (m[2] ?? '').toLowerCase(),
  ]),
);

function colour(c: string): string {
  const v = c.startsWith('--') ? vars.get(c.slice(2)) : c;
  assert.ok(v, `styles.css defines ${c}`);
  assert.ok(v === '#ffffff' || css.toLowerCase().includes(v), `styles.css uses ${v}`);
  return v;
}

/** Relative luminance of `#rrggbb` (WCAG 2.x definition). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const s = parseInt(hex.slice(i, i + 2), 16) / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const TEXT = 4.5;
const UI = 3;
const PAIRS: readonly (readonly [fg: string, bg: string, min: number, where: string])[] = [
  ['--text', '#ffffff', TEXT, 'body text'],
  ['--muted', '#ffffff', TEXT, 'hints and secondary text'],
  ['--muted', '--panel', TEXT, 'hints inside panels'],
  ['--muted', '#fff8ef', TEXT, 'line numbers on cited lines'],
  ['--link', '#ffffff', TEXT, 'links'],
  ['--link', '--info-bg', TEXT, 'links in notices'],
  ['--text', '--focus', TEXT, 'focused links'],
  ['--focus', '--text', UI, 'focus ring against the dark header'],
  ['--text', '--focus', UI, 'focus ring inner edge'],
  ['#ffffff', '--text', TEXT, 'header'],
  ['#ffffff', '--success', TEXT, 'primary buttons and the receipt panel'],
  ['#ffffff', '--danger', TEXT, 'urgent call-999 box, warning buttons'],
  ['--danger', '#ffffff', TEXT, 'error messages'],
  ['--danger', '--danger-bg', TEXT, 'errors inside error notices'],
  ['--warning-text', '--warning-bg', TEXT, 'warnings'],
  ['--text', '--warning-bg', TEXT, 'text in warnings and cited-line lists'],
  ['--border', '#ffffff', UI, 'input borders'],
  ['#ffffff', '#6b0f0a', TEXT, 'band Imminent'],
  ['#ffffff', '#b3261e', TEXT, 'band High'],
  ['--text', '#f2c94c', TEXT, 'band Medium'],
  ['#0f3a94', '#dbe7fb', TEXT, 'band Low'],
  ['--text', '--panel', TEXT, 'band None, secondary buttons'],
  ['--text', '#ffe58a', TEXT, 'marked cited words'],
  ['#7c1a14', '#ffffff', TEXT, 'indicator labels'],
  ['#b3261e', '#fff8ef', UI, 'cited-line border'],
];

test('every colour pair of styles.css meets WCAG 2.2 AA contrast', () => {
  for (const [fg, bg, min, where] of PAIRS) {
    const ratio = contrast(colour(fg), colour(bg));
    assert.ok(ratio >= min, `${where}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1, needs ${min}:1`);
  }
});

test('the contrast formula matches WCAG’s extremes', () => {
  assert.equal(contrast('#000000', '#ffffff').toFixed(0), '21');
  assert.equal(contrast('#777777', '#777777'), 1);
});
