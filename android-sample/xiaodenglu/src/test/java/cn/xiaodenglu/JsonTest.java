package cn.xiaodenglu;

import static cn.xiaodenglu.Vectors.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsEveryKindOfValue() throws Exception {
        Map<String, Object> expected = new LinkedHashMap<String, Object>();
        expected.put("s", "a\"\\/\b\f\n\r\t\u00e9\ud83d\ude00");
        expected.put("n", -12.5e-1);
        expected.put("i", 0.0);
        expected.put("t", Boolean.TRUE);
        expected.put("f", Boolean.FALSE);
        expected.put("z", Json.NULL);
        expected.put("a", Arrays.<Object>asList(1.0, Collections.emptyList(), Collections.emptyMap()));
        Object parsed = Json.parse(" {\"s\":\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\", \"n\":-12.5e-1,\"i\":0,"
                + "\"t\":true,\"f\":false,\"z\":null,\"a\":[1,[],{}]}\r\n\t");
        assertEquals(expected, parsed);
        assertEquals(new ArrayList<String>(expected.keySet()), new ArrayList<Object>(((Map<?, ?>) parsed).keySet()));
    }

    @Test
    void scalarsAtTheTopLevel() throws Exception {
        assertEquals("x", Json.parse("\"x\""));
        assertEquals(1e2, Json.parse("1E+2"));
        assertEquals(Double.POSITIVE_INFINITY, Json.parse("1e999"));
        assertSame(Json.NULL, Json.parse("null"));
        assertEquals("\ud800", Json.parse("\"\\ud800\""), "a lone surrogate escape is kept, as JSON.parse does");
    }

    @Test
    void aRepeatedKeyKeepsTheLastValue() throws Exception {
        assertEquals(Collections.singletonMap("k", 2.0), Json.parse("{\"k\":1,\"k\":2}"));
    }

    /** What {@code JSON.parse} refuses (each checked with node), plus nesting beyond {@link Json#MAX_DEPTH}. */
    @Test
    void refusesWhatJsonParseRefuses() {
        String[] notJson = {
            "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{'a':1}", "{a:1}", "// c\n1", "01", "-", "+1", "1.", ".5", "1e", "1e+",
            "0x10", "NaN", "Infinity", "-Infinity", "tru", "nul", "\"a", "\"\\x\"", "\"\\u12\"", "\"\\u00G0\"", "\"\\u０0041\"",
            "\"\t\"", "\"\u0000\"", "{} x", "[1] [2]", "\u00A0{}", "\uFEFF{}", "{\"a\" 1}", "[1 2]", "\"\\", "{\"a\":}",
        };
        for (String text : notJson) {
            assertThrows(Json.SyntaxError.class, () -> Json.parse(text), text);
        }
        assertThrows(Json.SyntaxError.class, () -> Json.parse(null));
    }

    @Test
    void nestingIsLimited() throws Exception {
        String deepest = repeat("[", Json.MAX_DEPTH) + repeat("]", Json.MAX_DEPTH);
        assertTrue(Json.parse(deepest) instanceof List);
        String tooDeep = repeat("[", Json.MAX_DEPTH + 1) + repeat("]", Json.MAX_DEPTH + 1);
        assertThrows(Json.SyntaxError.class, () -> Json.parse(tooDeep));
        assertThrows(Json.SyntaxError.class, () -> Json.parse(repeat("{\"a\":", 100000)));
    }

    /** Throws nothing but {@link Json.SyntaxError}, whatever the input: a fixed-seed run over JSON-ish noise. */
    @Test
    void neverThrowsAnythingElse() {
        String alphabet = "{}[]\":,\\/ubfnrt0123456789-+.eEtruefalsn \n\u00e9\ud83d";
        Random random = new Random(42);
        int parsed = 0;
        for (int i = 0; i < 10000; i++) {
            StringBuilder noise = new StringBuilder();
            int length = random.nextInt(24);
            for (int j = 0; j < length; j++) noise.append(alphabet.charAt(random.nextInt(alphabet.length())));
            try {
                Json.parse(noise.toString());
                parsed++;
            } catch (Json.SyntaxError expected) {
                // refused: fine
            }
        }
        assertTrue(parsed > 0, "the noise was never JSON: it tests nothing but the refusals");
    }
}
