/** Types shared by the HTTP adapter's files. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LiveSession } from '../../usecases/accounts/sessions.ts';
import type { DeskContext } from '../../usecases/desk-context.ts';

/**
 * Who may reach a route before any policy runs:
 * - `public`: anyone, no session read (public report form, sign-in, static files);
 * - `optional`: the session is read when there is one (`GET /session`);
 * - `partial`: any session, also one still waiting for its second factor;
 * - `session`: a signed-in session (the default).
 * Policies then decide what the actor may do (`src/policies`).
 */
export type RouteAccess = 'public' | 'optional' | 'partial' | 'session';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The live session, when the route reads one and there is one. */
    live: LiveSession | null;
  }
}

export type DeskApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Server settings (`buildServer`). */
export interface HttpConfig {
  /** Largest JSON body, bytes (default 1 MiB). */
  readonly bodyLimit: number;
  /** Requests per minute per IP address on the public report routes. */
  readonly publicRateLimit: number;
  /** Requests per minute per IP address on sign-in, setup and invitation routes. */
  readonly authRateLimit: number;
  /** Built web app to serve (with `index.html` for unknown paths); none when undefined. */
  readonly webRoot: string | undefined;
  /** Mark cookies `Secure` and send HSTS (behind HTTPS). */
  readonly secureCookies: boolean;
  /** Trust `X-Forwarded-For` from a reverse proxy for client addresses. */
  readonly trustProxy: boolean;
  /** Fastify's logger (pino) on or off. */
  readonly logger: boolean;
  /** Put the message of unexpected (500) errors in the response (tests only: it may hold internals). */
  readonly debugErrors: boolean;
}

export const DEFAULT_HTTP_CONFIG: HttpConfig = {
  bodyLimit: 1024 * 1024,
  publicRateLimit: 30,
  authRateLimit: 10,
  webRoot: undefined,
  secureCookies: false,
  trustProxy: false,
  logger: false,
  debugErrors: false,
};

/** What every route module receives. */
export interface RouteDeps {
  readonly ctx: DeskContext;
  readonly config: HttpConfig;
}

/** Name of the session cookie. */
export const SESSION_COOKIE = 'custos_session';
