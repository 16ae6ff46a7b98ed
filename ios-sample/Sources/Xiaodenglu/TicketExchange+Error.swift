import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension TicketExchange {
    /// Why an exchange failed.
    public enum Error: Swift.Error, Sendable, Hashable {
        /// Which argument could not be sent.
        public enum InputReason: Sendable, Hashable {
            /// Not 24 lowercase hex digits.
            case userPoolId
            /// Not 16 to 128 characters of `[A-Za-z0-9_-]`: the service would refuse it unseen.
            case ticket
            /// Not 43 to 128 characters of `[A-Za-z0-9-._~]` (``Pkce/newVerifier()`` makes one).
            case codeVerifier
        }

        /// Every machine-readable reason the ticket service names (`error` in its envelope), with
        /// the HTTP status it comes with. The list is the contract's (`REASON_STATUS` in
        /// `miniprogram/contract/reasons.ts`); the tests hold it to `test/vectors/service.json`,
        /// which `npm run vectors` writes from that table.
        public enum ServiceReason: String, Sendable, Hashable, CaseIterable {
            /// 422: a field failed validation; the message names it.
            case invalidRequest = "invalid_request"
            /// 404: no such user pool.
            case poolNotFound = "pool_not_found"
            /// 401: the mini-program's session lapsed (mini-program calls only).
            case sessionExpired = "session_expired"
            /// 401: WeChat refused the `wx.login` code (mini-program calls only).
            case loginCodeInvalid = "login_code_invalid"
            /// 422: the phone proof was refused (mini-program calls only).
            case phoneProofInvalid = "phone_proof_invalid"
            /// 409: no verified phone on the account (mini-program calls only).
            case noKnownPhone = "no_known_phone"
            /// 403: the pool admits existing accounts only and this user has none.
            case loginOnly = "login_only"
            /// 403: the account is blocked.
            case accountBlocked = "account_blocked"
            /// 403: the request came from another mini-program than the pool uses.
            case wrongWxapp = "wrong_wxapp"
            /// 403: `useSelfWxapp=1` but the pool has no own mini-program configured.
            case selfWxappUnavailable = "self_wxapp_unavailable"
            /// 429: too many requests; retry later.
            case rateLimited = "rate_limited"
            /// 503: WeChat is unavailable; retry later.
            case wechatUnavailable = "wechat_unavailable"
            /// 503: the service's database does not answer or cannot write right now; try again.
            case storeUnavailable = "store_unavailable"
            /// 500: the service failed.
            case internalError = "internal"
            /// 400: the body was not JSON, or the request not HTTP.
            case badRequest = "bad_request"
            /// 404: no such route: check the service URL.
            case routeNotFound = "route_not_found"
            /// 413: the request body is too large.
            case payloadTooLarge = "payload_too_large"
            /// 414: a path segment is too long.
            case uriTooLong = "uri_too_long"
            /// 415: the body was not `application/json`.
            case unsupportedMediaType = "unsupported_media_type"
            /// 431: the request headers are too large.
            case headersTooLarge = "headers_too_large"
            /// 503: the service is stopping; another replica answers.
            case draining = "draining"
            /// 401: `/metrics` without the operator's token (not an app's concern).
            case metricsTokenInvalid = "metrics_token_invalid"
            /// 401: the pool requires its secret for an exchange: exchange on your server.
            case secretRequired = "secret_required"
            /// 401: the secret sent was wrong (never from this client, which sends none).
            case secretInvalid = "secret_invalid"
            /// 400: the ticket cannot be used (unknown, expired, used or another pool's); what a
            /// caller without the secret, such as this client, sees for any of these. Log in again.
            case ticketInvalid = "ticket_invalid"
            /// 404: no such ticket. Only with the secret (server-side exchange); this client gets
            /// `.ticketInvalid`.
            case ticketNotFound = "ticket_not_found"
            /// 410: the ticket expired (after the pool's `ticketExpiresAfter`, 120 s by default).
            /// Only with the secret (server-side exchange); this client gets `.ticketInvalid`.
            case ticketExpired = "ticket_expired"
            /// 409: the ticket was already exchanged; tickets are single use. Only with the secret
            /// (server-side exchange); this client gets `.ticketInvalid`.
            case ticketUsed = "ticket_used"
            /// 409: the ticket belongs to another user pool. Only with the secret (server-side
            /// exchange); this client gets `.ticketInvalid`.
            case ticketWrongPool = "ticket_wrong_pool"
            /// 422: the pool binds tickets to the launching app and the launch had no `codeChallenge`
            /// (mini-program calls only).
            case codeChallengeRequired = "code_challenge_required"
            /// 400: the ticket was issued with a `codeChallenge`: send its `codeVerifier` (the ticket is kept).
            case codeVerifierRequired = "code_verifier_required"
            /// 400: the `codeVerifier` does not match the ticket's challenge, or the ticket was issued
            /// without one (the ticket is kept).
            case codeVerifierInvalid = "code_verifier_invalid"
            // The operator console's admin API (docs/console.md): not an app's concern, listed so every reason is known.
            /// 401: no admin session, or it ended, and no valid admin API token.
            case adminUnauthorized = "admin_unauthorized"
            /// 401: the admin name or password is wrong.
            case adminSignInFailed = "admin_sign_in_failed"
            /// 403: a console change without its session's CSRF token.
            case csrfTokenInvalid = "csrf_token_invalid"
            /// 404: no user with that id (admin API).
            case userNotFound = "user_not_found"

            /// The HTTP status the service answers with for this reason.
            public var status: Int {
                switch self {
                case .ticketInvalid, .badRequest, .codeVerifierRequired, .codeVerifierInvalid: return 400
                case .sessionExpired, .loginCodeInvalid, .secretRequired, .secretInvalid, .metricsTokenInvalid, .adminUnauthorized, .adminSignInFailed: return 401
                case .loginOnly, .accountBlocked, .wrongWxapp, .selfWxappUnavailable, .csrfTokenInvalid: return 403
                case .poolNotFound, .ticketNotFound, .routeNotFound, .userNotFound: return 404
                case .noKnownPhone, .ticketUsed, .ticketWrongPool: return 409
                case .ticketExpired: return 410
                case .payloadTooLarge: return 413
                case .uriTooLong: return 414
                case .unsupportedMediaType: return 415
                case .invalidRequest, .phoneProofInvalid, .codeChallengeRequired: return 422
                case .rateLimited: return 429
                case .headersTooLarge: return 431
                case .internalError: return 500
                case .wechatUnavailable, .storeUnavailable, .draining: return 503
                }
            }

            /// The ticket is spent or unusable: start a new login to get another.
            public var needsNewLogin: Bool {
                switch self {
                case .ticketInvalid, .ticketNotFound, .ticketExpired, .ticketUsed, .ticketWrongPool: return true
                default: return false
                }
            }

            /// The pool requires its secret: the exchange belongs on your server, not in the app.
            public var needsServerSideExchange: Bool {
                self == .secretRequired || self == .secretInvalid
            }
        }

        /// Why the request did not complete.
        public enum TransportReason: Sendable, Hashable {
            /// The task was cancelled.
            case cancelled
            /// No answer within the timeout.
            case timedOut
            /// Any other failure to reach the service; `code` is the `URLError` code
            /// (e.g. -1009 offline, -1004 cannot connect).
            case network(code: Int)

            init(_ error: Swift.Error) {
                if error is CancellationError {
                    self = .cancelled
                } else if let urlError = error as? URLError {
                    switch urlError.code {
                    case .cancelled: self = .cancelled
                    case .timedOut: self = .timedOut
                    default: self = .network(code: urlError.code.rawValue)
                    }
                } else {
                    self = .network(code: URLError.Code.unknown.rawValue)
                }
            }
        }

        /// Why a 2xx answer could not be read.
        public enum ResponseReason: Sendable, Hashable {
            /// The answer was not HTTP.
            case notHTTP
            /// The body is not the service's JSON envelope (a proxy or captive portal answered?).
            case notEnvelope(status: Int)
            /// `data` is not a user the contract allows: `field` names the first field missing or
            /// of the wrong type (`(data)` when there is no user object at all).
            case missingUser(field: String)
        }

        /// Rejected before sending anything.
        case invalidInput(InputReason)
        /// The service refused, naming a reason.
        case service(ServiceReason, message: String)
        /// The service (or something in front of it) answered with a failure status and no
        /// reason this package knows; `reason` and `message` are whatever the body carried.
        case unexpectedStatus(status: Int, reason: String?, message: String?)
        /// The request never got an answer.
        case transport(TransportReason)
        /// A success status whose body could not be read.
        case response(ResponseReason)
    }
}

