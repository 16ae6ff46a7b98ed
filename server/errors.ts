import type { ServiceErrorReason } from '../miniprogram/core/service-api.ts';

export const STATUS_OF: Record<ServiceErrorReason, number> = {
  invalid_request: 422,
  pool_not_found: 404,
  session_expired: 401,
  login_code_invalid: 401,
  phone_proof_invalid: 422,
  no_known_phone: 409,
  login_only: 403,
  account_blocked: 403,
  wrong_wxapp: 403,
  self_wxapp_unavailable: 403,
  rate_limited: 429,
  wechat_unavailable: 503,
  internal: 500,
  secret_required: 401,
  secret_invalid: 401,
  ticket_invalid: 400,
  ticket_not_found: 404,
  ticket_expired: 410,
  ticket_used: 409,
  ticket_wrong_pool: 409,
};

/** A failure the caller can act on; the HTTP layer turns it into the envelope with the matching status. */
export class ServiceError extends Error {
  readonly status: number;
  constructor(
    readonly reason: ServiceErrorReason,
    message: string,
  ) {
    super(message);
    this.status = STATUS_OF[reason];
  }
}
