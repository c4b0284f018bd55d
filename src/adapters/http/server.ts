/**
 * The Fastify server: JSON API under `/api/v1` (zod schemas from `src/contracts`, OpenAPI at
 * `/api/v1/openapi.json`), strict security headers and CSP (helmet), rate limits on public and
 * sign-in routes, a JSON body limit, streaming multipart uploads, server-side sessions with CSRF
 * checks, and the built web app (`dist/web`, `index.html` for unknown paths) when present.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { API_PREFIX } from '../../contracts/common.ts';
import type { DeskContext } from '../../usecases/desk-context.ts';
import { toHttpError } from './error-status.ts';
import { installAuthentication } from './request-context.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerCaseRoutes } from './routes/cases.ts';
import { registerExhibitRoutes } from './routes/exhibits.ts';
import { registerNotificationRoutes } from './routes/notifications.ts';
import { registerPublicReportRoutes } from './routes/public-reports.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerTaskRoutes } from './routes/tasks.ts';
import { registerProgrammeRoutes } from './routes/programme.ts';
import { registerRetentionRoutes } from './routes/retention.ts';
import { DEFAULT_HTTP_CONFIG, type DeskApp, type HttpConfig, type RouteDeps } from './types.ts';

/** Every route module, in registration order. */
const ROUTE_MODULES: readonly ((app: DeskApp, deps: RouteDeps) => void)[] = [
  registerAuthRoutes,
  registerPublicReportRoutes,
  registerReportRoutes,
  registerExhibitRoutes,
  registerCaseRoutes,
  registerTaskRoutes,
  registerNotificationRoutes,
  registerAuditRoutes,
  registerAdminRoutes,
  registerProgrammeRoutes,
  registerRetentionRoutes,
];

/** Routes of the API need a signed-in session unless they say otherwise; everything else (the web app) is public. */
export function defaultAccess(url: string | undefined): 'session' | 'public' {
  return url?.startsWith(API_PREFIX) ? 'session' : 'public';
}

/** A route as registered, for the route × role matrix and the docs. */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: string;
}

/**
 * Builds the server (not listening). Call `listen` on the result, or `inject` in tests.
 * @param onRoute - called for every route registered (method, URL, access level).
 */
export async function buildServer(
  ctx: DeskContext,
  overrides: Partial<HttpConfig> = {},
  onRoute?: (r: RegisteredRoute) => void,
): Promise<DeskApp> {
  const config: HttpConfig = { ...DEFAULT_HTTP_CONFIG, ...overrides };
  const app = Fastify({
    logger: config.logger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    exposeHeadRoutes: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  if (onRoute) {
    app.addHook('onRoute', (r) => {
      for (const method of [r.method].flat())
        onRoute({ method, url: r.url, access: r.config?.access ?? defaultAccess(r.url) });
    });
  }

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });
  // The parser's file limit is one byte above the desk's, so that the use case's own limit (which
  // refuses the file before anything is recorded) always trips first; the parser would only cut
  // the stream short.
  await app.register(multipart, {
    limits: {
      fileSize: ctx.config.maxFileBytes + 1,
      files: ctx.config.maxFilesPerReport,
      fields: 10,
      parts: ctx.config.maxFilesPerReport + 10,
      headerPairs: 200,
    },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Custos API',
        version: '1',
        description: 'Evidence intake, officer desk and volunteer tasks. Errors: docs/api.md.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'custos_session' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    hideUntagged: true,
  });

  installAuthentication(app, ctx);
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith(API_PREFIX))
      void reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    return payload;
  });
  app.setErrorHandler((err, req, reply) => {
    const h = toHttpError(err);
    if (h.internal) req.log.error(err);
    // A request refused before its body was read (an upload over a limit) ends its connection, so
    // the rest of the body is not read and the connection does not linger half-used.
    if (!req.raw.readableEnded) void reply.header('connection', 'close');
    const body =
      h.internal && config.debugErrors
        ? {
            error: {
              ...h.body.error,
              message: `${h.body.error.message}: ${err instanceof Error ? err.message : String(err)}`,
            },
          }
        : h.body;
    return reply.status(h.status).send(body);
  });

  const webRoot =
    config.webRoot && existsSync(join(config.webRoot, 'index.html')) ? config.webRoot : undefined;
  app.setNotFoundHandler({ preHandler: undefined }, (req, reply) => {
    if (
      webRoot &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      !req.url.startsWith('/api/')
    ) {
      return reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .sendFile('index.html');
    }
    return reply.status(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        category: 'not-found',
        message: `there is no ${req.method} ${req.url.split('?')[0] ?? ''}`,
      },
    });
  });

  await app.register(
    async (api) => {
      const typed = api.withTypeProvider<ZodTypeProvider>();
      for (const register of ROUTE_MODULES) register(typed, { ctx, config });
      typed.get('/openapi.json', { config: { access: 'public' } }, async () => app.swagger());
    },
    { prefix: API_PREFIX },
  );

  if (webRoot) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: ['index.html'],
      wildcard: true,
      decorateReply: true,
      constraints: {},
      setHeaders: (res, path) => {
        void res.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  } else {
    // sendFile is still used by the not-found handler's type; without a web root it is never called.
    await app.register(fastifyStatic, { root: process.cwd(), serve: false });
  }
  return app;
}
