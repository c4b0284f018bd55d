/**
 * The render adapter: implements the {@link BundleIo} port (bundle zips, transcript PDFs, the
 * offline verifier page, tool versions) for the composition roots.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { ToolInfo } from '../../core/bundle/model.ts';
import type { BundleIo } from '../../ports/bundle-io.ts';
import { createZipArchive, openBundlePath } from './bundle-zip.ts';
import { fontInventory } from './fonts.ts';
import { renderTranscriptPdf } from './transcript-pdf.ts';
import { verifierPage } from './verifier-page.ts';
import { SOURCE_ROOT } from './source-root.ts';

const require = createRequire(import.meta.url);

/** Installed version of a package (read from node_modules, also where "exports" hides package.json). */
function versionOf(pkg: string): string {
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const file = join(dir, pkg, 'package.json');
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

function custosVersion(): string {
  const pkg = JSON.parse(
    readFileSync(join(SOURCE_ROOT, 'package.json'), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

let toolsCache: readonly ToolInfo[] | undefined;

/** Versions of everything that acquires, renders, writes and verifies bundle content. */
export function bundleTools(): readonly ToolInfo[] {
  toolsCache ??= [
    {
      name: 'Custos',
      version: custosVersion(),
      purpose: 'evidence store, custody log, bundle export and verifier',
    },
    {
      name: 'Node.js',
      version: process.versions.node,
      purpose: 'runtime; SHA-256 and Ed25519 through its OpenSSL',
    },
    {
      name: 'OpenSSL',
      version: process.versions.openssl ?? 'unknown',
      purpose: 'SHA-256 (FIPS 180-4) and Ed25519 (RFC 8032) in Node.js',
    },
    { name: 'pdf-lib', version: versionOf('pdf-lib'), purpose: 'PDF writing' },
    {
      name: 'fontkit',
      version: versionOf('fontkit'),
      purpose: 'font parsing, text shaping and font subsetting for PDFs',
    },
    { name: 'yazl', version: versionOf('yazl'), purpose: 'zip writing' },
    { name: 'yauzl', version: versionOf('yauzl'), purpose: 'zip reading (verifier)' },
    {
      name: 'esbuild',
      version: versionOf('esbuild'),
      purpose: 'bundles the verifier code into verify.html',
    },
    {
      name: '@noble/hashes',
      version: versionOf('@noble/hashes'),
      purpose: 'SHA-256 in verify.html',
    },
    {
      name: '@noble/curves',
      version: versionOf('@noble/curves'),
      purpose: 'Ed25519 verification in verify.html',
    },
    ...fontInventory().map((f) => ({
      name: `${f.name} font (${f.pkg})`,
      version: f.version,
      purpose: `PDF text: ${f.covers} (SIL OFL 1.1)`,
    })),
  ];
  return toolsCache;
}

/** The bundle I/O of a running Custos. */
export const bundleIo: BundleIo = {
  createArchive: createZipArchive,
  openBundle: openBundlePath,
  renderTranscriptPdf: (input) => {
    const tools = bundleTools();
    const v = (n: string): string => tools.find((t) => t.name === n)?.version ?? '?';
    return renderTranscriptPdf(
      input,
      `Custos ${v('Custos')}`,
      `pdf-lib ${v('pdf-lib')} with fontkit ${v('fontkit')}`,
    );
  },
  verifierPage,
  tools: bundleTools,
};
