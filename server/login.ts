import type {
  IdentifyRequest,
  IdentifyResponse,
  IssueTicketRequest,
  IssueTicketResponse,
  PhoneProof,
  PoolProfile,
} from '../miniprogram/contract/schemas.ts';
import type { Clock } from './clock.ts';
import { checkReferer, credentialsFor } from './pool-credentials.ts';
import { RateLimitedError, ServiceError } from './errors.ts';
import { requirePool } from './pools.ts';
import { hashToken, randomToken } from './random-tokens.ts';
import { maskPhone } from './phone-mask.ts';
import type { PoolRecord, Store, VerifiedPhone, WechatIdentity } from './store/types.ts';
import type { WechatClient, WechatCredentials } from './wechat/client.ts';
import type { ServiceEvents } from './metrics.ts';
import { CODE_REJECTIONS, PhoneWatermarkError, WechatRejectedError, WechatUnavailableError } from './wechat/errors.ts';
import { PhoneDecryptionError, decryptPhonePayload } from './wechat/phone-cipher.ts';

/** A wx.login code lives 5 minutes, so the session built from it lives no longer. */
export const SESSION_LIFETIME_S = 300;

const IGNORED = { ticketIssued() {}, phoneVerified() {}, phoneVerificationSaved() {}, loginRefused() {}, wechatFailed() {} };

type LoginEvents = Pick<ServiceEvents, 'ticketIssued' | 'phoneVerified' | 'phoneVerificationSaved' | 'loginRefused' | 'wechatFailed'>;

export interface CallerContext {
  ip: string;
  referer: string | undefined;
}

/** Admits one more login of a WeChat user that WeChat has vouched for, or says how long to wait. */
export type UserLoginLimit = (route: 'identify' | 'issue', poolId: string, openid: string) => { retryAfterS: number } | null;

interface Identified {
  identity: WechatIdentity;
  sessionKey: string;
  sessionIdHash: string | null;
}

/** The mini-program's side of a login: identify the WeChat user, then issue a ticket. */
export class LoginService {
  constructor(
    private readonly store: Store,
    private readonly wechat: WechatClient,
    private readonly hostedApp: WechatCredentials,
    private readonly clock: Clock,
    private readonly events: LoginEvents = IGNORED,
    private readonly limitUser: UserLoginLimit = () => null,
  ) {}

  async profile(poolId: string): Promise<PoolProfile> {
    const pool = await requirePool(this.store, poolId);
    return {
      poolId: pool.id,
      name: pool.name,
      logo: pool.logo,
      connectionDisplayName: pool.connectionDisplayName,
      loginOnly: pool.loginOnly,
      hasOwnWxapp: pool.appid !== null,
      requireCodeChallenge: pool.requireCodeChallenge,
    };
  }

  identify(poolId: string, request: IdentifyRequest, caller: CallerContext): Promise<IdentifyResponse> {
    return this.reportingRefusals(poolId, () => this.identifyOnce(poolId, request, caller));
  }

  issueTicket(poolId: string, request: IssueTicketRequest, caller: CallerContext): Promise<IssueTicketResponse> {
    return this.reportingRefusals(poolId, () => this.issueTicketOnce(poolId, request, caller));
  }