extension TicketExchange.Error: LocalizedError {
    /// A developer-facing explanation; not meant for end users.
    public var errorDescription: String? {
        switch self {
        case .invalidInput(.userPoolId):
            return Contract.poolIdExplanation + "; nothing was sent."
        case .invalidInput(.ticket):
            return "The ticket is not 16 to 128 characters of [A-Za-z0-9_-], which the service requires; nothing was sent."
        case .invalidInput(.codeVerifier):
            return "The code verifier is not 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636); nothing was sent."
        case let .service(reason, message) where reason.needsServerSideExchange:
            return "The pool requires its secret (\(reason.rawValue)): exchange the ticket on your server. \(message)"
        case let .service(reason, message):
            return "The ticket service refused: \(reason.rawValue) (\(reason.status)) \(message)"
        case let .unexpectedStatus(status, reason, message):
            let said = [reason, message].compactMap { $0 }.joined(separator: ": ")
            return said.isEmpty ? "HTTP \(status) from the ticket service or something in front of it." : "HTTP \(status): \(said)"
        case .transport(.cancelled):
            return "The exchange was cancelled."
        case .transport(.timedOut):
            return "The ticket service did not answer in time."
        case let .transport(.network(code)):
            return "The ticket service could not be reached (URLError \(code))."
        case .response(.notHTTP):
            return "The answer was not HTTP."
        case let .response(.notEnvelope(status)):
            return "HTTP \(status) with a body that is not the ticket service's envelope."
        case let .response(.missingUser(field)):
            return "The ticket service answered without a readable user: \(field) is missing or of the wrong type."
        }
    }
}
