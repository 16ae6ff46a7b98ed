import { createHash } from 'node:crypto';

/** RFC 7636 S256: BASE64URL(SHA-256(ASCII(verifier))); the verifier is checked by the request schema. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
