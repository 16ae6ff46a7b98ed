import { REASON_STATUS, type ServiceErrorReason } from '../miniprogram/contract/reasons.ts';

/** A failure the caller can act on; the HTTP layer turns it into the envelope with the matching status. */
export class ServiceError extends Error {
  readonly status: number;
  constructor(
    readonly reason: ServiceErrorReason,
    message: string,
  ) {
    super(message);
    this.status = REASON_STATUS[reason];
  }
}

/** A refusal over a rate limit: the reply carries `Retry-After`. */
export class RateLimitedError extends ServiceError {
  constructor(readonly retryAfterS: number) {
    super('rate_limited', '请求过于频繁');
  }
}
