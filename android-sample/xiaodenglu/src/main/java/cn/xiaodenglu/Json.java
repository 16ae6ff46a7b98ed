package cn.xiaodenglu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader: accepts exactly what JavaScript's {@code JSON.parse} accepts (RFC 8259).
 *
 * <p>Why not a library: a plain JVM has no JSON parser, Android's built-in {@code org.json} does not exist
 * there (and is lenient: it takes single quotes, comments, unquoted keys), and this core has no
 * third-party dependency. Values come back as {@link Map} (keys in order; a repeated key keeps the last
 * value, as {@code JSON.parse} does), {@link List}, {@link String}, {@link Double}, {@link Boolean} or
 * {@link #NULL}. Nesting deeper than {@link #MAX_DEPTH} is refused, so no input can overflow the stack.
 * {@link #parse} throws nothing but {@link SyntaxError}.
 */
final class Json {
    /** JSON {@code null}, distinct from an absent member ({@code Map.get} returns Java {@code null}). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Deepest nesting of arrays and objects accepted; the service's envelope needs 2, an {@code extMsg} 1. */
    static final int MAX_DEPTH = 64;

    /** The text is not JSON. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String problem, int offset) {
            super(problem + " at offset " + offset);
        }
    }

    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    /** Reads one JSON value that makes up the whole of {@code text} (whitespace around it allowed). */
    static Object parse(String text) throws SyntaxError {
        if (text == null) throw new SyntaxError("no text", 0);
        Json reader = new Json(text);
        reader.skipWhitespace();
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.at != text.length()) throw new SyntaxError("unexpected text after the value", reader.at);
        return value;
    }

    private Object value(int depth) throws SyntaxError {
        if (at >= text.length()) throw new SyntaxError("unexpected end", at);
        char c = text.charAt(at);
        switch (c) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", NULL);
            default:
                if (c == '-' || Contract.isDigit(c)) return number();
                throw new SyntaxError("unexpected character", at);
        }
    }

    private Map<String, Object> object(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) throw new SyntaxError("nested too deeply", at);
        at++; // {
        Map<String, Object> members = new LinkedHashMap<String, Object>();
        skipWhitespace();
        if (consume('}')) return members;
        do {
            skipWhitespace();
            if (at >= text.length() || text.charAt(at) != '"') throw new SyntaxError("expected a member name", at);
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            members.put(key, value(depth));
            skipWhitespace();
        } while (consume(','));
        expect('}');
        return members;
    }

    private List<Object> array(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) throw new SyntaxError("nested too deeply", at);
        at++; // [
        List<Object> elements = new ArrayList<Object>();
        skipWhitespace();
        if (consume(']')) return elements;
        do {
            skipWhitespace();
            elements.add(value(depth));
            skipWhitespace();
        } while (consume(','));
        expect(']');
        return elements;
    }

    private String string() throws SyntaxError {
        at++; // opening quote
        StringBuilder out = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') return out.toString();
            if (c < 0x20) throw new SyntaxError("control character in a string", at - 1);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) break;
            char escape = text.charAt(at++);
            switch (escape) {
                case '"': out.append('"'); break;
                case '\\': out.append('\\'); break;
                case '/': out.append('/'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u': out.append(unicodeEscape()); break;
                default: throw new SyntaxError("invalid escape", at - 1);
            }
        }
        throw new SyntaxError("unterminated string", at);
    }

    /** The four hex digits after {@code \\u}; a lone surrogate is kept, as {@code JSON.parse} does. */
    private char unicodeEscape() throws SyntaxError {
        if (at + 4 > text.length()) throw new SyntaxError("short \\u escape", at);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at + i), 16);
            // Character.digit also reads non-ASCII digits, which JSON does not allow.
            if (digit < 0 || text.charAt(at + i) > 'f') throw new SyntaxError("invalid \\u escape", at + i);
            value = value * 16 + digit;
        }
        at += 4;
        return (char) value;
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
    private Double number() throws SyntaxError {
        int start = at;
        consume('-');
        // A leading 0 stands alone: "01" leaves "1" unread, which the caller refuses.
        if (!consume('0') && !digits()) throw new SyntaxError("expected a digit", at);
        if (consume('.') && !digits()) throw new SyntaxError("expected a digit after '.'", at);
        if (consume('e') || consume('E')) {
            if (!consume('+')) consume('-');
            if (!digits()) throw new SyntaxError("expected an exponent", at);
        }
        return Double.valueOf(text.substring(start, at));
    }

    /** Consumes {@code [0-9]+}; false when there is none. */
    private boolean digits() {
        int start = at;
        while (at < text.length() && Contract.isDigit(text.charAt(at))) at++;
        return at > start;
    }

    private Object literal(String word, Object value) throws SyntaxError {
        if (!text.startsWith(word, at)) throw new SyntaxError("unexpected character", at);
        at += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            at++;
        }
    }

    private boolean consume(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws SyntaxError {
        if (!consume(c)) throw new SyntaxError("expected '" + c + "'", at);
    }
}
