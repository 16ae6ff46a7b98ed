/**
 * The app's side of binding a ticket to the launch (PKCE, RFC 7636, S256): make a verifier, put its
 * challenge in the launch path (`buildLaunchPath`), keep the verifier, and send it with the ticket to
 * the exchange. Uses WebCrypto (`globalThis.crypto`: Node.js 20+, browsers, recent React Native with a
 * WebCrypto polyfill). The Swift and Java bridges do the same; all are held to test/vectors/pkce.json.
 */

import { CODE_VERIFIER_PATTERN } from '../miniprogram/contract/pkce';

export type CodeVerifierProblem = 'badCharacter' | 'tooShort' | 'tooLong';

export class CodeVerifierError extends Error {
  constructor(readonly problem: CodeVerifierProblem) {
    super(`codeVerifier: ${problem === 'badCharacter' ? 'only A-Z a-z 0-9 - . _ ~' : 'must be 43 to 128 characters'} (RFC 7636)`);
    this.name = 'CodeVerifierError';
  }
}

const base64url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/** A new verifier: 32 random bytes in base64url, 43 characters (256 bits). */
export function newCodeVerifier(): string {
  return base64url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

/** BASE64URL(SHA-256(ASCII(verifier))); refuses a verifier RFC 7636 does not allow (characters checked first). */
export async function codeChallengeOf(verifier: string): Promise<string> {
  if (!/^[A-Za-z0-9._~-]*$/.test(verifier)) throw new CodeVerifierError('badCharacter');
  if (!CODE_VERIFIER_PATTERN.test(verifier)) throw new CodeVerifierError(verifier.length < 43 ? 'tooShort' : 'tooLong');
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}
