import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { runCli } from '../../../../test/support/cli.ts';
import { DIALECTS, testEnvironment } from '../../../../test/support/databases.ts';
import { LocalBlobStore } from '../../blobstore/local-blob-store.ts';

const CHAT = '05/03/2024, 18:40 - Sam Example: hello\n05/03/2024, 18:41 - Zoe Example: hi\n';

for (const dialect of DIALECTS) {
  describe(`custos retention and custos blobs (${dialect})`, () => {
    test('classes are listed and set; a plaintext store is encrypted; resume has nothing to do', async () => {
      const env = await testEnvironment(dialect);
      const vars = env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {};
      try {
        const data = ['--data', env.dataDir];
        let r = await runCli([...data, 'retention', 'classes', '--json'], vars);
        assert.equal(r.code, 0, r.stderr);
        const before = (JSON.parse(r.stdout) as { classes: { id: string; reviewMonths: number }[] })
          .classes;
        assert.equal(before.find((c) => c.id === 'nfa')?.reviewMonths, 72);
        r = await runCli([...data, 'retention', 'classes', '--set', 'nfa=24', '--by', 'AD'], vars);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^nfa\s+review every\s+24 months/m);
        r = await runCli([...data, 'retention', 'classes', '--set', 'nope=3'], vars);
        assert.equal(r.code, 2, 'an unknown class is a usage error');
        r = await runCli([...data, 'retention', 'classes', '--set', 'nfa=0'], vars);
        assert.equal(r.code, 1, 'zero months is invalid');

        // A blob written before encryption at rest, referred to by an ingested exhibit.
        const file = join(env.dataDir, 'chat.txt');
        await writeFile(file, CHAT);
        r = await runCli([...data, 'ingest', '--by', 'AB', '--tz', 'UTC', file], vars);
        assert.equal(r.code, 0, r.stderr);
        const store = new LocalBlobStore(join(env.dataDir, 'blobs'));
        const sha = createHash('sha256').update(CHAT).digest('hex');
        await store.erase(sha);
        await mkdir(dirname(store.plainPathOf(sha)), { recursive: true });
        await writeFile(store.plainPathOf(sha), CHAT, { mode: 0o444 });
        r = await runCli([...data, 'blobs', 'encrypt', '--json', '--by', 'AD'], vars);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout), {
          encrypted: 1,
          unreferenced: 0,
          bytes: CHAT.length,
        });
        await assert.rejects(stat(store.plainPathOf(sha)), { code: 'ENOENT' });
        assert.deepEqual(await store.holders(sha), ['intake']);
        assert.equal(
          (await readFile(store.cipherPathOf(sha))).includes(Buffer.from('hello')),
          false,
        );
        r = await runCli([...data, 'verify'], vars);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        r = await runCli([...data, 'retention', 'resume'], vars);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^0 pending disposals completed/);
      } finally {
        await env.cleanup();
      }
    });
  });
}
