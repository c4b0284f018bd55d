/**
 * The Custos package root (holding `package.json` and `src/`), found by walking up from this
 * module, so it is right whether the code runs from `src/` through tsx or compiled from `dist/node/`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${start}`);
    dir = up;
  }
  return dir;
}

export const SOURCE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
