package cn.xiaodenglu;

import static cn.xiaodenglu.Vectors.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PkceTest {
    /** The vectors' names for the refusals. */
    private static final Map<String, InvalidVerifierException.Reason> REFUSALS = new HashMap<String, InvalidVerifierException.Reason>();

    static {
        REFUSALS.put("badCharacter", InvalidVerifierException.Reason.BAD_CHARACTER);
        REFUSALS.put("tooShort", InvalidVerifierException.Reason.TOO_SHORT);
        REFUSALS.put("tooLong", InvalidVerifierException.Reason.TOO_LONG);
    }

    @TestFactory
    List<DynamicTest> s256Vectors() throws Exception {
        List<DynamicTest> tests = new ArrayList<DynamicTest>();
        for (final Map<?, ?> vector : Vectors.cases("pkce.json", "s256")) {
            tests.add(DynamicTest.dynamicTest(string(vector, "name"), () -> {
                String verifier = string(vector, "verifier");
                String challenge = string(vector, "challenge");
                if (challenge != null) {
                    assertEquals(challenge, Pkce.challenge(verifier));
                    assertNull(Pkce.problemWith(verifier));
                } else {
                    InvalidVerifierException.Reason expected = REFUSALS.get(string(vector, "error"));
                    InvalidVerifierException error = assertThrows(InvalidVerifierException.class, () -> Pkce.challenge(verifier));
                    assertEquals(expected, error.reason());
                }
            }));
        }
        return tests;
    }

    @Test
    void aNullVerifierIsTooShort() {
        assertEquals(InvalidVerifierException.Reason.TOO_SHORT, assertThrows(InvalidVerifierException.class, () -> Pkce.challenge(null)).reason());
    }

    /** 32 bytes, base64url: the vector "the bytes 0 to 31" is what the generator makes of those bytes. */
    @Test
    void theDefaultVerifierIs32BytesInBase64url() {
        final List<Integer> requested = new ArrayList<Integer>();
        Random counting = new Random() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                requested.add(bytes.length);
                for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) i;
            }
        };
        assertEquals("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", Pkce.newVerifier(counting, Pkce.MIN_VERIFIER_LENGTH));
        assertEquals(1, requested.size());
        assertEquals(32, (int) requested.get(0));
    }

    @Test
    void everyLengthFrom43To128MakesAValidVerifier() {
        Random random = new Random(42);
        for (int length = Pkce.MIN_VERIFIER_LENGTH; length <= Pkce.MAX_VERIFIER_LENGTH; length++) {
            String verifier = Pkce.newVerifier(random, length);
            assertEquals(length, verifier.length());
            assertNull(Pkce.problemWith(verifier), verifier);
        }
        assertThrows(IllegalArgumentException.class, () -> Pkce.newVerifier(42));
        assertThrows(IllegalArgumentException.class, () -> Pkce.newVerifier(129));
    }

    @Test
    void thePublicGeneratorsMakeValidVerifiers() {
        String verifier = Pkce.newVerifier();
        assertEquals(43, verifier.length());
        assertNull(Pkce.problemWith(verifier));
        assertEquals(128, Pkce.newVerifier(128).length());
    }

    /** RFC 4648 §10's vectors, the two URL-safe characters, and {@code java.util.Base64} (a JVM has it; Android below API 26 does not). */
    @Test
    void base64urlWithoutPadding() {
        String[][] rfc4648 = {{"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"}, {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
        for (String[] row : rfc4648) assertEquals(row[1], Pkce.base64Url(row[0].getBytes(StandardCharsets.US_ASCII)), row[0]);
        assertEquals("-_8", Pkce.base64Url(new byte[] {(byte) 0xFB, (byte) 0xFF}));
        Random random = new Random(42);
        for (int length = 0; length <= 100; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), Pkce.base64Url(bytes));
        }
    }
}
