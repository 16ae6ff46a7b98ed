import type { ServiceErrorReason } from '../miniprogram/contract/reasons.ts';
import type { ExchangedUser } from '../miniprogram/contract/schemas.ts';
import type { Clock } from './clock.ts';
import type { ServiceEvents } from './metrics.ts';
import { ServiceError } from './errors.ts';
import { requirePool } from './pools.ts';
import { exchangedUser } from './exchanged-user.ts';
import { s256 } from './pkce.ts';
import { hashToken, tokenMatchesHash } from './random-tokens.ts';
import type { Store, TicketRedemption } from './store/types.ts';
import type { TokenSigner } from './token-signer.ts';

const TICKET_FAILURES: Record<Exclude<TicketRedemption['kind'], 'ok'>, [ServiceErrorReason, string]> = {
  not_found: ['ticket_not_found', 'no such ticket'],
  expired: ['ticket_expired', 'the ticket has expired'],
  used: ['ticket_used', 'the ticket was already exchanged'],
  wrong_pool: ['ticket_wrong_pool', 'the ticket belongs to another user pool'],
  verifier_missing: ['code_verifier_required', 'the ticket is bound to the app that launched the login: send its codeVerifier'],
  verifier_mismatch: ['code_verifier_invalid', "codeVerifier does not match the ticket's codeChallenge"],
  verifier_unexpected: ['code_verifier_invalid', 'the ticket was issued without a codeChallenge, so no codeVerifier can match it'],
};

/** Refusals that say nothing about whether the ticket exists: a caller without the secret sees them as they are. */
const VERIFIER_FAILURES: ReadonlySet<TicketRedemption['kind']> = new Set(['verifier_missing', 'verifier_mismatch', 'verifier_unexpected']);

/** What the caller proves besides the ticket: the pool's secret, and the launching app's PKCE verifier. */
export interface ExchangeProof {
  secret?: string;
  codeVerifier?: string;
}

/** How long `isPoolSecret` trusts a pool's secret hash it read (a rotated secret is refused by the exchange itself). */
const SECRET_CACHE_MS = 10_000;
const SECRET_CACHE_ENTRIES = 10_000;

/** The app backend's side: trade a ticket (once) for the user. */
export class ExchangeService {
  private readonly secretHashes = new Map<string, { hash: string | null; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly signer: TokenSigner,
    private readonly clock: Clock,
    private readonly events: Pick<ServiceEvents, 'ticketExchanged' | 'exchangeRefused'> = { ticketExchanged() {}, exchangeRefused() {} },
  ) {}

  async exchange(poolId: string, ticket: string, proof: ExchangeProof): Promise<ExchangedUser> {
    try {
      const user = await this.exchangeOnce(poolId, ticket, proof);
      this.events.ticketExchanged(poolId);
      return user;
    } catch (error) {
      if (error instanceof ServiceError) this.events.exchangeRefused(error.reason, poolId);
      throw error;
    }
  }

  /**
   * Whether `secret` is the pool's, from pool secret hashes read at most SECRET_CACHE_MS ago: a client
   * in backoff that keeps sending costs no query per request. Only lets a request be tried; the
   * exchange checks the secret against the store again.
   */
  async isPoolSecret(poolId: string, secret: string): Promise<boolean> {
    const now = this.clock.now();
    let cached = this.secretHashes.get(poolId);
    if (!cached || cached.until <= now) {
      if (this.secretHashes.size >= SECRET_CACHE_ENTRIES) this.secretHashes.clear();
      cached = { hash: (await this.store.getPool(poolId))?.secretHash ?? null, until: now + SECRET_CACHE_MS };
      this.secretHashes.set(poolId, cached);
    }
    return cached.hash !== null && tokenMatchesHash(secret, cached.hash);
  }

  private async exchangeOnce(poolId: string, ticket: string, { secret, codeVerifier }: ExchangeProof): Promise<ExchangedUser> {
    const hash = hashToken(ticket);
    const now = new Date(this.clock.now());
    const verifierChallenge = codeVerifier === undefined ? null : s256(codeVerifier);
    // The usual case in one statement; it succeeds exactly when the checks below would all pass.
    const fast = await this.store.redeemTicketForExchange({
      hash,
      poolId,
      now,
      secretHash: secret === undefined ? null : hashToken(secret),
      verifierChallenge,
    });
    const result = fast.kind === 'ok' ? fast : await this.redeemOrExplain(poolId, hash, now, secret, verifierChallenge);
    const { account, ticket: record } = result;
    if (account.blocked) throw new ServiceError('account_blocked', 'this account is blocked');
    return exchangedUser(account, record, this.signer.sign(account));
  }

  /** The refused case, step by step: which check fails, in the order the API promises. */
  private async redeemOrExplain(
    poolId: string,
    hash: string,
    now: Date,
    secret: string | undefined,
    verifierChallenge: string | null,
  ): Promise<Extract<TicketRedemption, { kind: 'ok' }>> {
    const pool = await requirePool(this.store, poolId);
    if (secret !== undefined && !tokenMatchesHash(secret, pool.secretHash)) {
      throw new ServiceError('secret_invalid', 'the user pool secret is wrong');
    }
    if (secret === undefined && pool.ticketExchangeUserInfoNeedSecret) {
      throw new ServiceError('secret_required', 'this user pool requires its secret to exchange tickets');
    }
    // The pool accepts the caller, so the ticket is what was wrong (or the pool changed meanwhile: try again).
    const result = await this.store.redeemTicket(hash, poolId, now, verifierChallenge);
    if (result.kind === 'ok') return result;
    // Without the secret, one answer for every unusable ticket: nothing tells whether it existed.
    if (secret === undefined && !VERIFIER_FAILURES.has(result.kind)) throw new ServiceError('ticket_invalid', 'the ticket is not valid');
    const [reason, message] = TICKET_FAILURES[result.kind];
    throw new ServiceError(reason, message);
  }
}
