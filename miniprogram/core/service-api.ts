/**
 * The wire contract between the launcher mini-program and the ticket service.
 * This file is the single definition: the mini-program's client (`service-client.ts`)
 * calls these routes and the service (`server/`) implements them by importing these types.
 * Described for humans in docs/service-api.md.
 */

export const API_PREFIX = '/api/v1';

/** Every service response, success or failure: HTTP status === `code`. */
export interface ServiceEnvelope<T> {
  code: number;
  message: string;
  /** Machine-readable reason, present on every failure. */
  error?: ServiceErrorReason;
  data?: T;
}

export type ServiceErrorReason =
  | 'invalid_request' // 422: a field failed validation; `message` names it
  | 'pool_not_found' // 404
  | 'session_expired' // 401: identify session unknown or past its lifetime; call wx.login again
  | 'login_code_invalid' // 401: WeChat refused the wx.login code (40029/40163/40226); call wx.login again
  | 'phone_proof_invalid' // 422: phone code refused, decryption failed, or watermark appid mismatch
  | 'no_known_phone' // 409: `{ kind: 'known' }` sent but the account has no verified phone
  | 'login_only' // 403: pool only admits existing accounts and this user has none
  | 'account_blocked' // 403
  | 'wrong_wxapp' // 403: Referer appid does not match the credentials the pool uses
  | 'self_wxapp_unavailable' // 403: useSelfWxapp=1 but the pool has no own mini-program configured
  | 'rate_limited' // 429
  | 'wechat_unavailable' // 503: WeChat timed out, said -1/45011, or answered garbage
  | 'internal' // 500
  // Ticket exchange (app backend → service); see docs/service-api.md for which a secret-less caller sees.
  | 'secret_required' // 401
  | 'secret_invalid' // 401
  | 'ticket_invalid' // 400: what a caller without the secret sees for any unusable ticket
  | 'ticket_not_found' // 404
  | 'ticket_expired' // 410
  | 'ticket_used' // 409
  | 'ticket_wrong_pool'; // 409

/** `GET {API_PREFIX}/pools/:poolId/profile` — public, cacheable. */
export interface PoolProfile {
  poolId: string;
  name: string;
  /** https URL of the pool's logo, or null for the default mark. */
  logo: string | null;
  /** Shown on the login button: "使用{connectionDisplayName}登录". */
  connectionDisplayName: string;
  /** Only existing accounts may log in. */
  loginOnly: boolean;
  /** The pool has its own mini-program credentials (useSelfWxapp=1 is possible). */
  hasOwnWxapp: boolean;
}

/** `POST {API_PREFIX}/pools/:poolId/sessions` — turn a wx.login code into a server-side session. */
export interface IdentifyRequest {
  loginCode: string;
  useSelfWxapp: boolean;
}

export interface IdentifyResponse {
  /** Opaque id of the server-side session (it keeps openid/unionid/session_key). */
  sessionId: string;
  /** Seconds until the session lapses (≤ 300, the life of a wx.login code). */
  expiresIn: number;
  /** The account's verified phone, masked like `176****6754`, or null. */
  knownPhone: string | null;
  /** An account is already bound to this WeChat identity. */
  registered: boolean;
}

/** How the user proves a phone number, if at all. */
export type PhoneProof =
  | { kind: 'none' }
  /** Use the verified phone the session reported as `knownPhone`. */
  | { kind: 'known' }
  /** From `bindgetphonenumber`: the new `code`; the legacy fields ride along when the client gives them. */
  | { kind: 'code'; code: string; encryptedData?: string; iv?: string }
  /** Clients without `code` (base library < 2.21.2): decrypted with the session key. */
  | { kind: 'encrypted'; encryptedData: string; iv: string };

/**
 * `POST {API_PREFIX}/pools/:poolId/tickets` — the one round trip after the user's tap.
 * Exactly one of `sessionId` (normal case) or `loginCode` (the session lapsed while the user
 * hesitated: the page called wx.login again and the service identifies and issues at once).
 */
export interface IssueTicketRequest {
  sessionId?: string;
  loginCode?: string;
  useSelfWxapp: boolean;
  phone: PhoneProof;
}

export interface IssueTicketResponse {
  /** ≥ 256 random bits, `[A-Za-z0-9_-]` only, single use. */
  ticket: string;
  /** Seconds the ticket stays exchangeable (the pool's ticketExpiresAfter). */
  expiresIn: number;
  /** ISO 8601 instant the ticket expires. */
  expiresAt: string;
  /** The phone bound to the account, masked, or null. */
  maskedPhone: string | null;
  /** This login created the account. */
  newUser: boolean;
}

export const routes = {
  profile: (poolId: string): string => `${API_PREFIX}/pools/${encodeURIComponent(poolId)}/profile`,
  identify: (poolId: string): string => `${API_PREFIX}/pools/${encodeURIComponent(poolId)}/sessions`,
  issueTicket: (poolId: string): string => `${API_PREFIX}/pools/${encodeURIComponent(poolId)}/tickets`,
} as const;
