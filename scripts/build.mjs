#!/usr/bin/env node
// Compiles src/ to dist/node/ (TypeScript 7, `tsconfig.build.json`) so the `custos` command starts
// without compiling TypeScript on the fly, then writes dist/node/.build-stamp. bin/custos.js runs
// the compiled code only while no file under src/ is newer than the stamp, and falls back to the
// sources (through tsx) otherwise, so an edit never runs stale code. Runs on `npm ci` (prepare).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const started = new Date();
rmSync(join(root, 'dist', 'node'), { recursive: true, force: true });
const tsc = join(root, 'node_modules', '.bin', 'tsc');
const r = spawnSync(tsc, ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (r.error) {
  console.error(`custos build: cannot run ${tsc} (${r.error.message}); the command will run from the TypeScript sources`);
  process.exit(0);
}
// Type errors do not stop the emit; `npm test` reports them. An emit without output would.
mkdirSync(join(root, 'dist', 'node'), { recursive: true });
const stamp = join(root, 'dist', 'node', '.build-stamp');
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started); // sources changed during the build count as newer
