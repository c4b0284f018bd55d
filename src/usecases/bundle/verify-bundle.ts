/**
 * Verifies a bundle on disk (a zip or its unzipped folder) with the pure verifier of
 * `core/bundle/verify.ts`: no database, no network, no custody key of this installation.
 */
import {
  verifyBundle,
  type BundleReport,
  type VerifyBundleOptions,
} from '../../core/bundle/verify.ts';
import type { BundleIo } from '../../ports/bundle-io.ts';

/**
 * Opens the bundle at `path`, verifies it and closes it.
 * @returns the report (`ok` false on any integrity failure; nothing is thrown for a bad bundle).
 * @throws CustosError `BUNDLE_NOT_FOUND` (not-found), `BUNDLE_NOT_A_ZIP` (invalid-input).
 */
export async function verifyBundleAt(
  io: Pick<BundleIo, 'openBundle'>,
  path: string,
  options: VerifyBundleOptions = {},
): Promise<BundleReport> {
  const source = await io.openBundle(path);
  try {
    return await verifyBundle(source, options);
  } finally {
    await source.close();
  }
}
