/**
 * The one table from errors to HTTP status (STYLE.md, "From documenso": domain errors map to
 * HTTP status in exactly one table at the boundary). A CustosError's category gives the status;
 * a few codes need a more precise one. Errors raised by the framework and its plugins (body too
 * large, wrong media type, rate limit, multipart limits, request validation) are given a Custos
 * code and status here too, so every error body has the same shape.
 */
import type { ErrorCategory } from '../../core/errors.ts';
import { CustosError, isCustosError } from '../../core/errors.ts';

/** Status per category. */
export const CATEGORY_STATUS: Readonly<Record<ErrorCategory, number>> = {
  'invalid-input': 422,
  usage: 400,
  integrity: 409,
  'not-found': 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  internal: 500,
};

/** Codes whose status differs from their category's. */
export const CODE_STATUS: Readonly<Record<string, number>> = {
  /** The first view of a case in a session needs a justification (RFC 6585 §3 Precondition Required). */
  JUSTIFICATION_REQUIRED: 428,
  /** Too many failed sign-ins: try later (RFC 6585 §4). */
  SIGN_IN_LOCKED: 429,
  RATE_LIMITED: 429,
  UPLOAD_TOO_LARGE: 413,
  UPLOAD_TOO_MANY_FILES: 413,
  PAYLOAD_TOO_LARGE: 413,
  MEDIA_TYPE_UNSUPPORTED: 415,
  REQUEST_INVALID: 400,
  ROUTE_NOT_FOUND: 404,
};

/** Framework and plugin error codes → Custos code (the status comes from {@link CODE_STATUS} or the category). */
const FRAMEWORK: Readonly<
  Record<string, { code: string; category: ErrorCategory; message: string }>
> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    category: 'invalid-input',
    message: 'the request body is larger than allowed',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'MEDIA_TYPE_UNSUPPORTED',
    category: 'usage',
    message: 'send JSON (content-type: application/json), or multipart/form-data for file uploads',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'REQUEST_INVALID',
    category: 'usage',
    message: 'the JSON body is empty; send {} or no content-type',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'REQUEST_INVALID',
    category: 'usage',
    message: 'the body is not valid JSON',
  },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    code: 'MEDIA_TYPE_UNSUPPORTED',
    category: 'usage',
    message: 'upload files as multipart/form-data',
  },
  FST_REQ_FILE_TOO_LARGE: {
    code: 'UPLOAD_TOO_LARGE',
    category: 'invalid-input',
    message: 'a file is larger than allowed',
  },
  FST_FILES_LIMIT: {
    code: 'UPLOAD_TOO_MANY_FILES',
    category: 'invalid-input',
    message: 'too many files in one request',
  },
  FST_PARTS_LIMIT: {
    code: 'UPLOAD_TOO_MANY_FILES',
    category: 'invalid-input',
    message: 'too many parts in one request',
  },
  FST_FIELDS_LIMIT: { code: 'REQUEST_INVALID', category: 'usage', message: 'too many form fields' },
  FST_PROTO_VIOLATION: {
    code: 'REQUEST_INVALID',
    category: 'usage',
    message: 'the form data is malformed',
  },
  FST_ERR_VALIDATION: {
    code: 'REQUEST_INVALID',
    category: 'usage',
    message: 'the request does not match the API contract',
  },
};

/** HTTP status for a Custos error. */
export function statusFor(e: Pick<CustosError, 'category' | 'code'>): number {
  return CODE_STATUS[e.code] ?? CATEGORY_STATUS[e.category];
}

/** The error body of the API (`src/contracts/common.ts`, `ErrorBody`). */
export interface ErrorBodyData {
  readonly error: {
    code: string;
    category: string;
    message: string;
    details?: Record<string, unknown>;
  };
}

/**
 * Turns anything thrown while handling a request into a status and body. Unknown errors become a
 * 500 `INTERNAL` without their message (it may hold internals); the caller logs them.
 */
export function toHttpError(e: unknown): {
  status: number;
  body: ErrorBodyData;
  internal: boolean;
} {
  if (isCustosError(e)) {
    const body: ErrorBodyData = {
      error: {
        code: e.code,
        category: e.category,
        message: e.message,
        ...(e.details ? { details: { ...e.details } } : {}),
      },
    };
    return { status: statusFor(e), body, internal: e.category === 'internal' };
  }
  const fe = e as {
    code?: unknown;
    statusCode?: unknown;
    validation?: unknown;
    message?: unknown;
  } | null;
  const code = typeof fe?.code === 'string' ? fe.code : undefined;
  if (fe && (fe.validation !== undefined || code === 'FST_ERR_VALIDATION')) {
    const issues = Array.isArray(fe.validation) ? fe.validation : [];
    return {
      status: 400,
      body: {
        error: {
          code: 'REQUEST_INVALID',
          category: 'usage',
          message:
            typeof fe.message === 'string'
              ? fe.message
              : 'the request does not match the API contract',
          details: { issues },
        },
      },
      internal: false,
    };
  }
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode === 429) {
    return {
      status: 429,
      body: {
        error: {
          code: 'RATE_LIMITED',
          category: 'forbidden',
          message: 'too many requests; wait a minute and try again',
        },
      },
      internal: false,
    };
  }
  const mapped = code ? FRAMEWORK[code] : undefined;
  if (mapped) {
    const ce = new CustosError(mapped.category, mapped.code, mapped.message);
    return {
      status: statusFor(ce),
      body: { error: { code: mapped.code, category: mapped.category, message: mapped.message } },
      internal: false,
    };
  }
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return {
      status: fe.statusCode,
      body: {
        error: {
          code: 'REQUEST_INVALID',
          category: 'usage',
          message: typeof fe.message === 'string' ? fe.message : 'bad request',
        },
      },
      internal: false,
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'INTERNAL',
        category: 'internal',
        message: 'something went wrong on the server; the error was logged',
      },
    },
    internal: true,
  };
}
