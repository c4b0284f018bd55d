#!/usr/bin/env node
// The whole test suite, as the README's second command runs it:
//   1. type-check (tsc), 2. lint with zero warnings (eslint, including the layer-boundary rule),
//   3. every *.test.ts beside the code and under test/ (node:test through tsx).
// Options: --unit skips steps 1-2; any other argument is a substring filter on test file paths.
// Database tests run on SQLite always and also on PostgreSQL when DATABASE_URL is set
// (.ci/run sets it). Browser tests need /usr/bin/chromium (.ci/run installs it); without it
// they are reported as skipped unless CUSTOS_REQUIRE_BROWSER=1.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));

function run(cmd, cmdArgs) {
  console.log(
    `\n$ ${cmd} ${cmdArgs.length > 12 ? cmdArgs.slice(0, 12).join(' ') + ' …' : cmdArgs.join(' ')}`,
  );
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`\n${cmd} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) out.push(relative(root, p));
  }
  return out;
}

if (!unitOnly && filters.length === 0) {
  run('npx', ['tsc', '--noEmit', '-p', '.']);
  run('npx', ['eslint', '.', '--max-warnings', '0']);
}
const files = [
  ...findTests(join(root, 'src')),
  ...findTests(join(root, 'test')),
  ...findTests(join(root, 'web')),
]
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files]);
