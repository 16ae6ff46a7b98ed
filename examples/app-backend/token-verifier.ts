/**
 * Checks the `token` of an exchange answer against the service's published keys (JWKS): ES256, issued
 * by the service, for this pool (`aud`), about this user (`sub` = the answer's `_id`). The key set is
 * cached by jose and fetched again when a token names a `kid` it has not seen (a signing-key rotation).
 */
import { createRemoteJWKSet, customFetch, errors, jwtVerify } from 'jose';
import type { Clock } from './clock.ts';
import { BackendError, serviceUnavailable } from './errors.ts';

export interface TokenVerifierOptions {
  /** The service's base URL; the keys are at `<url>/.well-known/jwks.json`. */
  serviceUrl: string;
  /** The `iss` the service signs: its `XDL_PUBLIC_URL`, or its own URL when that is unset. */
  issuer: string;
  fetch: typeof fetch;
  timeoutMs: number;
  clock: Clock;
}

export type TokenVerifier = (token: string, expected: { poolId: string; userId: string }) => Promise<void>;

/** Failures of fetching the key set, as opposed to a token that does not verify. */
function isKeySetUnreachable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true;
  if (error instanceof TypeError) return true; // fetch itself failed: refused, reset, DNS
  // jose's generic error: the key-set answer was not 200 (a gateway's), or (with a cause) not JSON.
  return error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC' && !(error.cause instanceof SyntaxError);
}

function whyUnverified(error: unknown): string {
  if (error instanceof errors.JWTClaimValidationFailed) return `its ${error.claim} claim is not the expected one (${error.reason})`;
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not match the service’s key';
  if (error instanceof errors.JWKSNoMatchingKey) return 'it names a key the service does not publish';
  return error instanceof errors.JOSEError ? error.code : 'unreadable';
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keySet = createRemoteJWKSet(new URL(`${options.serviceUrl.replace(/\/+$/, '')}/.well-known/jwks.json`), {
    timeoutDuration: options.timeoutMs,
    [customFetch]: options.fetch,
  });
  return async (token, expected) => {
    try {
      await jwtVerify(token, keySet, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: expected.poolId,
        subject: expected.userId,
        currentDate: new Date(options.clock.now()),
      });
    } catch (error) {
      if (isKeySetUnreachable(error)) throw serviceUnavailable('the ticket service’s signing keys could not be fetched');
      throw new BackendError(502, 'token_unverified', `the service’s token did not verify: ${whyUnverified(error)}`);
    }
  };
}
