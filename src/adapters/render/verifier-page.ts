/**
 * Builds `verify.html`: one self-contained page whose inline script is the SAME verification code
 * as `custos bundle verify` (`core/bundle/verify.ts` and the custody core), bundled by esbuild with
 * a browser `node:crypto` (`verify-page/crypto-shim.ts`) and the `buffer` package. A Content
 * Security Policy allows only that script and style (by SHA-256) and forbids every network
 * request, so the page works from a USB stick and cannot send anything anywhere.
 */
import { createHash } from 'node:crypto';
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { SOURCE_ROOT } from './source-root.ts';

/** Sources of the page, in `src/` even when this module runs compiled from `dist/node/`. */
const here = (p: string): string => join(SOURCE_ROOT, 'src', 'adapters', 'render', p);

const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: #1b1b1f; line-height: 1.45; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.lead { color: #4a4a55; margin-top: 0; }
fieldset { border: 1px solid #c9c9d1; border-radius: .4rem; margin: 1rem 0; padding: .75rem 1rem; }
legend { font-weight: 600; }
label { display: block; margin: .4rem 0; }
input[type=text] { width: 100%; font-family: ui-monospace, monospace; font-size: .85rem; padding: .35rem; box-sizing: border-box; }
button { font-size: 1rem; padding: .5rem 1.25rem; border-radius: .3rem; border: 1px solid #1d3f73; background: #1d3f73; color: #fff; cursor: pointer; }
.status { border-radius: .4rem; padding: .75rem 1rem; margin: 1rem 0; border: 2px solid #c9c9d1; }
.status strong { display: block; font-size: 1.25rem; }
.status.good { border-color: #1f7a3a; background: #eef8f1; }
.status.bad { border-color: #a8201a; background: #fbeeed; }
progress { width: 100%; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; font-size: .9rem; }
dt { font-weight: 600; } dd { margin: 0; word-break: break-all; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border-bottom: 1px solid #e1e1e6; padding: .3rem .4rem; text-align: left; vertical-align: top; }
td.hash { font-family: ui-monospace, monospace; font-size: .75rem; word-break: break-all; }
td.good { color: #1f7a3a; } td.bad { color: #a8201a; font-weight: 700; }
ul.problems li { color: #a8201a; } ul.warnings li { color: #6b4e00; }
code { font-size: .8rem; }
`;

const BODY = `
<h1>Court bundle verifier</h1>
<p class="lead">Checks a Custos court bundle on this computer. Nothing is uploaded: this page has no network access.</p>
<fieldset>
  <legend>1. The bundle</legend>
  <label>The bundle zip file: <input type="file" id="zip" accept=".zip,application/zip"></label>
  <label>or the folder it was unzipped to: <input type="file" id="folder" webkitdirectory multiple></label>
</fieldset>
<fieldset>
  <legend>2. The custody log's verifier key</legend>
  <label for="key">Paste the key the force published (obtain it separately, not from the bundle). Leave empty to use the key inside the bundle, which proves only that the bundle is internally consistent.</label>
  <input type="text" id="key" placeholder="origin+keyid+base64" spellcheck="false" autocomplete="off">
</fieldset>
<button type="button" id="verify">Verify</button>
<div id="status" class="status neutral" data-state="idle" role="status" aria-live="polite"></div>
<progress id="progress" value="0" max="1"></progress>
<div id="report"></div>
`;

let cached: Promise<string> | undefined;

const sha256b64 = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('base64');

async function build(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [here('./verify-page/page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    inject: [here('./verify-page/buffer-shim.ts')],
    define: { global: 'globalThis' },
    legalComments: 'inline',
    charset: 'utf8',
    minify: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'node-crypto-for-the-browser',
        setup(b) {
          b.onResolve({ filter: /^(node:)?crypto$/ }, () => ({
            path: here('./verify-page/crypto-shim.ts'),
          }));
        },
      },
    ],
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no output for the verifier page');
  // `</script` cannot occur in code outside strings and comments; escape it where it occurs.
  const script = out.text.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256b64(script)}'`,
    `style-src 'sha256-${sha256b64(STYLE)}'`,
    "img-src 'none'",
    "connect-src 'none'",
    "font-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "manifest-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Court bundle verifier</title>
<style>${STYLE}</style>
</head>
<body>${BODY}<script>${script}</script>
</body>
</html>
`;
}

/**
 * The verifier page's HTML (UTF-8 text). Built once per process (esbuild, ~0.2 s).
 * @throws when esbuild fails (a bug: the sources are part of Custos).
 */
export function verifierPage(): Promise<string> {
  cached ??= build();
  return cached;
}
