import type { FastifyRequest } from 'fastify';
import { POOL_ID_PATTERN } from '../../miniprogram/contract/launch.ts';
import { ServiceError } from '../errors.ts';
import type { RateLimiter } from './rate-limit.ts';

/**
 * The route's rate limit as an onRequest hook: it runs before the body is parsed and validated, so
 * every request counts, refused or not. Malformed pool ids share one key, so made-up ids cannot grow
 * the counters.
 */
export function rateLimited(limiter: RateLimiter, route: string, poolParam: string): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const given = (request.params as Record<string, string | undefined>)[poolParam] ?? '';
    const poolId = POOL_ID_PATTERN.test(given) ? given : '(malformed)';
    if (!limiter.allow(route, request.ip, poolId)) throw new ServiceError('rate_limited', '请求过于频繁');
  };
}
