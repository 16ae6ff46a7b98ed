/**
 * Every reason the ticket service gives for a refusal, with its HTTP status: the one table. The
 * service answers with it, the mini-program and the sdk read `error` by it, and
 * test/vectors/service.json (`npm run vectors`) carries it to the Swift and Java parity tests.
 */
export const REASON_STATUS = {
  /** A field failed validation; `message` names it. */
  invalid_request: 422,
  // What HTTP itself refuses, before any route's own checks.
  /** The body is not JSON, or the request line is not HTTP. */
  bad_request: 400,
  /** No such route (`message` names the method and path). */
  route_not_found: 404,
  payload_too_large: 413,
  /** A path segment is longer than any id the service knows. */
  uri_too_long: 414,
  /** The body is not `application/json`. */
  unsupported_media_type: 415,
  headers_too_large: 431,
  /** The process is stopping: it finishes what it has and takes nothing new (readiness). */
  draining: 503,
  /** /metrics without the operator's bearer token. */
  metrics_token_invalid: 401,
  pool_not_found: 404,
  /** The identify session is unknown or past its lifetime: call wx.login again. */
  session_expired: 401,
  /** WeChat refused the wx.login code (40029/40163/40226): call wx.login again. */
  login_code_invalid: 401,
  /** The phone code was refused, decryption failed, or the watermark names another AppID. */
  phone_proof_invalid: 422,
  /** `{ kind: 'known' }` was sent but the account has no verified phone. */
  no_known_phone: 409,
  /** The pool only admits existing accounts and this user has none. */
  login_only: 403,
  account_blocked: 403,
  /** The Referer's AppID is not the one whose credentials the pool uses. */
  wrong_wxapp: 403,
  /** useSelfWxapp=1, but the pool has no mini-program of its own. */
  self_wxapp_unavailable: 403,
  rate_limited: 429,
  /** WeChat timed out, said -1/45011, or answered garbage. */
  wechat_unavailable: 503,
  /** The service's database does not answer or cannot write right now; try again. */
  store_unavailable: 503,
  internal: 500,
  // The ticket exchange (an app backend calls it); docs/service-api.md says which a caller without the secret sees.
  secret_required: 401,
  secret_invalid: 401,
  /** What a caller without the secret sees for any unusable ticket. */
  ticket_invalid: 400,
  ticket_not_found: 404,
  ticket_expired: 410,
  ticket_used: 409,
  ticket_wrong_pool: 409,
  // Tickets bound to the launching app (PKCE, contract/pkce.ts).
  /** The pool requires a `codeChallenge` in the launch, and this login had none. */
  code_challenge_required: 422,
  /** The ticket was issued with a `codeChallenge`: the exchange must send its `codeVerifier` (the ticket is kept). */
  code_verifier_required: 400,
  /** The `codeVerifier` does not match the ticket's challenge, or the ticket was issued without one (the ticket is kept). */
  code_verifier_invalid: 400,
  // The operator console's admin API (docs/console.md).
  /** No admin session (or it idled out or expired), and no valid admin API token. */
  admin_unauthorized: 401,
  /** The name or password is wrong (which one is not said). */
  admin_sign_in_failed: 401,
  /** A change through a console session without the session's CSRF token in `x-csrf-token`. */
  csrf_token_invalid: 403,
  /** No user (account) with that id. */
  user_not_found: 404,
} as const;

export type ServiceErrorReason = keyof typeof REASON_STATUS;

export const SERVICE_ERROR_REASONS = Object.keys(REASON_STATUS) as ServiceErrorReason[];

export function isServiceErrorReason(value: unknown): value is ServiceErrorReason {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REASON_STATUS, value);
}
