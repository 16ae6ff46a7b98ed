package cn.xiaodenglu;

/**
 * Every machine-readable reason the ticket service names ({@code error} in its envelope), with the HTTP
 * status it comes with. The list is the contract's ({@code REASON_STATUS} in
 * {@code miniprogram/contract/reasons.ts}); a test holds it to {@code test/vectors/service.json}, which
 * {@code npm run vectors} writes from that table.
 */
public enum ServiceReason {
    /** 422: a field failed validation; the message names it. */
    INVALID_REQUEST("invalid_request", 422),
    /** 400: the body was not JSON, or the request not HTTP. */
    BAD_REQUEST("bad_request", 400),
    /** 404: no such route: check the service URL. */
    ROUTE_NOT_FOUND("route_not_found", 404),
    /** 413: the request body is too large. */
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    /** 414: a path segment is too long. */
    URI_TOO_LONG("uri_too_long", 414),
    /** 415: the body was not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    /** 431: the request headers are too large. */
    HEADERS_TOO_LARGE("headers_too_large", 431),
    /** 503: the service is stopping; another replica answers. */
    DRAINING("draining", 503),
    /** 401: {@code /metrics} without the operator's token (not an app's concern). */
    METRICS_TOKEN_INVALID("metrics_token_invalid", 401),
    /** 404: no such user pool. */
    POOL_NOT_FOUND("pool_not_found", 404),
    /** 401: the mini-program's session lapsed (mini-program calls only). */
    SESSION_EXPIRED("session_expired", 401),
    /** 401: WeChat refused the {@code wx.login} code (mini-program calls only). */
    LOGIN_CODE_INVALID("login_code_invalid", 401),
    /** 422: the phone proof was refused (mini-program calls only). */
    PHONE_PROOF_INVALID("phone_proof_invalid", 422),
    /** 409: no verified phone on the account (mini-program calls only). */
    NO_KNOWN_PHONE("no_known_phone", 409),
    /** 403: the pool admits existing accounts only and this user has none. */
    LOGIN_ONLY("login_only", 403),
    /** 403: the account is blocked. */
    ACCOUNT_BLOCKED("account_blocked", 403),
    /** 403: the request came from another mini-program than the pool uses. */
    WRONG_WXAPP("wrong_wxapp", 403),
    /** 403: {@code useSelfWxapp=1} but the pool has no own mini-program configured. */
    SELF_WXAPP_UNAVAILABLE("self_wxapp_unavailable", 403),
    /** 429: too many requests; retry later. */
    RATE_LIMITED("rate_limited", 429),
    /** 503: WeChat is unavailable; retry later. */
    WECHAT_UNAVAILABLE("wechat_unavailable", 503),
    /** 503: the service's database does not answer or cannot write right now; retry later. */
    STORE_UNAVAILABLE("store_unavailable", 503),
    /** 500: the service failed. */
    INTERNAL("internal", 500),
    /** 401: the pool requires its secret for an exchange: exchange on your server. */
    SECRET_REQUIRED("secret_required", 401),
    /** 401: the secret sent was wrong (never from this client, which sends none). */
    SECRET_INVALID("secret_invalid", 401),
    /**
     * 400: the ticket cannot be used (unknown, expired, used or another pool's): what a caller without the
     * secret, such as this client, sees for any of these. Log in again.
     */
    TICKET_INVALID("ticket_invalid", 400),
    /** 404: no such ticket. Only with the secret (server-side exchange); this client gets {@link #TICKET_INVALID}. */
    TICKET_NOT_FOUND("ticket_not_found", 404),
    /** 410: the ticket expired. Only with the secret (server-side exchange); this client gets {@link #TICKET_INVALID}. */
    TICKET_EXPIRED("ticket_expired", 410),
    /** 409: the ticket was already exchanged. Only with the secret (server-side exchange); this client gets {@link #TICKET_INVALID}. */
    TICKET_USED("ticket_used", 409),
    /** 409: the ticket belongs to another pool. Only with the secret (server-side exchange); this client gets {@link #TICKET_INVALID}. */
    TICKET_WRONG_POOL("ticket_wrong_pool", 409),
    /** 422: the pool binds tickets to the launching app and the launch had no {@code codeChallenge} (mini-program calls only). */
    CODE_CHALLENGE_REQUIRED("code_challenge_required", 422),
    /** 400: the ticket was issued with a {@code codeChallenge}: send its {@code codeVerifier} (the ticket is kept). */
    CODE_VERIFIER_REQUIRED("code_verifier_required", 400),
    /**
     * 400: the {@code codeVerifier} does not match the ticket's challenge, or the ticket was issued without
     * one (the ticket is kept).
     */
    CODE_VERIFIER_INVALID("code_verifier_invalid", 400),
    // The operator console's admin API (docs/console.md): not an app's concern, listed so every reason is known.
    /** 401: no admin session, or it ended, and no valid admin API token. */
    ADMIN_UNAUTHORIZED("admin_unauthorized", 401),
    /** 401: the admin name or password is wrong. */
    ADMIN_SIGN_IN_FAILED("admin_sign_in_failed", 401),
    /** 403: a console change without its session's CSRF token. */
    CSRF_TOKEN_INVALID("csrf_token_invalid", 403),
    /** 404: no user with that id (admin API). */
    USER_NOT_FOUND("user_not_found", 404);

    private final String wireName;
    private final int status;

    ServiceReason(String wireName, int status) {
        this.wireName = wireName;
        this.status = status;
    }

    /** The name on the wire, e.g. {@code ticket_invalid}. */
    public String wireName() {
        return wireName;
    }

    /** The HTTP status the service answers with for this reason. */
    public int status() {
        return status;
    }

    /** The ticket is spent or unusable: start a new login to get another. */
    public boolean needsNewLogin() {
        switch (this) {
            case TICKET_INVALID: case TICKET_NOT_FOUND: case TICKET_EXPIRED: case TICKET_USED: case TICKET_WRONG_POOL:
                return true;
            default:
                return false;
        }
    }

    /** The pool requires its secret: the exchange belongs on your server, not in the app. */
    public boolean needsServerSideExchange() {
        return this == SECRET_REQUIRED || this == SECRET_INVALID;
    }

    /** The reason named {@code wireName}, or {@code null} for a name this library does not know. */
    public static ServiceReason fromWireName(String wireName) {
        for (ServiceReason reason : values()) {
            if (reason.wireName.equals(wireName)) return reason;
        }
        return null;
    }
}
