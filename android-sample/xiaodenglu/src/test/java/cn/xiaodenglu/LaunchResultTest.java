package cn.xiaodenglu;

import static cn.xiaodenglu.Vectors.object;
import static cn.xiaodenglu.Vectors.repeat;
import static cn.xiaodenglu.Vectors.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LaunchResultTest {
    @TestFactory
    List<DynamicTest> parseVectors() throws Exception {
        List<DynamicTest> tests = new ArrayList<DynamicTest>();
        for (final Map<?, ?> vector : Vectors.cases("ext-msg.json", "parse")) {
            tests.add(DynamicTest.dynamicTest(string(vector, "name"), () -> {
                String extMsg = string(vector, "extMsg");
                LaunchResult result = LaunchResult.parse(extMsg);
                Map<?, ?> expect = object(vector, "expect");
                assertEquals(string(expect, "kind"), result.kind().name().toLowerCase(java.util.Locale.ROOT));
                if (result.kind() == LaunchResult.Kind.MALFORMED) {
                    assertEquals(extMsg, result.raw());
                    assertNull(result.message());
                    assertEquals(0, result.code());
                } else {
                    assertEquals(((Double) expect.get("code")).intValue(), result.code());
                    assertEquals(string(expect, "message"), result.message());
                    assertEquals(string(expect, "ticket"), result.ticket());
                }
            }));
        }
        return tests;
    }

    /**
     * Every {@code extMsg} the launcher can send reads as its code, message and ticket: the same fields the
     * seed's naive split reads (the catalogue's compatibility rule). For the two refused tickets the
     * {@code extMsg} is {@code code=500}, so it is the string, not the input, that is compared.
     */
    @TestFactory
    List<DynamicTest> everyEncodedExtMsgParses() throws Exception {
        List<DynamicTest> tests = new ArrayList<DynamicTest>();
        for (final Map<?, ?> vector : Vectors.cases("ext-msg.json", "encode")) {
            tests.add(DynamicTest.dynamicTest(string(vector, "name"), () -> {
                String extMsg = string(vector, "extMsg");
                Map<String, String> naive = naiveFields(extMsg);
                LaunchResult result = LaunchResult.parse(extMsg);
                assertNotEquals(LaunchResult.Kind.MALFORMED, result.kind());
                assertEquals(naive.get("code"), Integer.toString(result.code()));
                assertEquals(naive.get("message"), result.message());
                assertEquals(naive.get("ticket"), result.ticket());
            }));
        }
        return tests;
    }

    @Test
    void nullReadsAsEmpty() {
        assertEquals(LaunchResult.malformed(LaunchResult.MalformedReason.EMPTY, ""), LaunchResult.parse(null));
    }

    @Test
    void malformedSaysWhy() {
        Object[][] cases = {
            {"", LaunchResult.MalformedReason.EMPTY},
            {" \n\u3000", LaunchResult.MalformedReason.EMPTY},
            {"{}", LaunchResult.MalformedReason.EMPTY_JSON_OBJECT},
            {"  {}\n", LaunchResult.MalformedReason.EMPTY_JSON_OBJECT},
            {"{ }", LaunchResult.MalformedReason.NO_CODE},
            {"{\"code\":200,", LaunchResult.MalformedReason.BROKEN_JSON},
            {"{'code':200}", LaunchResult.MalformedReason.BROKEN_JSON},
            {"{\"message\":\"x\"}", LaunchResult.MalformedReason.NO_CODE},
            {"message=x", LaunchResult.MalformedReason.NO_CODE},
            {"code=ok", LaunchResult.MalformedReason.INVALID_CODE},
            {"code=099", LaunchResult.MalformedReason.INVALID_CODE},
            {"code=600", LaunchResult.MalformedReason.INVALID_CODE},
            {"code=200&message=授权成功", LaunchResult.MalformedReason.INVALID_TICKET},
            {"code=200&ticket=", LaunchResult.MalformedReason.INVALID_TICKET},
        };
        for (Object[] row : cases) {
            LaunchResult result = LaunchResult.parse((String) row[0]);
            assertEquals(row[1], result.malformedReason(), (String) row[0]);
            assertEquals(row[0], result.raw());
        }
    }

    @Test
    void jsonFormEdgeCases() {
        assertEquals(LaunchResult.cancelled("用户取消授权"), LaunchResult.parse("{\"code\":\"400\",\"message\":\"用户取消授权\"}"));
        assertEquals(LaunchResult.failure(503, ""), LaunchResult.parse("{\"code\":503.0}"));
        assertEquals(LaunchResult.failure(429, ""), LaunchResult.parse("{\"code\":4.29e2}"));
        assertEquals(LaunchResult.success("123", ""), LaunchResult.parse("{\"code\":200,\"ticket\":123}"));
        assertEquals(LaunchResult.failure(500, "x"), LaunchResult.parse("{\"code\":404,\"message\":\"y\",\"code\":500,\"message\":\"x\"}"));
        assertEquals(LaunchResult.MalformedReason.NO_CODE, LaunchResult.parse("{\"code\":true}").malformedReason());
        assertEquals(LaunchResult.MalformedReason.NO_CODE, LaunchResult.parse("{\"code\":null}").malformedReason());
        assertEquals(LaunchResult.MalformedReason.NO_CODE, LaunchResult.parse("{\"code\":1e999}").malformedReason());
        assertEquals(LaunchResult.MalformedReason.INVALID_CODE, LaunchResult.parse("{\"code\":200.5}").malformedReason());
        assertEquals(LaunchResult.MalformedReason.NO_CODE, LaunchResult.parse("null").malformedReason());
    }

    @Test
    void queryFormEdgeCases() {
        assertEquals(LaunchResult.failure(403, "a b"), LaunchResult.parse("code=403&message=a+b"));
        assertEquals(LaunchResult.failure(403, "a=b"), LaunchResult.parse("code=403&message=a=b"));
        assertEquals(LaunchResult.failure(429, ""), LaunchResult.parse("%63ode=429"));
        assertEquals(LaunchResult.failure(403, "a&b"), LaunchResult.parse("code=403&message=a%26b"));
        // A broken escape keeps the part as it came, "+" included (as sdk/ext-msg.ts does).
        assertEquals(LaunchResult.failure(500, "%E7%9+x"), LaunchResult.parse("code=500&message=%E7%9+x"));
        assertEquals(LaunchResult.failure(500, "%C0%80"), LaunchResult.parse("code=500&message=%C0%80"));
        assertEquals(LaunchResult.failure(500, "%ED%A0%80"), LaunchResult.parse("code=500&message=%ED%A0%80"));
        // A combining mark after '&' belongs to the next key.
        assertEquals(LaunchResult.failure(500, ""), LaunchResult.parse("code=500&\u0301message=x"));
        assertEquals(LaunchResult.MalformedReason.INVALID_CODE, LaunchResult.parse("code=２００").malformedReason());
        assertNull(LaunchResult.parse("code=200&ticket=" + repeat("a", 513)).ticket());
        assertEquals(repeat("a", 512), LaunchResult.parse("code=200&ticket=" + repeat("a", 512)).ticket());
    }

    /** {@code String.prototype.trim}'s set, not Java's {@code trim}: U+FEFF and U+3000 go, U+001F and U+0085 stay. */
    @Test
    void trimsWhatJavaScriptTrims() {
        assertEquals(LaunchResult.cancelled(""), LaunchResult.parse("\uFEFF\u3000code=400\u2028\u00A0"));
        assertEquals(LaunchResult.MalformedReason.NO_CODE, LaunchResult.parse("\u001Fcode=400").malformedReason());
        assertEquals(LaunchResult.MalformedReason.NO_CODE, LaunchResult.parse("\u0085code=400").malformedReason());
    }

    @Test
    void accessorsAndValueSemantics() {
        LaunchResult success = LaunchResult.parse("code=200&message=授权成功&ticket=abc");
        assertEquals(LaunchResult.Kind.SUCCESS, success.kind());
        assertEquals(200, success.code());
        assertEquals("abc", success.ticket());
        assertNull(success.malformedReason());
        assertNull(success.raw());
        assertEquals(LaunchResult.success("abc", "授权成功"), success);
        assertEquals(LaunchResult.success("abc", "授权成功").hashCode(), success.hashCode());
        assertNotEquals(LaunchResult.success("abd", "授权成功"), success);
        assertEquals(400, LaunchResult.parse("code=400").code());
        assertNull(LaunchResult.parse("code=400").ticket());
    }

    @Test
    void toStringNeverShowsTheTicket() {
        String ticket = "Zx9_-aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4yZ";
        String text = LaunchResult.parse("code=200&message=授权成功&ticket=" + ticket).toString();
        assertFalse(text.contains(ticket), text);
        assertTrue(text.contains("43 characters"), text);
        String malformed = LaunchResult.parse("code=200&ticket=" + ticket + "+").toString();
        assertFalse(malformed.contains(ticket), malformed);
    }

    /**
     * Never throws, on any input: a fixed-seed run over strings made of the pieces that matter to the parser
     * (so that some noise does read as a result) and some that do not.
     */
    @Test
    void neverThrowsOnNoise() {
        String[] pieces = {
            "code=200", "code=400", "code=503", "&ticket=abc", "&message=", "\"code\":", "code", "=", "&", "200", "%E7", "%94",
            "%", "+", "{", "}", "\"", ":", ",", "[", "]", "\\", " ", "😀", "é", "\u0301", "\u0000", "\n", "\uD800", "\uFEFF",
        };
        Random random = new Random(42);
        int read = 0;
        for (int i = 0; i < 10000; i++) {
            StringBuilder noise = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) noise.append(pieces[random.nextInt(pieces.length)]);
            String text = noise.toString();
            LaunchResult result = LaunchResult.parse(text);
            if (result.kind() == LaunchResult.Kind.MALFORMED) {
                assertEquals(text, result.raw());
                assertNull(result.message());
            } else {
                read++;
                assertEquals(result.code(), Contract.statusCode(Integer.toString(result.code())), text);
            }
            if (result.kind() == LaunchResult.Kind.SUCCESS) assertTrue(Contract.isTicket(result.ticket()), text);
        }
        assertTrue(read > 0, "no noise read as a result: the test exercises only the malformed path");
    }

    @Test
    void deepNestingIsMalformedNotAStackOverflow() {
        String deep = "{\"code\":" + repeat("[", 100000);
        assertEquals(LaunchResult.MalformedReason.BROKEN_JSON, LaunchResult.parse(deep).malformedReason());
    }

    /** The seed's parser (split on {@code &}, then on {@code =}) without its traps. */
    private static Map<String, String> naiveFields(String extMsg) {
        Map<String, String> fields = new HashMap<String, String>();
        for (String row : extMsg.split("&", -1)) {
            String[] pair = row.split("=", -1);
            if (pair.length == 2) fields.put(pair[0], pair[1]);
        }
        return fields;
    }
}
