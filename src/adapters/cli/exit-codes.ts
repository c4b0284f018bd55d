/**
 * The one table from error categories to process exit codes (ARCHITECTURE.md, "Contracts"):
 * 0 success; 1 the input was read but is invalid or unsupported; 2 usage error; 3 integrity
 * failure (hash or proof mismatch).
 */
import type { ErrorCategory } from '../../core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTEGRITY = 3;

const TABLE: Readonly<Record<ErrorCategory, number>> = {
  'invalid-input': EXIT_INVALID,
  'not-found': EXIT_INVALID,
  forbidden: EXIT_INVALID,
  unauthenticated: EXIT_INVALID,
  conflict: EXIT_INVALID,
  internal: EXIT_INVALID,
  usage: EXIT_USAGE,
  integrity: EXIT_INTEGRITY,
};

/** Exit code for an error category. */
export function exitCodeFor(category: ErrorCategory): number {
  return TABLE[category];
}
