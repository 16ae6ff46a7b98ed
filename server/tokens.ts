import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { JWK, CryptoKey } from 'jose';
import type { Clock } from './clock.ts';
import { randomToken } from './secrets.ts';
import type { AccountRecord, Store } from './store/types.ts';

const ALG = 'ES256';
export const TOKEN_LIFETIME_S = 15 * 24 * 3600;

/** Signs the `token` the exchange returns; app backends verify it against the JWKS. */
export class TokenSigner {
  private constructor(
    private readonly kid: string,
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    private readonly issuer: () => string,
    private readonly clock: Clock,
  ) {}

  /** Every replica loads the same key from the store; the first to start creates it. */
  static async load(store: Store, issuer: () => string, clock: Clock): Promise<TokenSigner> {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const candidate = {
      kid: randomToken(8),
      privateJwk: JSON.stringify(await exportJWK(privateKey)),
      publicJwk: JSON.stringify(await exportJWK(publicKey)),
    };
    const stored = await store.ensureSigningKey(candidate);
    const key = await importJWK(JSON.parse(stored.privateJwk) as JWK, ALG);
    if (key instanceof Uint8Array) throw new Error('signing key is not an EC key');
    const publicJwk = { ...(JSON.parse(stored.publicJwk) as JWK), kid: stored.kid, alg: ALG, use: 'sig' };
    return new TokenSigner(stored.kid, key, publicJwk, issuer, clock);
  }

  async sign(account: AccountRecord): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(this.clock.now() / 1000);
    const expiresAt = issuedAt + TOKEN_LIFETIME_S;
    const token = await new SignJWT({ unionid: account.unionid })
      .setProtectedHeader({ alg: ALG, kid: this.kid })
      .setIssuer(this.issuer())
      .setAudience(account.poolId)
      .setSubject(account.id)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }
}
