import type { FastifyReply, FastifyRequest } from 'fastify';
import { POOL_ID_PATTERN } from '../../miniprogram/contract/launch.ts';
import type { ServiceErrorReason } from '../../miniprogram/contract/reasons.ts';
import { RateLimitedError, ServiceError } from '../errors.ts';
import type { MiniProgramRoute, RateLimits } from './rate-limit.ts';
import type { RateRefusal } from './window-counters.ts';

export function refuseIf(refusal: RateRefusal | null): void {
  if (refusal) throw new RateLimitedError(refusal.retryAfterS);
}

/** Malformed pool ids share one key, so made-up ids cannot grow the counters. */
export const poolKey = (given: string | undefined): string => (given !== undefined && POOL_ID_PATTERN.test(given) ? given : '(malformed)');

/** The route's flood cap, as an onRequest hook: it runs before the body is parsed, so every request counts. */
export function floodCapped(limits: RateLimits, route: MiniProgramRoute): (request: FastifyRequest) => Promise<void> {
  return async (request) => refuseIf(limits.request(route, request.ip));
}

/** An onError hook that counts the refusals in `reasons` as failures of the request's client. */
export function countingFailures(
  reasons: ReadonlySet<ServiceErrorReason>,
  count: (request: FastifyRequest) => void,
): (request: FastifyRequest, reply: FastifyReply, error: Error) => Promise<void> {
  return async (request, _reply, error) => {
    if (error instanceof ServiceError && reasons.has(error.reason)) count(request);
  };
}
