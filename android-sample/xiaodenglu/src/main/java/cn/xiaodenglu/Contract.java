package cn.xiaodenglu;

import java.nio.charset.StandardCharsets;

/**
 * The character-level rules of the 小登录 contract, shared by the launch request, the {@code extMsg}
 * parser, PKCE and the ticket exchange. They mirror the TypeScript reference ({@code sdk/launch-path.ts},
 * {@code sdk/ext-msg.ts}) and the Swift package's {@code Contract}. Every accepted character is ASCII,
 * so checking UTF-16 {@code char}s is the same as checking UTF-8 bytes.
 */
final class Contract {
    /** What the errors say about a value that is not a pool id. */
    static final String POOL_ID_EXPLANATION = "userPoolId must be the 24 lowercase hex characters of a user pool id";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Contract() {}

    /** A user pool id: exactly 24 lowercase hex digits ({@code ^[0-9a-f]{24}$}). */
    static boolean isPoolId(String text) {
        if (text == null || text.length() != 24) return false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isDigit(c) && !(c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    /**
     * A ticket as {@code extMsg} may carry it: 1 to 512 characters of {@code [A-Za-z0-9_-]}
     * ({@code TICKET_PATTERN} in {@code miniprogram/core/ext-msg.ts}).
     */
    static boolean isTicket(String text) {
        return isTicketText(text, 1, 512);
    }

    /**
     * A ticket the service can exchange: 16 to 128 characters of {@code [A-Za-z0-9_-]} (the exchange
     * body's schema; the service refuses anything else with 422 before looking at it).
     */
    static boolean isExchangeableTicket(String text) {
        return isTicketText(text, 16, 128);
    }

    /** An S256 code challenge: BASE64URL(SHA-256(…)) without padding is always 43 characters of {@code [A-Za-z0-9_-]}. */
    static boolean isS256Challenge(String text) {
        return isTicketText(text, 43, 43);
    }

    /** A mini-program's original id: {@code gh_} then 1 to 64 ASCII letters or digits. */
    static boolean isOriginalId(String text) {
        if (text == null || text.length() < 4 || text.length() > 67 || !text.startsWith("gh_")) return false;
        for (int i = 3; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isDigit(c) && !isLetter(c)) return false;
        }
        return true;
    }

    /** Starts with {@code wx}, as every AppID does: what people most often put where the original id belongs. */
    static boolean looksLikeAppId(String text) {
        return text != null && text.startsWith("wx");
    }

    /**
     * The status code of an {@code extMsg}: three ASCII digits, the first 1 to 5 ({@code ^[1-5][0-9]{2}$}).
     *
     * @return the code, or 0 when {@code text} is not one
     */
    static int statusCode(String text) {
        if (text == null || text.length() != 3) return 0;
        char first = text.charAt(0);
        if (first < '1' || first > '5' || !isDigit(text.charAt(1)) || !isDigit(text.charAt(2))) return 0;
        return (first - '0') * 100 + (text.charAt(1) - '0') * 10 + (text.charAt(2) - '0');
    }

    /**
     * JavaScript's {@code encodeURIComponent}: every UTF-8 byte except {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )}
     * becomes {@code %XX} (uppercase hex). The values this library sends are validated ASCII; on other
     * text it never fails either: a lone surrogate, on which {@code encodeURIComponent} throws, becomes
     * {@code %3F} ({@code ?}, what {@link String#getBytes} substitutes).
     */
    static String percentEncoded(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (isTicketChar(c) || ".!~*'()".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0x0F]).append(HEX[b & 0x0F]);
            }
        }
        return out.toString();
    }

    /** {@code [A-Za-z0-9_-]} */
    static boolean isTicketChar(char c) {
        return isDigit(c) || isLetter(c) || c == '_' || c == '-';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code [A-Za-z]} */
    static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isTicketText(String text, int minLength, int maxLength) {
        if (text == null || text.length() < minLength || text.length() > maxLength) return false;
        for (int i = 0; i < text.length(); i++) {
            if (!isTicketChar(text.charAt(i))) return false;
        }
        return true;
    }
}
