package cn.xiaodenglu;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Splits a raw {@code extMsg} into its fields. Mirrors {@code sdk/ext-msg.ts} and the Swift package: the
 * query form is split on {@code &}, each part at its first {@code =}, {@code +} read as a space and
 * percent-decoded once (a broken escape keeps the part as it came); the first occurrence of a key wins.
 * The JSON form keeps string and finite number members.
 */
final class ExtMsgFields {
    private ExtMsgFields() {}

    /** JavaScript's {@code String.prototype.trim}: its WhiteSpace and LineTerminator characters, not Java's {@code trim}. */
    static String trimmed(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && isJavaScriptWhitespace(raw.charAt(start))) start++;
        while (end > start && isJavaScriptWhitespace(raw.charAt(end - 1))) end--;
        return raw.substring(start, end);
    }

    static Map<String, String> ofQuery(String text) {
        Map<String, String> fields = new HashMap<String, String>();
        int start = 0;
        while (start <= text.length()) {
            int amp = text.indexOf('&', start);
            int end = amp < 0 ? text.length() : amp;
            if (end > start) {
                String part = text.substring(start, end);
                int equals = part.indexOf('=');
                String key = decoded(equals < 0 ? part : part.substring(0, equals));
                String value = equals < 0 ? "" : decoded(part.substring(equals + 1));
                if (!fields.containsKey(key)) fields.put(key, value);
            }
            start = end + 1;
        }
        return fields;
    }

    /** The string and finite number members, or {@code null} unless {@code text} is a JSON object. */
    static Map<String, String> ofJsonObject(String text) {
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.SyntaxError notJson) {
            return null;
        }
        if (!(parsed instanceof Map)) return null;
        Map<String, String> fields = new HashMap<String, String>();
        for (Map.Entry<?, ?> member : ((Map<?, ?>) parsed).entrySet()) {
            Object value = member.getValue();
            if (value instanceof String) {
                fields.put((String) member.getKey(), (String) value);
            } else if (value instanceof Double && !((Double) value).isInfinite()) {
                fields.put((String) member.getKey(), javaScriptString((Double) value));
            }
        }
        return fields;
    }

    /**
     * {@code String(n)} in JavaScript for the numbers a code or ticket can be: integers print plainly.
     * Other numbers use Java's form, which differs from JavaScript's (e.g. {@code 1.0E21}); no valid code
     * or ticket is such a number.
     */
    private static String javaScriptString(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 9007199254740992.0) return Long.toString((long) value);
        return Double.toString(value);
    }

    /** {@code decodeURIComponent(part.replace(/\+/g, ' '))}, or the part unchanged when that fails. */
    private static String decoded(String part) {
        String spaced = part.replace('+', ' ');
        StringBuilder out = new StringBuilder(spaced.length());
        int i = 0;
        while (i < spaced.length()) {
            if (spaced.charAt(i) != '%') {
                out.append(spaced.charAt(i++));
                continue;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (i < spaced.length() && spaced.charAt(i) == '%') {
                if (i + 2 >= spaced.length()) return part;
                int high = hexValue(spaced.charAt(i + 1));
                int low = hexValue(spaced.charAt(i + 2));
                if (high < 0 || low < 0) return part;
                bytes.write(high * 16 + low);
                i += 3;
            }
            try {
                out.append(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray())));
            } catch (CharacterCodingException notUtf8) {
                return part;
            }
        }
        return out.toString();
    }

    private static int hexValue(char c) {
        if (Contract.isDigit(c)) return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static boolean isJavaScriptWhitespace(char c) {
        switch (c) {
            case '\t': case '\n': case '\u000B': case '\f': case '\r': case ' ':
            case '\u00A0': case '\u1680': case '\u2028': case '\u2029': case '\u202F':
            case '\u205F': case '\u3000': case '\uFEFF':
                return true;
            default:
                return c >= '\u2000' && c <= '\u200A';
        }
    }
}