  /** A refusal of a pool that exists is reported by reason (the console's dashboard). */
  private async reportingRefusals<T>(poolId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ServiceError && error.reason !== 'pool_not_found') this.events.loginRefused(poolId, error.reason);
      throw error;
    }
  }

  private reportWechatFailure(poolId: string, error: unknown): void {
    if (error instanceof WechatRejectedError) this.events.wechatFailed(poolId, `errcode_${error.errcode}`);
    else if (error instanceof WechatUnavailableError) this.events.wechatFailed(poolId, error.outcome);
  }

  private async identifyOnce(poolId: string, request: IdentifyRequest, caller: CallerContext): Promise<IdentifyResponse> {
    const pool = await requirePool(this.store, poolId);
    const creds = this.credentials(pool, request.useSelfWxapp, caller);
    const session = await this.codeToSession(poolId, creds, request.loginCode);
    this.admitUser('identify', poolId, session.identity.openid);
    const sessionId = randomToken();
    const [, account] = await Promise.all([
      this.store.createSession({
        idHash: hashToken(sessionId),
        poolId,
        useSelfWxapp: request.useSelfWxapp,
        sessionKey: session.sessionKey,
        ...session.identity,
        expiresAt: new Date(this.clock.now() + SESSION_LIFETIME_S * 1000),
      }),
      this.store.findAccountByIdentity(poolId, session.identity),
    ]);
    return {
      sessionId,
      expiresIn: SESSION_LIFETIME_S,
      knownPhone: account?.phone ? maskPhone(account.phone) : null,
      registered: account !== null,
    };
  }

  private async issueTicketOnce(poolId: string, request: IssueTicketRequest, caller: CallerContext): Promise<IssueTicketResponse> {
    const pool = await requirePool(this.store, poolId);
    if (pool.requireCodeChallenge && request.codeChallenge === undefined) {
      throw new ServiceError('code_challenge_required', 'codeChallenge: this pool binds tickets to the launching app; launch with one');
    }
    const creds = this.credentials(pool, request.useSelfWxapp, caller);
    const identified = await this.identified(poolId, creds, request);
    // Before the phone proof: a phone-number check is a paid WeChat call.
    this.admitUser('issue', poolId, identified.identity.openid);
    const phone = await this.provePhone(poolId, creds, identified, request.phone);
    if (request.phone.kind === 'code') this.events.phoneVerified(poolId);
    const ticket = randomToken();
    const expiresAt = new Date(this.clock.now() + pool.ticketExpiresAfter * 1000);
    const outcome = await this.store.login({
      poolId,
      identity: identified.identity,
      phone,
      allowCreate: !pool.loginOnly,
      sessionIdHash: identified.sessionIdHash,
      ip: caller.ip,
      now: new Date(this.clock.now()),
      ticket: { hash: hashToken(ticket), expiresAt, codeChallenge: request.codeChallenge ?? null },
    });
    switch (outcome.kind) {
      case 'login_only':
        throw new ServiceError('login_only', 'this pool admits existing accounts only');
      case 'blocked':
        throw new ServiceError('account_blocked', 'this account is blocked');
      case 'no_known_phone':
        throw new ServiceError('no_known_phone', 'this WeChat user has no verified phone yet');
      case 'session_gone':
        throw new ServiceError('session_expired', 'the session was already used or lapsed; call wx.login again');
      case 'ok':
        this.events.ticketIssued(poolId);
        if (request.phone.kind === 'known') this.events.phoneVerificationSaved(poolId);
        return {
          ticket,
          expiresIn: pool.ticketExpiresAfter,
          expiresAt: expiresAt.toISOString(),
          maskedPhone: outcome.account.phone ? maskPhone(outcome.account.phone) : null,
          newUser: outcome.created,
        };
    }
  }

  private admitUser(route: 'identify' | 'issue', poolId: string, openid: string): void {
    const refusal = this.limitUser(route, poolId, openid);
    if (refusal) throw new RateLimitedError(refusal.retryAfterS);
  }

  private credentials(pool: PoolRecord, useSelfWxapp: boolean, caller: CallerContext): WechatCredentials {
    const creds = credentialsFor(pool, useSelfWxapp, this.hostedApp);
    checkReferer(caller.referer, creds);
    return creds;
  }

  private async identified(poolId: string, creds: WechatCredentials, request: IssueTicketRequest): Promise<Identified> {
    if ((request.sessionId === undefined) === (request.loginCode === undefined)) {
      throw new ServiceError('invalid_request', 'send exactly one of sessionId and loginCode');
    }
    if (request.loginCode !== undefined) return { ...(await this.codeToSession(poolId, creds, request.loginCode)), sessionIdHash: null };
    const idHash = hashToken(request.sessionId!);
    const session = await this.store.getSession(idHash, new Date(this.clock.now()));
    if (!session || session.poolId !== poolId) {
      throw new ServiceError('session_expired', 'unknown or lapsed session; call wx.login again');
    }
    if (session.appid !== creds.appid) {
      throw new ServiceError('invalid_request', 'useSelfWxapp: differs from the one the session was made with');
    }
    const { appid, openid, unionid } = session;
    return { identity: { appid, openid, unionid }, sessionKey: session.sessionKey, sessionIdHash: idHash };
  }

  private async codeToSession(poolId: string, creds: WechatCredentials, loginCode: string): Promise<Omit<Identified, 'sessionIdHash'>> {
    try {
      const result = await this.wechat.code2Session(creds, loginCode);
      return { identity: { appid: creds.appid, openid: result.openid, unionid: result.unionid }, sessionKey: result.sessionKey };
    } catch (error) {
      this.reportWechatFailure(poolId, error);
      if (error instanceof WechatRejectedError && CODE_REJECTIONS.has(error.errcode)) {
        throw new ServiceError('login_code_invalid', 'WeChat refused the wx.login code; call wx.login again');
      }
      throw asServiceError(error);
    }
  }

  /** `known` is resolved by the store, inside the login. */
  private async provePhone(
    poolId: string,
    creds: WechatCredentials,
    who: Identified,
    proof: PhoneProof,
  ): Promise<VerifiedPhone | 'known' | null> {
    switch (proof.kind) {
      case 'none':
        return null;
      case 'known':
        return 'known';
      case 'code': {
        // Decrypted first: a legacy proof that does not open costs no (paid) phone-number call.
        const legacy =
          proof.encryptedData !== undefined && proof.iv !== undefined ? this.decryptPhone(proof.encryptedData, proof.iv, who, creds) : null;
        const phone = await this.phoneOfCode(poolId, creds, proof.code);
        // Only this user's session key opens the legacy proof: a code for anyone else's phone cannot match it.
        if (legacy && (legacy.number !== phone.number || legacy.countryCode !== phone.countryCode)) {
          throw new ServiceError('phone_proof_invalid', 'phone.code and phone.encryptedData name different phones');
        }
        return phone;
      }
      case 'encrypted':
        return this.decryptPhone(proof.encryptedData, proof.iv, who, creds);
    }
  }

  private async phoneOfCode(poolId: string, creds: WechatCredentials, code: string): Promise<VerifiedPhone> {
    try {
      const phone = await this.wechat.getPhoneNumber(creds, code);
      return { number: phone.number, countryCode: phone.countryCode };
    } catch (error) {
      this.reportWechatFailure(poolId, error);
      if (error instanceof WechatRejectedError && CODE_REJECTIONS.has(error.errcode)) {
        throw new ServiceError('phone_proof_invalid', 'WeChat refused the phone code');
      }
      if (error instanceof PhoneWatermarkError) throw new ServiceError('phone_proof_invalid', 'phone.code: watermark appid does not match');
      throw asServiceError(error);
    }
  }

  private decryptPhone(encryptedData: string, iv: string, who: Identified, creds: WechatCredentials): VerifiedPhone {
    try {
      const payload = decryptPhonePayload(encryptedData, iv, who.sessionKey, creds.appid);
      return { number: payload.purePhoneNumber, countryCode: String(payload.countryCode) };
    } catch (error) {
      if (error instanceof PhoneDecryptionError) throw new ServiceError('phone_proof_invalid', `phone.encryptedData: ${error.message}`);
      throw error;
    }
  }
}

/** WeChat failures that are not the user's fault become 503s; a rejected credential is our configuration's fault. */
export function asServiceError(error: unknown): unknown {
  if (error instanceof WechatUnavailableError) return new ServiceError('wechat_unavailable', 'WeChat is unavailable; try again');
  if (error instanceof WechatRejectedError) {
    return new ServiceError('wechat_unavailable', `WeChat refused this service's mini-program credentials (${error.errcode})`);
  }
  return error;
}
