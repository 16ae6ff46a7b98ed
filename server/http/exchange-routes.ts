import type { FastifyInstance } from 'fastify';
import { ExchangedUser } from '../../miniprogram/contract/schemas.ts';
import { ServiceError } from '../errors.ts';
import { WITH_BODY, WITH_PATH_ID } from './route-contract.ts';
import type { ExchangeService } from '../exchange.ts';
import { ok } from './envelope.ts';
import type { RateLimiter } from './rate-limit.ts';
import { rateLimited } from './rate-limit-hook.ts';
import { exchangeSchema } from './schemas.ts';

interface ExchangeRequest {
  Params: { userPoolId: string };
  Querystring: { ticket?: string };
  Body: { ticket?: string; secret?: string } | null | undefined;
}

export function registerExchangeRoutes(app: FastifyInstance, exchange: ExchangeService, limiter: RateLimiter): void {
  app.post<ExchangeRequest>(
    '/oauth/app2wxapp/auth/:userPoolId',
    {
      schema: exchangeSchema,
      onRequest: rateLimited(limiter, 'exchange', 'userPoolId'),
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
      return ok(await exchange.exchange(userPoolId, ticket, request.body?.secret));
    },
  );
}
