#!/usr/bin/env node
// Runs on `npm ci` / `npm install` (the `prepare` script): links node_modules/.bin/custos to this
// package's own command, which npm does not do for the root package, so that tools can call
// `node_modules/.bin/custos` as well as `npx custos`.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const binDir = join(root, 'node_modules', '.bin');
mkdirSync(binDir, { recursive: true });
const link = join(binDir, 'custos');
rmSync(link, { force: true });
symlinkSync('../../bin/custos.js', link);
