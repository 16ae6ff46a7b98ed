package cn.xiaodenglu;

/**
 * Every machine-readable reason the ticket service names ({@code error} in its envelope), with the HTTP
 * status it comes with. Mirrors {@code ServiceErrorReason} in {@code miniprogram/core/service-api.ts} and
 * {@code STATUS_OF} in {@code server/errors.ts}; a test reads both files and keeps the lists equal.
 */
public enum ServiceReason {
    /** 422: a field failed validation; the message names it. */
    INVALID_REQUEST("invalid_request", 422),
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
    TICKET_WRONG_POOL("ticket_wrong_pool", 409);

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
