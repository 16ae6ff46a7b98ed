import { randomUUID } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ExchangeService } from '../exchange.ts';
import type { LoginService } from '../login.ts';
import type { Store } from '../store/types.ts';
import type { TokenSigner } from '../token-signer.ts';
import type { WxaCodes } from '../wxacode.ts';
import secureJson from 'secure-json-parse';
import { ForbiddenKeyError, clientError, frameworkError, installErrorHandling } from './envelope.ts';
import { registerExchangeRoutes } from './exchange-routes.ts';
import { registerMiniProgramRoutes } from './mini-program-routes.ts';
import { collectOpenApi } from './openapi.ts';
import { registerOpsRoutes } from './ops-routes.ts';
import type { RateLimits } from './rate-limit.ts';
import type { ServiceMetrics } from '../metrics.ts';
import { StoreUnavailableError, asStoreError } from '../store/unavailable.ts';
import { registerMetricsRoute } from './metrics-routes.ts';
import type { AdminDeps } from './admin-route-kit.ts';
import { registerAdminRoutes } from './admin-routes.ts';

export const BODY_LIMIT_BYTES = 16 * 1024;
export const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Where a `__proto__` key (or a `constructor` holding `prototype`) is, as secure-json-parse refuses them. */
function forbiddenKeyPath(value: unknown, path: string): string {
  if (typeof value !== 'object' || value === null) return path;
  for (const [key, inner] of Object.entries(value)) {
    if (key === '__proto__') return `${path}.__proto__`;
    if (key === 'constructor' && typeof inner === 'object' && inner !== null && 'prototype' in inner) return `${path}.constructor`;
    const found = forbiddenKeyPath(inner, `${path}.${key}`);
    if (found !== `${path}.${key}`) return found;
  }
  return path;
}

/** One access line per request, written when it completes (with the request in it), instead of Fastify's two. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

export interface AppDeps {
  store: Store;
  login: LoginService;
  exchange: ExchangeService;
  signer: TokenSigner;
  wxaCodes: WxaCodes;
  limits: RateLimits;
  logger: Logger | false;
  /** Addresses/CIDRs (or proxy-addr's names: loopback, linklocal, uniquelocal) whose X-Forwarded-For is believed. */
  trustedProxies: readonly string[];
  isDraining: () => boolean;
  metrics: ServiceMetrics;
  /** The operator console and admin API (docs/console.md). */
  admin: Omit<AdminDeps, 'store' | 'wxaCodes'>;
  /** Serve /metrics on this listener to callers with `Authorization: Bearer <token>`; absent: not here. */
  metricsToken?: string;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    logController: new OneLinePerRequest(),
    // A caller's x-request-id is kept only when it is a plain id: it goes into every log line.
    requestIdHeader: false,
    genReqId: (raw) => {
      const given = raw.headers['x-request-id'];
      return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    },
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
    // The client is the rightmost X-Forwarded-For address not in this list; none: the socket's peer.
    trustProxy: deps.trustedProxies.length > 0 ? [...deps.trustedProxies] : false,
    forceCloseConnections: 'idle',
    // Reject what does not match instead of silently dropping or coercing it.
    // discriminator: a phone proof is checked against the member its `kind` names, so errors name its fields.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false, discriminator: true } },
  }) as unknown as FastifyInstance;
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // While draining, keep-alive would hold the socket (and close()) open for the keep-alive timeout.
    if (deps.isDraining()) reply.header('connection', 'close');
  });
  // An empty JSON body is allowed: the seed's exchange sample may send the ticket in the query only.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text === '') return done(null, null);
    try {
      done(null, secureJson.parse(text, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      if (!(error instanceof SyntaxError && error.message.includes('forbidden prototype property'))) {
        return done(Object.assign(new Error('body: not valid JSON'), { statusCode: 400 }));
      }
      done(new ForbiddenKeyError(`${forbiddenKeyPath(JSON.parse(text) as unknown, 'body')}: this key is not allowed`));
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(no route)';
    deps.metrics.requests.inc({ route, method: request.method, status: reply.statusCode });
    deps.metrics.requestSeconds.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
  app.addHook('onError', async (_request, _reply, error) => {
    const failure = asStoreError(error);
    if (failure instanceof StoreUnavailableError) deps.metrics.storeError(failure.kind);
  });
  const openApi = collectOpenApi(app);
  installErrorHandling(app);
  registerMiniProgramRoutes(app, deps.login, deps.wxaCodes, deps.limits);
  registerExchangeRoutes(app, deps.exchange, deps.limits);
  registerOpsRoutes(app, { store: deps.store, signer: deps.signer, isDraining: deps.isDraining, openApi });
  if (deps.metricsToken !== undefined) registerMetricsRoute(app, deps.metrics, deps.metricsToken);
  registerAdminRoutes(app, { ...deps.admin, store: deps.store, wxaCodes: deps.wxaCodes });
  await app.ready();
  return app;
}
