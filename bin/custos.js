#!/usr/bin/env node
// Entry point of the `custos` command. Runs the compiled JavaScript in dist/node/ when it is up to
// date with src/ (see scripts/build.mjs, run on `npm ci`), otherwise the TypeScript sources
// through tsx's loader, so a fresh clone and an edited checkout both run the current code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Newest modification time (ms) of any file under `dir`. */
function newest(dir) {
  let max = 0;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    const t = d.isDirectory() ? newest(p) : statSync(p).mtimeMs;
    if (t > max) max = t;
  }
  return max;
}

function compiledIsCurrent() {
  if (process.env.CUSTOS_FROM_SOURCE) return false;
  const stamp = join(root, 'dist', 'node', '.build-stamp');
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'node', 'main', 'cli.js'))) return false;
  return newest(join(root, 'src')) <= statSync(stamp).mtimeMs;
}

let main;
if (compiledIsCurrent()) {
  ({ main } = await import('../dist/node/main/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/main/cli.ts'));
}
process.exitCode = await main(process.argv);
