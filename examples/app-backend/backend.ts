/**
 * The app backend: `POST /auth/wechat-mini-program` trades a ticket from the mini-program (and the
 * launch's PKCE verifier) for the app's own session; `GET /me` answers who a session belongs to.
 * README.md says what each answer means.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { DestinationStream } from 'pino';
import { systemClock, type Clock } from './clock.ts';
import { BackendError } from './errors.ts';
import { Sessions } from './sessions.ts';
import { exchangeTicket, type ServiceEndpoint } from './ticket-exchange.ts';
import { createTokenVerifier } from './token-verifier.ts';

export interface BackendOptions {
  /** The ticket service's base URL, as this backend reaches it. */
  serviceUrl: string;
  /** The `iss` of the service's tokens (its `XDL_PUBLIC_URL`); default `serviceUrl`. */
  serviceIssuer?: string;
  /** Each pool this app logs in with → that pool's secret. Any other pool id is refused. */
  pools: Readonly<Record<string, string>>;
  /** How long a session lasts; default one day. */
  sessionLifetimeS?: number;
  /** How long to wait for the service (each call); default 5 s. */
  serviceTimeoutMs?: number;
  clock?: Clock;
  /** How the service is called (the exchange and its key set); default the global fetch. */
  fetch?: typeof fetch;
  /** false: no logs; default info to stdout. */
  logger?: false | { level?: string; stream?: DestinationStream };
}

export const DEFAULT_SESSION_LIFETIME_S = 24 * 3600;
export const DEFAULT_SERVICE_TIMEOUT_MS = 5000;

interface LoginBody {
  poolId: string;
  ticket: string;
  codeVerifier?: string;
}

/** Types and bounds only: the ticket's and verifier's exact formats are the service's to check (it names the field). */
const loginBodySchema = {
  type: 'object',
  required: ['poolId', 'ticket'],
  properties: {
    poolId: { type: 'string', minLength: 1, maxLength: 64 },
    ticket: { type: 'string', minLength: 1, maxLength: 128 },
    codeVerifier: { type: 'string', minLength: 1, maxLength: 128 },
  },
} as const;

/** Fastify's refusals of a body, by code, in the words of this API. */
const BODY_REFUSALS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'send JSON (Content-Type: application/json)',
  FST_ERR_CTP_BODY_TOO_LARGE: 'larger than 4 KiB',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty',
  FST_ERR_CTP_INVALID_JSON_BODY: 'not valid JSON',
};

function refuse(reply: FastifyReply, error: BackendError): FastifyReply {
  if (error.retryAfterS !== undefined) void reply.header('retry-after', String(error.retryAfterS));
  if (error.status === 401) void reply.header('www-authenticate', 'Bearer');
  return reply.code(error.status).send({ error: error.reason, message: error.message });
}

/** `body.ticket: required`, `body.poolId: must be string`, … from Fastify's validation error. */
function validationMessage(error: FastifyError): string {
  const issue = error.validation?.[0];
  if (issue === undefined) return error.message;
  const missing = (issue.params as { missingProperty?: unknown }).missingProperty;
  const path = ['body', ...issue.instancePath.split('/').filter(Boolean), ...(typeof missing === 'string' ? [missing] : [])].join('.');
  return `${path}: ${typeof missing === 'string' ? 'required' : issue.message}`;
}

export function createBackend(options: BackendOptions): FastifyInstance {
  const clock = options.clock ?? systemClock;
  const pools = new Map(Object.entries(options.pools));
  const service: ServiceEndpoint = {
    url: options.serviceUrl,
    fetch: options.fetch ?? fetch,
    timeoutMs: options.serviceTimeoutMs ?? DEFAULT_SERVICE_TIMEOUT_MS,
  };
  const verifyToken = createTokenVerifier({
    serviceUrl: options.serviceUrl,
    issuer: (options.serviceIssuer ?? options.serviceUrl).replace(/\/+$/, ''),
    fetch: service.fetch,
    timeoutMs: service.timeoutMs,
    clock,
  });
  const sessions = new Sessions((options.sessionLifetimeS ?? DEFAULT_SESSION_LIFETIME_S) * 1000, clock);

  const app = Fastify({
    // Requests are logged by method and URL only (Fastify's default); bodies and headers never.
    logger: options.logger === false ? false : { level: options.logger?.level ?? 'info', stream: options.logger?.stream },
    bodyLimit: 4096,
    // A number is not a ticket: no type coercion.
    ajv: { customOptions: { coerceTypes: false } },
  });

  // JSON only: a text/plain body (which Fastify reads by default) is refused as the wrong media type.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof BackendError) {
      if (error.status >= 500) request.log.warn({ reason: error.reason, detail: error.message }, 'login failed');
      else request.log.info({ reason: error.reason }, 'refused');
      return refuse(reply, error);
    }
    if (error.validation) return refuse(reply, new BackendError(400, 'invalid_request', validationMessage(error)));
    if (error.statusCode !== undefined && error.statusCode < 500) {
      // Fastify's own refusals of the body: not JSON, too large, wrong content type.
      return refuse(reply, new BackendError(400, 'invalid_request', `body: ${BODY_REFUSALS[error.code] ?? error.message}`));
    }
    request.log.error({ err: error }, 'unexpected failure');
    return reply.code(500).send({ error: 'internal', message: 'unexpected failure' });
  });
  app.setNotFoundHandler((request, reply) =>
    refuse(reply, new BackendError(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );

  app.post<{ Body: LoginBody }>('/auth/wechat-mini-program', { schema: { body: loginBodySchema } }, async (request) => {
    const { poolId, ticket, codeVerifier } = request.body;
    const secret = pools.get(poolId);
    if (secret === undefined) throw new BackendError(403, 'pool_unknown', `this backend does not log in with pool ${poolId}`);
    const user = await exchangeTicket(service, { poolId, ticket, secret, codeVerifier });
    await verifyToken(user.token, { poolId, userId: user.id });
    const session = sessions.open({ userId: user.id, phone: user.phone, openid: user.openid, unionid: user.unionid });
    request.log.info({ poolId, userId: user.id }, 'signed in');
    return { userId: user.id, token: session.token };
  });

  app.get('/me', async (request) => {
    const header = request.headers.authorization;
    const token = header?.match(/^Bearer (\S+)$/)?.[1];
    if (token === undefined) throw new BackendError(401, 'session_required', 'send Authorization: Bearer <token from the login>');
    const user = sessions.find(token);
    if (user === null) throw new BackendError(401, 'session_invalid', 'the session is unknown or has expired: log in again');
    return user;
  });

  return app;
}
