/**
 * Custos errors: one class, a typed `code` per distinct failure, and a `category` that the
 * boundaries map to a CLI exit code or an HTTP status in exactly one table each
 * (`adapters/cli/exit-codes.ts`, `adapters/http/error-status.ts`).
 *
 * Tests assert on `code`, never on `message`. Messages are for people: they name the thing
 * (file, line, byte offset, exhibit reference) and say what would have been right.
 */

/** What kind of failure this is, independent of where it happened. */
export type ErrorCategory =
  /** The input was read but is invalid or unsupported (CLI exit 1, HTTP 400/422). */
  | 'invalid-input'
  /** The caller used the command or API wrongly (CLI exit 2, HTTP 400). */
  | 'usage'
  /** A hash, proof or signature does not match (CLI exit 3, HTTP 409). */
  | 'integrity'
  /** The named thing does not exist (CLI exit 1, HTTP 404). */
  | 'not-found'
  /** Policy refused the action (CLI exit 1, HTTP 403). */
  | 'forbidden'
  /** No or expired credentials (HTTP 401). */
  | 'unauthenticated'
  /** The action conflicts with current state (HTTP 409). */
  | 'conflict'
  /** A bug or an environment failure. */
  | 'internal';

/** Where in an input a problem was found. Offsets are 0-based bytes, lines 1-based. */
export interface SourceLocation {
  /** File (or display name of the input) the problem is in. */
  readonly file?: string;
  /** Entry inside a zip archive or folder, when the input has several. */
  readonly entry?: string;
  /** 1-based line number. */
  readonly line?: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column?: number;
  /** 0-based byte offset from the start of the file or entry. */
  readonly byteOffset?: number;
  /** JSON path or XML element path, for structured formats. */
  readonly path?: string;
}

/** Renders a location as `file › entry:line:column (byte N)` for messages. */
export function formatLocation(loc: SourceLocation | undefined): string {
  if (!loc) return '';
  const parts: string[] = [];
  let head = loc.file ?? '';
  if (loc.entry !== undefined) head += head ? ` › ${loc.entry}` : loc.entry;
  if (loc.line !== undefined)
    head += `:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}`;
  if (head) parts.push(head);
  if (loc.path !== undefined) parts.push(`at ${loc.path}`);
  if (loc.byteOffset !== undefined) parts.push(`byte ${loc.byteOffset}`);
  return parts.join(', ');
}

/**
 * The one error type of Custos.
 *
 * @typeParam C - the union of codes a module can raise, e.g. `CustosError<'PROOF_ROOT_MISMATCH'>`.
 */
export class CustosError<C extends string = string> extends Error {
  override readonly name = 'CustosError';
  readonly code: C;
  readonly category: ErrorCategory;
  readonly location: SourceLocation | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    category: ErrorCategory,
    code: C,
    message: string,
    options: {
      location?: SourceLocation;
      details?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    const where = formatLocation(options.location);
    super(
      where ? `${where}: ${message}` : message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.category = category;
    this.location = options.location;
    this.details = options.details;
  }
}

/** Narrows an unknown thrown value to a CustosError, optionally of one code. */
export function isCustosError<C extends string = string>(
  e: unknown,
  code?: C,
): e is CustosError<C> {
  return e instanceof CustosError && (code === undefined || e.code === code);
}

/** Codes raised while reading a chat export. */
export type ParseErrorCode =
  | 'PARSE_EMPTY'
  | 'PARSE_BINARY'
  | 'PARSE_INVALID_UTF8'
  | 'PARSE_UNKNOWN_FORMAT'
  | 'PARSE_AMBIGUOUS_FORMAT'
  | 'PARSE_TRUNCATED_ARCHIVE'
  | 'PARSE_BAD_ARCHIVE'
  | 'PARSE_LINE_TOO_LONG'
  | 'PARSE_NO_MESSAGES'
  | 'PARSE_BAD_HEADER'
  | 'PARSE_BAD_DATE'
  | 'PARSE_BAD_TIMEZONE'
  | 'PARSE_BAD_JSON'
  | 'PARSE_BAD_XML'
  | 'PARSE_BAD_CSV'
  | 'PARSE_BAD_STRUCTURE'
  | 'PARSE_TOO_LARGE';

/** An export that was read but cannot be turned into a transcript. Always carries a location. */
export function parseError(
  code: ParseErrorCode,
  message: string,
  location: SourceLocation,
  details?: Record<string, unknown>,
): CustosError<ParseErrorCode> {
  return new CustosError(
    'invalid-input',
    code,
    message,
    details ? { location, details } : { location },
  );
}
