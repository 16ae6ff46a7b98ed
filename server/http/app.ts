import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ExchangeService } from '../exchange.ts';
import type { LoginService } from '../login.ts';
import type { Store } from '../store/types.ts';
import type { TokenSigner } from '../token-signer.ts';
import type { WxaCodes } from '../wxacode.ts';
import { installErrorHandling } from './envelope.ts';
import { registerExchangeRoutes } from './exchange-routes.ts';
import { registerMiniProgramRoutes } from './mini-program-routes.ts';
import { collectOpenApi } from './openapi.ts';
import { registerOpsRoutes } from './ops-routes.ts';
import type { RateLimiter } from './rate-limit.ts';

export const BODY_LIMIT_BYTES = 16 * 1024;

export interface AppDeps {
  store: Store;
  login: LoginService;
  exchange: ExchangeService;
  signer: TokenSigner;
  wxaCodes: WxaCodes;
  limiter: RateLimiter;
  logger: Logger | false;
  trustProxy: boolean;
  isDraining: () => boolean;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
    trustProxy: deps.trustProxy,
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
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, null);
    parseJson(request, String(body), done);
  });
  const openApi = collectOpenApi(app);
  installErrorHandling(app);
  registerMiniProgramRoutes(app, deps.login, deps.wxaCodes, deps.limiter);
  registerExchangeRoutes(app, deps.exchange, deps.limiter);
  registerOpsRoutes(app, { store: deps.store, signer: deps.signer, isDraining: deps.isDraining, openApi });
  await app.ready();
  return app;
}
