/** The one storage interface of the ticket service; `sql-store.ts` implements it over PGlite or PostgreSQL. */
import type { AdminStore } from './admin-types.ts';

export interface PoolRecord {
  id: string;
  name: string;
  logo: string | null;
  secretHash: string;
  ticketExpiresAfter: number;
  ticketExchangeUserInfoNeedSecret: boolean;
  connectionIdentifier: string;
  connectionDisplayName: string;
  appid: string | null;
  /** In clear here; the store keeps it sealed (AES-256-GCM, `secret-box.ts`). */
  appSecret: string | null;
  loginOnly: boolean;
  /** A login must carry the launching app's PKCE `codeChallenge`. */
  requireCodeChallenge: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type PoolChanges = Partial<
  Pick<
    PoolRecord,
    | 'name'
    | 'logo'
    | 'secretHash'
    | 'ticketExpiresAfter'
    | 'ticketExchangeUserInfoNeedSecret'
    | 'connectionDisplayName'
    | 'appid'
    | 'appSecret'
    | 'loginOnly'
    | 'requireCodeChallenge'
  >
>;

/** A WeChat user as one mini-program (AppID) sees them. */
export interface WechatIdentity {
  appid: string;
  openid: string;
  unionid: string | null;
}

export interface SessionRecord extends WechatIdentity {
  idHash: string;
  poolId: string;
  useSelfWxapp: boolean;
  /** WeChat's session_key, in clear here; the store keeps it sealed. */
  sessionKey: string;
  expiresAt: Date;
}

export interface AccountRecord {
  id: string;
  poolId: string;
  phone: string | null;
  phoneCountryCode: string | null;
  unionid: string | null;
  nickname: string | null;
  photo: string | null;
  blocked: boolean;
  loginsCount: number;
  lastLogin: Date | null;
  lastIP: string | null;
  signedUp: Date;
}

export interface VerifiedPhone {
  number: string;
  countryCode: string;
}

export interface LoginRequest {
  poolId: string;
  identity: WechatIdentity;
  /**
   * A phone proven in this login (its account wins over the one bound to the identity), or `known`:
   * the phone of the identity's account, read inside the login so a concurrent change is not undone.
   */
  phone: VerifiedPhone | 'known' | null;
  allowCreate: boolean;
  /** The identify session this login spends; the login fails with `session_gone` if another spent it. */
  sessionIdHash: string | null;
  ip: string;
  now: Date;
  ticket: { hash: string; expiresAt: Date; codeChallenge: string | null };
}

export type LoginOutcome =
  | { kind: 'ok'; account: AccountRecord; created: boolean }
  | { kind: 'login_only' }
  | { kind: 'blocked' }
  | { kind: 'no_known_phone' }
  | { kind: 'session_gone' };

export interface TicketRecord extends WechatIdentity {
  hash: string;
  poolId: string;
  accountId: string;
  expiresAt: Date;
  usedAt: Date | null;
  /** The launching app's PKCE challenge, if the login carried one. */
  codeChallenge: string | null;
}

/**
 * `verifier_missing`: the ticket has a challenge and no verifier came; `verifier_mismatch`: the
 * verifier's challenge is not the ticket's; `verifier_unexpected`: a verifier came for a ticket issued
 * without a challenge. Each keeps the ticket.
 */
export type TicketRedemption =
  | { kind: 'ok'; ticket: TicketRecord; account: AccountRecord }
  | { kind: 'not_found' | 'expired' | 'used' | 'wrong_pool' | 'verifier_missing' | 'verifier_mismatch' | 'verifier_unexpected' };

export interface ExchangeRedemptionRequest {
  hash: string;
  poolId: string;
  secretHash: string | null;
  /** S256 of the `codeVerifier` given (null: none given): must equal the ticket's challenge, null or not. */
  verifierChallenge: string | null;
  now: Date;
}

export type ExchangeRedemption = Extract<TicketRedemption, { kind: 'ok' }> | { kind: 'refused' };

export interface SigningKeyRecord {
  kid: string;
  /** The private JWK in clear here, null once erased; the store keeps it sealed. */
  privateJwk: string | null;
  publicJwk: string;
  createdAt: Date;
  activatesAt: Date;
}

/** Rate-limit hits shared by the replicas of one store, per fixed window. */
export interface RateCounterStore {
  /** Adds `hits` (key → count) to the window's counters; returns each key's total over every replica. */
  addRateHits(windowStart: Date, hits: ReadonlyMap<string, number>): Promise<Map<string, number>>;
  /** Deletes the counters of `scope` (keys `scope|…`) whose windows started before `windowStart`. */
  purgeRateCounters(windowStart: Date, scope: string): Promise<void>;
}

export interface Store extends RateCounterStore {
  readonly kind: 'embedded' | 'postgres';
  /** What the operator console keeps (admins, audit, logins, pool stats). */
  readonly admin: AdminStore;
  /** Writes one row: resolves only when the store can both answer and write. */
  ping(): Promise<void>;
  close(): Promise<void>;

  createPool(pool: PoolRecord): Promise<void>;
  getPool(id: string): Promise<PoolRecord | null>;
  listPools(): Promise<PoolRecord[]>;
  updatePool(id: string, changes: PoolChanges, now: Date): Promise<PoolRecord | null>;

  createSession(session: SessionRecord): Promise<void>;
  /** The session if it exists and has not lapsed at `now`. */
  getSession(idHash: string, now: Date): Promise<SessionRecord | null>;

  findAccountByIdentity(poolId: string, identity: WechatIdentity): Promise<AccountRecord | null>;
  getAccount(poolId: string, id: string): Promise<AccountRecord | null>;
  setAccountBlocked(poolId: string, id: string, blocked: boolean): Promise<void>;
  countAccounts(poolId: string): Promise<number>;
  /**
   * Spends the session, finds/creates/binds the account, records the login and stores the ticket: all
   * or nothing. A refusal (`login_only`, `blocked`, `no_known_phone`) keeps the session.
   */
  login(request: LoginRequest): Promise<LoginOutcome>;

  /**
   * Marks the ticket used if it is this pool's, unused and unexpired at `now`, and `verifierChallenge`
   * is its challenge (both null included); at most one caller ever gets `ok`.
   */
  redeemTicket(hash: string, poolId: string, now: Date, verifierChallenge: string | null): Promise<TicketRedemption>;
  /**
   * The exchange in one statement: as `redeemTicket`, and only if the pool exists and accepts
   * `secretHash` (null: no secret given, accepted only where the pool does not require one).
   * `refused` leaves the ticket untouched and says nothing about why (the caller finds out).
   */
  redeemTicketForExchange(request: ExchangeRedemptionRequest): Promise<ExchangeRedemption>;

  /** Every signing key (`signing-keys.ts` says which signs and which are published). */
  listSigningKeys(): Promise<SigningKeyRecord[]>;
  /**
   * Stores `candidate` if `admit` accepts the keys stored now, both under one lock: replicas starting
   * together store one first key, and a rotation never races another. Says whether it was stored.
   */
  addSigningKey(candidate: SigningKeyRecord, admit: (stored: readonly SigningKeyRecord[]) => boolean): Promise<boolean>;
  /** Forgets the private halves of these keys; their public halves stay published. */
  eraseSigningKeyPrivates(kids: readonly string[]): Promise<void>;
  deleteSigningKeys(kids: readonly string[]): Promise<void>;

  /** Deletes sessions and tickets that lapsed before `now`; says how many of those tickets were never used. */
  purgeExpired(now: Date): Promise<{ expiredUnusedTickets: number }>;
}
