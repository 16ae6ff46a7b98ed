/**
 * Tickets bound to the launching app (PKCE, RFC 7636, S256 only). The app makes a random
 * `codeVerifier`, puts `codeChallenge = BASE64URL(SHA-256(ASCII(codeVerifier)))` in the launch path;
 * the mini-program forwards it when it asks for the ticket; the exchange then needs the verifier.
 * test/vectors/pkce.json pins the derivation for the TypeScript sdk, Swift and Java.
 */

/** An S256 challenge: 32 bytes of SHA-256 in base64url without padding. */
export const CODE_CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
export const CODE_VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;
