package cn.xiaodenglu;

import java.util.Map;
import java.util.Objects;

/**
 * The user a ticket was exchanged for ({@code data} of {@code POST /oauth/app2wxapp/auth/:userPoolId}).
 *
 * <p>Only {@link #id()} and {@link #token()} are required; every other field is {@code null} when absent,
 * JSON {@code null} or of an unexpected type, and unknown fields are ignored, so a service that adds or
 * drops a field does not break the app. Instants are ISO 8601 strings as sent. Immutable;
 * {@link #toString()} never shows the token.
 */
public final class ExchangedUser {
    private final String id;
    private final String token;
    private final String tokenExpiredAt;
    private final String phone;
    private final String phoneCountryCode;
    private final String openid;
    private final String unionid;
    private final String nickname;
    private final String photo;
    private final String registerMethod;
    private final Integer loginsCount;
    private final String lastLogin;
    private final String signedUp;
    private final String lastIP;
    private final Boolean blocked;

    private ExchangedUser(Map<?, ?> data, String id, String token) {
        this.id = id;
        this.token = token;
        this.tokenExpiredAt = string(data, "tokenExpiredAt");
        this.phone = string(data, "phone");
        this.phoneCountryCode = string(data, "phoneCountryCode");
        this.openid = string(data, "openid");
        this.unionid = string(data, "unionid");
        this.nickname = string(data, "nickname");
        this.photo = string(data, "photo");
        this.registerMethod = string(data, "registerMethod");
        this.loginsCount = integer(data, "loginsCount");
        this.lastLogin = string(data, "lastLogin");
        this.signedUp = string(data, "signedUp");
        this.lastIP = string(data, "lastIP");
        Object blockedValue = data.get("blocked");
        this.blocked = blockedValue instanceof Boolean ? (Boolean) blockedValue : null;
    }

    /** The user in {@code data}, or {@code null} when it has no string {@code _id} and {@code token}. */
    static ExchangedUser fromJson(Map<?, ?> data) {
        String id = string(data, "_id");
        String token = string(data, "token");
        if (id == null || token == null) return null;
        return new ExchangedUser(data, id, token);
    }

    /** The user's id ({@code _id}). */
    public String id() {
        return id;
    }

    /** The login token for your own API calls (an ES256 JWT the service's JWKS verifies). Never log it. */
    public String token() {
        return token;
    }

    /** When {@link #token()} expires (ISO 8601), or {@code null}. */
    public String tokenExpiredAt() {
        return tokenExpiredAt;
    }

    /** The phone number, when the login asked for it or the account has one; otherwise {@code null}. */
    public String phone() {
        return phone;
    }

    /** The phone's country code, e.g. {@code 86}, or {@code null}. */
    public String phoneCountryCode() {
        return phoneCountryCode;
    }

    /** The WeChat openid for the mini-program that logged the user in, or {@code null}. */
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

    /** How the account was created ({@code oauth:app2wxapp} for this flow), or {@code null}. */
    public String registerMethod() {
        return registerMethod;
    }

    /** How many times the user has logged in, or {@code null}. */
    public Integer loginsCount() {
        return loginsCount;
    }

    /** The previous login (ISO 8601), or {@code null}. */
    public String lastLogin() {
        return lastLogin;
    }

    /** When the account was created (ISO 8601), or {@code null}. */
    public String signedUp() {
        return signedUp;
    }

    /** The IP address of the last login, or {@code null}. */
    public String lastIP() {
        return lastIP;
    }

    /** Whether the account is blocked, or {@code null}. */
    public Boolean blocked() {
        return blocked;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof ExchangedUser)) return false;
        ExchangedUser that = (ExchangedUser) other;
        return id.equals(that.id) && token.equals(that.token)
                && Objects.equals(tokenExpiredAt, that.tokenExpiredAt) && Objects.equals(phone, that.phone)
                && Objects.equals(phoneCountryCode, that.phoneCountryCode) && Objects.equals(openid, that.openid)
                && Objects.equals(unionid, that.unionid) && Objects.equals(nickname, that.nickname)
                && Objects.equals(photo, that.photo) && Objects.equals(registerMethod, that.registerMethod)
                && Objects.equals(loginsCount, that.loginsCount) && Objects.equals(lastLogin, that.lastLogin)
                && Objects.equals(signedUp, that.signedUp) && Objects.equals(lastIP, that.lastIP)
                && Objects.equals(blocked, that.blocked);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, token, tokenExpiredAt, phone, phoneCountryCode, openid, unionid, nickname, photo,
                registerMethod, loginsCount, lastLogin, signedUp, lastIP, blocked);
    }

    /** The id only: the other fields are personal data and the token a credential. */
    @Override
    public String toString() {
        return "ExchangedUser(id: " + id + ")";
    }

    private static String string(Map<?, ?> data, String key) {
        Object value = data.get(key);
        return value instanceof String ? (String) value : null;
    }

    /** A whole number that fits an {@code int}, or {@code null}. */
    private static Integer integer(Map<?, ?> data, String key) {
        Object value = data.get(key);
        if (!(value instanceof Double)) return null;
        double number = (Double) value;
        if (number != Math.rint(number) || number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) return null;
        return (int) number;
    }
}
