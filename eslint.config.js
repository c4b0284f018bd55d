// ESLint 9 flat config. Type-aware rules for TypeScript, plus the layer-boundary rule of
// ARCHITECTURE.md ("Import rules"), expressed as no-restricted-imports per folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LAYERS = ['core', 'policies', 'usecases', 'ports', 'contracts', 'adapters', 'main'];
const ADAPTERS = ['db', 'blobstore', 'files', 'signing', 'auth', 'http', 'cli', 'render'];

/** Import patterns that reach into the named top-level layers of src/. */
const layer = (...names) => names.flatMap((n) => [`**/${n}/**`, `**/src/${n}/**`]);
const msg = (from, allowed) =>
  `${from} may import only ${allowed} (ARCHITECTURE.md, import rules).`;

/** Impure Node built-ins that the pure core must not touch. */
const IMPURE_BUILTINS = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'os',
  'process',
  'dgram',
  'dns',
  'tls',
  'worker_threads',
  'cluster',
  'readline',
  'stream',
].flatMap((m) => [m, `node:${m}`]);
const INFRA_PACKAGES = [
  'kysely',
  'pg',
  'better-sqlite3',
  'fastify',
  '@fastify/*',
  'commander',
  'yauzl',
  'yazl',
  'pdf-lib',
  'react',
  'react-dom',
];

function boundary(files, forbiddenLayers, allowed, extra = {}) {
  return {
    files,
    // Tests may wire real adapters together, as a composition root does.
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: extra.paths ?? [],
          patterns: [
            ...(forbiddenLayers.length
              ? [{ group: layer(...forbiddenLayers), message: msg(files[0], allowed) }]
              : []),
            ...(extra.patterns ?? []),
          ],
        },
      ],
      ...(extra.rules ?? {}),
    },
  };
}

const pureCore = {
  paths: [
    ...IMPURE_BUILTINS.map((name) => ({
      name,
      message: 'core is pure: no fs, network, processes or env (ARCHITECTURE.md).',
    })),
    ...INFRA_PACKAGES.filter((p) => !p.includes('*')).map((name) => ({
      name,
      message: 'core is pure: infrastructure belongs in adapters.',
    })),
    {
      name: 'node:crypto',
      importNames: [
        'randomBytes',
        'randomUUID',
        'randomInt',
        'getRandomValues',
        'generateKeyPairSync',
        'generateKeyPair',
      ],
      message: 'core takes randomness from an injected source.',
    },
  ],
  patterns: [{ group: ['@fastify/*'], message: 'core is pure.' }],
  rules: {
    'no-restricted-properties': [
      'error',
      { object: 'Date', property: 'now', message: 'core takes time from the Clock port.' },
      {
        object: 'Math',
        property: 'random',
        message: 'core takes randomness from an injected source.',
      },
      { object: 'process', property: 'env', message: 'core does not read the environment.' },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'core takes time from the Clock port.',
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'custos-data/**',
      'test/fixtures/**',
      'examples/**',
      'bench/.work/**',
      'docs/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'it', 'describe', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Async generators without `await` are the plain way to produce an AsyncIterable.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  // Layer boundaries (ARCHITECTURE.md, "Import rules").
  boundary(
    ['src/core/**'],
    ['policies', 'usecases', 'ports', 'contracts', 'adapters', 'main'],
    'core',
    pureCore,
  ),
  boundary(['src/policies/**'], ['usecases', 'ports', 'contracts', 'adapters', 'main'], 'core'),
  boundary(['src/usecases/**'], ['contracts', 'adapters', 'main'], 'core, policies, ports'),
  boundary(
    ['src/ports/**'],
    ['policies', 'usecases', 'contracts', 'adapters', 'main'],
    'core (types)',
  ),
  boundary(
    ['src/contracts/**'],
    ['core', 'policies', 'usecases', 'ports', 'adapters', 'main'],
    'zod',
  ),
  ...ADAPTERS.map((a) =>
    boundary(
      [`src/adapters/${a}/**`],
      [
        'main',
        'policies',
        ...(a === 'http' ? [] : ['contracts']),
        ...ADAPTERS.filter((b) => b !== a).map((b) => `adapters/${b}`),
      ],
      `core, ports, usecases${a === 'http' ? ', contracts' : ''}; adapters never import each other`,
    ),
  ),
  boundary(['web/**'], [...LAYERS.filter((l) => l !== 'contracts')], 'contracts and its own code'),
);
