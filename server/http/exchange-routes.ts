import type { FastifyInstance } from 'fastify';
import { ExchangedUser } from '../../miniprogram/contract/schemas.ts';
import { ServiceError } from '../errors.ts';
import { WITH_BODY, WITH_PATH_ID } from './route-contract.ts';
import type { ExchangeService } from '../exchange.ts';
import { ok } from './envelope.ts';
import type { ServiceErrorReason } from '../../miniprogram/contract/reasons.ts';
import type { RateLimits } from './rate-limit.ts';
import { countingFailures, poolKey, refuseIf } from './rate-limit-hook.ts';
import { exchangeSchema } from './schemas.ts';

interface ExchangeRequest {
  Params: { userPoolId: string };
  Querystring: { ticket?: string };
  Body: { ticket?: string; secret?: string; codeVerifier?: string } | null | undefined;
}

/** What a caller without a real ticket or the right secret gets: guesses, counted per (pool, client). */
const EXCHANGE_FAILURES: ReadonlySet<ServiceErrorReason> = new Set([
  'secret_required',
  'secret_invalid',
  'ticket_invalid',
  'ticket_not_found',
  'pool_not_found',
  'invalid_request',
  'code_verifier_required',
  'code_verifier_invalid',
]);

/**
 * An exchange is never limited by others' traffic: only a client's own failures against a pool put
 * that (pool, client) in backoff, and even then a request with the pool's right secret goes through.
 */
export function registerExchangeRoutes(app: FastifyInstance, exchange: ExchangeService, limits: RateLimits): void {
  app.post<ExchangeRequest>(
    '/oauth/app2wxapp/auth/:userPoolId',
    {
      schema: exchangeSchema,
      preHandler: async (request) => {
        const refusal = limits.exchangeBackoff(poolKey(request.params.userPoolId), request.ip);
        if (!refusal) return;
        const secret = request.body?.secret;
        if (secret === undefined || !(await exchange.isPoolSecret(request.params.userPoolId, secret))) refuseIf(refusal);
      },
      onError: countingFailures(EXCHANGE_FAILURES, (request) =>
        limits.exchangeFailed(poolKey((request.params as ExchangeRequest['Params']).userPoolId), request.ip),
      ),
      config: {
        contract: {
          summary: 'Exchange a ticket for the user (seed 003)',
          ok: { envelope: ExchangedUser },
          refusals: [
            ...WITH_PATH_ID,
            ...WITH_BODY,
            'secret_required',
            'secret_invalid',
            'ticket_invalid',
            'ticket_not_found',
            'ticket_expired',
            'ticket_used',
            'ticket_wrong_pool',
            'account_blocked',
            'code_verifier_required',
            'code_verifier_invalid',
            'rate_limited',
          ],
        },
      },
    },
    async (request) => {
      const { userPoolId } = request.params;
      const fromBody = request.body?.ticket;
      const fromQuery = request.query.ticket;
      if (fromBody && fromQuery && fromBody !== fromQuery) {
        throw new ServiceError('invalid_request', 'ticket: the body and the query name different tickets');
      }
      const ticket = fromBody ?? fromQuery;
      if (!ticket) throw new ServiceError('invalid_request', 'body.ticket: required (or ?ticket=)');
      return ok(await exchange.exchange(userPoolId, ticket, { secret: request.body?.secret, codeVerifier: request.body?.codeVerifier }));
    },
  );
}
