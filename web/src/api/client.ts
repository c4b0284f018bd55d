/**
 * The typed HTTP client: wraps `fetch` for `/api/v1`, sends the session's CSRF token on every
 * state-changing request (`x-csrf-token`, src/contracts/README.md "Sessions"), validates each
 * response with its contract schema, and turns every non-2xx `ErrorBody` into an {@link ApiError}.
 */
import type { z } from 'zod';
import { API_PREFIX, CSRF_HEADER, ErrorBody } from '../../../src/contracts/index.ts';
import { ApiError } from './errors.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

/** Remembers the CSRF token of the current session (from `GET /session` or a sign-in answer). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token in use (null when signed out). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Calls `fn` whenever a request answers 401 (the session ended); returns an unsubscribe. */
export function onUnauthenticated(fn: () => void): () => void {
  unauthenticatedListeners.add(fn);
  return () => {
    unauthenticatedListeners.delete(fn);
  };
}

/** Builds `/api/v1<path>?<query>`; undefined and empty query values are left out. */
export function apiUrl(
  path: string,
  query?: Readonly<Record<string, string | number | undefined | null>>,
): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const q = qs.toString();
  return `${API_PREFIX}${path}${q ? `?${q}` : ''}`;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // Not JSON (a proxy's error page): fall through to the generic error.
  }
  const parsed = ErrorBody.safeParse(json);
  if (parsed.success) {
    const { code, category, message, details } = parsed.data.error;
    return new ApiError(res.status, code, category, message, details);
  }
  return new ApiError(
    res.status,
    `HTTP_${res.status}`,
    'http',
    `The server answered ${res.status}.`,
  );
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | undefined | null>>;
  readonly body?: unknown;
  /** A multipart body (evidence uploads); sent as is. */
  readonly form?: FormData;
  readonly headers?: Readonly<Record<string, string>>;
  /** Full URL or path instead of `/api/v1<path>` (the upload URL a report submission returns). */
  readonly absolute?: boolean;
  /** Keep the request alive while the page unloads (view timing `end`). */
  readonly keepalive?: boolean;
}

/**
 * Sends one request and validates the JSON answer with `schema`.
 *
 * @throws ApiError for a non-2xx answer (its `code` from the ErrorBody), `NETWORK` when the server
 *   cannot be reached, `RESPONSE_SHAPE` when the answer does not match the contract.
 */
export async function request<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  opts: RequestOptions = {},
): Promise<z.output<S>> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  const url = opts.absolute ? path : apiUrl(path, opts.query);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      keepalive: opts.keepalive ?? false,
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', 'network', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401) for (const l of unauthenticatedListeners) l();
    throw err;
  }
  const json: unknown = await res.json().catch(() => null);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.error(`response of ${method} ${url} does not match its contract`, parsed.error.issues);
    throw new ApiError(res.status, 'RESPONSE_SHAPE', 'client', 'unexpected response');
  }
  return parsed.data;
}
