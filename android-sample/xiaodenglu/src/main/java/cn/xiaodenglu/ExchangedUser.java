package cn.xiaodenglu;

import java.util.Map;
import java.util.Objects;

/**
 * The user a ticket was exchanged for ({@code data} of {@code POST /oauth/app2wxapp/auth/:userPoolId}).
 *
 * <p>Read from every shape the exchange has answered in: Authing's 小登录, this service 0.1.0 ({@code null}
 * for an unknown string) and now ({@code ""} for an unknown string, plus Authing's other fields). An
 * unknown string reads as {@code null} whichever way it was sent, so every shape gives the same user; a
 * field of the wrong type is refused, and unknown fields are ignored. The rules are those of
 * {@code sdk/exchanged-user.ts} and the Swift package, held to {@code test/vectors/exchanged-user.json}.
 * Instants are ISO 8601 strings as sent. Immutable; {@link #toString()} never shows the token.
 */
public final class ExchangedUser {
    private final String id;
    private final String phone;
    private final String phoneCountryCode;
    private final String openid;
    private final String unionid;
    private final String nickname;
    private final String photo;
    private final int loginsCount;
    private final String lastLogin;
    private final String signedUp;
    private final String lastIP;
    private final boolean blocked;
    private final String token;
    private final String tokenExpiredAt;

    /** A field of {@code data} that is missing or not what the contract says; {@code (data)} when it is not an object. */
    static final class UnreadableField extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        UnreadableField(String field) {
            super(field, null, false, false);
            this.field = field;
        }
    }

    /** Fields are read in the order {@code sdk/exchanged-user.ts} reads them, so all name the same first refusal. */
    private ExchangedUser(Map<?, ?> data) throws UnreadableField {
        this.loginsCount = count(data, "loginsCount");
        Object blockedValue = data.get("blocked");
        if (blockedValue != null && blockedValue != Json.NULL && !(blockedValue instanceof Boolean)) throw new UnreadableField("blocked");
        this.blocked = Boolean.TRUE.equals(blockedValue);
        this.id = required(data, "_id");
        this.phone = optional(data, "phone");
        this.phoneCountryCode = optional(data, "phoneCountryCode");
        this.openid = required(data, "openid");
        this.unionid = optional(data, "unionid");
        this.nickname = optional(data, "nickname");
        this.photo = optional(data, "photo");
        this.lastLogin = optional(data, "lastLogin");
        this.signedUp = required(data, "signedUp");
        this.lastIP = optional(data, "lastIP");
        this.token = required(data, "token");
        this.tokenExpiredAt = required(data, "tokenExpiredAt");
    }

    /**
     * The user in {@code data} (a parsed JSON value, as {@link Json#parse} makes it).
     *
     * @throws UnreadableField naming the first field that is missing or of the wrong type
     */
    static ExchangedUser read(Object data) throws UnreadableField {
        if (!(data instanceof Map)) throw new UnreadableField("(data)");
        return new ExchangedUser((Map<?, ?>) data);
    }

    /** The user's id ({@code _id}). */
    public String id() {
        return id;
    }

    /** The phone number, when the login asked for it or the account has one; otherwise {@code null}. */
    public String phone() {
        return phone;
    }

    /** The phone's country code, e.g. {@code +86}, or {@code null}. */
    public String phoneCountryCode() {
        return phoneCountryCode;
    }

    /** The WeChat openid for the mini-program that logged the user in. */
    public String openid() {
        return openid;
    }

    /** The WeChat unionid, when the mini-program is bound to an Open Platform account; otherwise {@code null}. */
    public String unionid() {
        return unionid;
    }

    /** The nickname, or {@code null}. */
    public String nickname() {
        return nickname;
    }

    /** The avatar URL, or {@code null}. */
    public String photo() {
        return photo;
    }

    /** How many times the user has logged in. */
    public int loginsCount() {
        return loginsCount;
    }

    /** The previous login (ISO 8601), or {@code null}. */
    public String lastLogin() {
        return lastLogin;
    }

    /** When the account was created (ISO 8601). */
    public String signedUp() {
        return signedUp;
    }

    /** The IP address of the last login, or {@code null}. */
    public String lastIP() {
        return lastIP;
    }

    /** Whether the account is blocked ({@code false} when the answer does not say). */
    public boolean blocked() {
        return blocked;
    }

    /** The login token for your own API calls (an ES256 JWT the service's JWKS verifies). Never log it. */
    public String token() {
        return token;
    }

    /** When {@link #token()} expires (ISO 8601). */
    public String tokenExpiredAt() {
        return tokenExpiredAt;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof ExchangedUser)) return false;
        ExchangedUser that = (ExchangedUser) other;
        return id.equals(that.id) && token.equals(that.token) && tokenExpiredAt.equals(that.tokenExpiredAt)
                && Objects.equals(phone, that.phone) && Objects.equals(phoneCountryCode, that.phoneCountryCode)
                && openid.equals(that.openid) && Objects.equals(unionid, that.unionid)
                && Objects.equals(nickname, that.nickname) && Objects.equals(photo, that.photo)
                && loginsCount == that.loginsCount && Objects.equals(lastLogin, that.lastLogin)
                && signedUp.equals(that.signedUp) && Objects.equals(lastIP, that.lastIP) && blocked == that.blocked;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, token, tokenExpiredAt, phone, phoneCountryCode, openid, unionid, nickname, photo,
                loginsCount, lastLogin, signedUp, lastIP, blocked);
    }

    /** The id only: the other fields are personal data and the token a credential. */
    @Override
    public String toString() {
        return "ExchangedUser(id: " + id + ")";
    }

    /** A non-empty string. */
    private static String required(Map<?, ?> data, String key) throws UnreadableField {
        Object value = data.get(key);
        if (!(value instanceof String) || ((String) value).isEmpty()) throw new UnreadableField(key);
        return (String) value;
    }

    /** A string; absent, JSON {@code null} and {@code ""} (both ways of saying unknown) read as {@code null}. */
    private static String optional(Map<?, ?> data, String key) throws UnreadableField {
        Object value = data.get(key);
        if (value == null || value == Json.NULL || "".equals(value)) return null;
        if (!(value instanceof String)) throw new UnreadableField(key);
        return (String) value;
    }

    /** A whole number from 0 that fits an {@code int}. */
    private static int count(Map<?, ?> data, String key) throws UnreadableField {
        Object value = data.get(key);
        if (!(value instanceof Double)) throw new UnreadableField(key);
        double number = (Double) value;
        if (number != Math.rint(number) || number < 0 || number > Integer.MAX_VALUE) throw new UnreadableField(key);
        return (int) number;
    }
}
