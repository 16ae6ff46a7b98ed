package cn.xiaodenglu;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Random;

/**
 * PKCE (RFC 7636, method S256) for binding a ticket to the app that launched the login: the app makes a
 * verifier per login, sends its challenge in the launch path ({@link LaunchRequest.Builder#codeChallenge}),
 * keeps the verifier (in memory or a private store, never in logs) and presents it when the ticket is
 * exchanged. Held to {@code test/vectors/pkce.json}.
 *
 * <pre>{@code
 * String verifier = Pkce.newVerifier();
 * String challenge = Pkce.challenge(verifier);   // BASE64URL(SHA-256(ASCII(verifier)))
 * }</pre>
 */
public final class Pkce {
    /** The shortest verifier RFC 7636 allows; also the length of {@link #newVerifier()}'s. */
    public static final int MIN_VERIFIER_LENGTH = 43;
    /** The longest verifier RFC 7636 allows. */
    public static final int MAX_VERIFIER_LENGTH = 128;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE64URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private Pkce() {}

    /** A new verifier of 43 characters: 32 bytes from {@link SecureRandom}, base64url without padding. */
    public static String newVerifier() {
        return newVerifier(RANDOM, MIN_VERIFIER_LENGTH);
    }

    /**
     * A new verifier of {@code length} characters of {@code [A-Za-z0-9_-]}, from {@link SecureRandom}.
     *
     * @param length 43 to 128
     * @throws IllegalArgumentException if {@code length} is outside 43 to 128
     */
    public static String newVerifier(int length) {
        return newVerifier(RANDOM, length);
    }

    /** The base64url text of just enough bytes from {@code source} (32 for 43 characters), cut to {@code length}. */
    static String newVerifier(Random source, int length) {
        if (length < MIN_VERIFIER_LENGTH || length > MAX_VERIFIER_LENGTH) {
            throw new IllegalArgumentException("a code verifier has 43 to 128 characters, not " + length);
        }
        byte[] bytes = new byte[(3 * (length - 1)) / 4 + 1];
        source.nextBytes(bytes);
        return base64Url(bytes).substring(0, length);
    }

    /**
     * The S256 challenge of {@code verifier}: {@code BASE64URL(SHA-256(ASCII(verifier)))} without padding,
     * always 43 characters.
     *
     * @throws InvalidVerifierException if {@code verifier} is not 43 to 128 characters of {@code [A-Za-z0-9-._~]}
     */
    public static String challenge(String verifier) throws InvalidVerifierException {
        InvalidVerifierException.Reason problem = problemWith(verifier);
        if (problem != null) throw new InvalidVerifierException(problem);
        return base64Url(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /** What is wrong with {@code verifier}, or {@code null} when it is a valid verifier. */
    static InvalidVerifierException.Reason problemWith(String verifier) {
        String text = verifier == null ? "" : verifier;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Contract.isTicketChar(c) && c != '.' && c != '~') return InvalidVerifierException.Reason.BAD_CHARACTER;
        }
        if (text.length() < MIN_VERIFIER_LENGTH) return InvalidVerifierException.Reason.TOO_SHORT;
        if (text.length() > MAX_VERIFIER_LENGTH) return InvalidVerifierException.Reason.TOO_LONG;
        return null;
    }

    /**
     * Base64url without padding (RFC 4648 §5). Not {@code java.util.Base64}: Android has it only from API
     * level 26, and {@code android.util.Base64} does not exist on a plain JVM.
     */
    static String base64Url(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 4 + 2) / 3);
        for (int i = 0; i < bytes.length; i += 3) {
            int remaining = Math.min(3, bytes.length - i);
            int group = (bytes[i] & 0xFF) << 16;
            if (remaining > 1) group |= (bytes[i + 1] & 0xFF) << 8;
            if (remaining > 2) group |= bytes[i + 2] & 0xFF;
            for (int j = 0; j <= remaining; j++) out.append(BASE64URL[(group >> (18 - 6 * j)) & 0x3F]);
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException impossible) {
            // Every Java platform and every Android version must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", impossible);
        }
    }
}
