import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { encryptPhonePayload } from '../wechat/phone-cipher.ts';
import type { WechatErrorName } from './errors.ts';

export const CODE_LIFETIME_MS = 5 * 60_000;
const TOKEN_LIFETIME_MS = 7200_000;
/** WeChat refreshes a stable token this long before it expires; old and new overlap meanwhile. */
const TOKEN_OVERLAP_MS = 5 * 60_000;
const FORCE_REFRESH_MIN_GAP_MS = 30_000;

export interface SandboxApp {
  appid: string;
  secret: string;
}

export interface SandboxUser {
  userId: string;
  unionid: string;
  phoneNumber: string | null;
  countryCode: string;
}

interface IssuedCode {
  appid: string;
  userId: string;
  issuedAt: number;
  used: boolean;
}

interface AccessToken {
  appid: string;
  family: 'stable' | 'token';
  expiresAt: number;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: WechatErrorName };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: WechatErrorName): Result<T> => ({ ok: false, error });

/** The simulated WeChat: apps, people, their codes, session keys and access tokens. */
export class SandboxState {
  private readonly apps = new Map<string, SandboxApp>();
  private readonly users = new Map<string, SandboxUser>();
  private readonly sessionKeys = new Map<string, string>();
  private readonly loginCodes = new Map<string, IssuedCode>();
  private readonly phoneCodes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, AccessToken>();
  private readonly currentStable = new Map<string, { token: string; expiresAt: number; lastForcedAt: number | null }>();
  private nextUser = 1;

  constructor(private readonly clock: Clock) {}

  registerApp(app: SandboxApp): void {
    this.apps.set(app.appid, { ...app });
  }

  createUser(input: { phoneNumber?: string | null; countryCode?: string; unionid?: string } = {}): SandboxUser {
    const userId = `wxuser-${this.nextUser++}`;
    const user: SandboxUser = {
      userId,
      unionid: input.unionid ?? `o${randomBytes(20).toString('base64url').slice(0, 27)}`,
      phoneNumber: input.phoneNumber ?? null,
      countryCode: input.countryCode ?? '86',
    };
    this.users.set(userId, user);
    return { ...user };
  }

  getUser(userId: string): SandboxUser | null {
    const user = this.users.get(userId);
    return user ? { ...user } : null;
  }

  hasApp(appid: string): boolean {
    return this.apps.has(appid);
  }

  openid(userId: string, appid: string): string {
    return `o${createHash('sha256').update(`${userId}|${appid}`).digest('base64url').slice(0, 27)}`;
  }

  /** What wx.login returns; like WeChat, it gives the user a new session_key for this app. */
  mintLoginCode(appid: string, userId: string): string {
    this.sessionKeys.set(`${userId}|${appid}`, randomBytes(16).toString('base64'));
    return this.mintCode(this.loginCodes, appid, userId);
  }

  currentSessionKey(appid: string, userId: string): string | null {
    return this.sessionKeys.get(`${userId}|${appid}`) ?? null;
  }

  /** The getPhoneNumber button's success detail; null when the person has no phone. */
  mintPhoneCode(appid: string, userId: string): { code: string; encryptedData: string; iv: string } | null {
    const user = this.users.get(userId);
    if (!user?.phoneNumber) return null;
    const code = this.mintCode(this.phoneCodes, appid, userId);
    let sessionKey = this.currentSessionKey(appid, userId);
    if (!sessionKey) {
      sessionKey = randomBytes(16).toString('base64');
      this.sessionKeys.set(`${userId}|${appid}`, sessionKey);
    }
    const iv = randomBytes(16);
    const encryptedData = encryptPhonePayload(
      {
        phoneNumber: this.displayedPhone(user),
        purePhoneNumber: user.phoneNumber,
        countryCode: user.countryCode,
        watermark: { appid, timestamp: Math.floor(this.clock.now() / 1000) },
      },
      sessionKey,
      iv,
    );
    return { code, encryptedData, iv: iv.toString('base64') };
  }

  code2Session(appid: string, secret: string, jsCode: string): Result<{ openid: string; session_key: string; unionid: string }> {
    const app = this.apps.get(appid);
    if (!app) return fail('invalidAppid');
    if (app.secret !== secret) return fail('invalidAppsecret');
    const spent = this.spendCode(this.loginCodes, appid, jsCode, 'codeBeenUsed');
    if (!spent.ok) return spent;
    const user = this.users.get(spent.value.userId)!;
    const sessionKey = this.currentSessionKey(appid, user.userId)!;
    return ok({ openid: this.openid(user.userId, appid), session_key: sessionKey, unionid: user.unionid });
  }

  /** getuserphonenumber for `appid`, whose access token the caller has checked. */
  phoneNumber(
    appid: string,
    code: string,
  ): Result<{
    phoneNumber: string;
    purePhoneNumber: string;
    countryCode: number;
    watermark: { timestamp: number; appid: string };
  }> {
    // getuserphonenumber documents only 40029 for a spent code.
    const spent = this.spendCode(this.phoneCodes, appid, code, 'invalidCode');
    if (!spent.ok) return spent;
    const user = this.users.get(spent.value.userId)!;
    return ok({
      phoneNumber: this.displayedPhone(user),
      purePhoneNumber: user.phoneNumber!,
      countryCode: Number(user.countryCode),
      watermark: { timestamp: Math.floor(this.clock.now() / 1000), appid },
    });
  }

  stableToken(appid: string, secret: string, forceRefresh: boolean): Result<{ access_token: string; expires_in: number }> {
    const app = this.apps.get(appid);
    if (!app) return fail('invalidAppid');
    if (app.secret !== secret) return fail('invalidCredential');
    const now = this.clock.now();
    const current = this.currentStable.get(appid);
    const tooSoonToForce = current?.lastForcedAt != null && now - current.lastForcedAt < FORCE_REFRESH_MIN_GAP_MS;
    const stillFresh = current && current.expiresAt - now > TOKEN_OVERLAP_MS;
    if (current && (forceRefresh ? tooSoonToForce : stillFresh)) {
      return ok({ access_token: current.token, expires_in: Math.floor((current.expiresAt - now) / 1000) });
    }
    if (forceRefresh && current) this.tokens.delete(current.token);
    const token = this.mintToken(appid, 'stable');
    this.currentStable.set(appid, {
      token,
      expiresAt: now + TOKEN_LIFETIME_MS,
      lastForcedAt: forceRefresh ? now : (current?.lastForcedAt ?? null),
    });
    return ok({ access_token: token, expires_in: TOKEN_LIFETIME_MS / 1000 });
  }

  /** cgi-bin/token: every call makes a new token; the previous ones stay valid 5 more minutes at most. */
  plainToken(appid: string, secret: string): Result<{ access_token: string; expires_in: number }> {
    const app = this.apps.get(appid);
    if (!app) return fail('invalidAppid');
    if (app.secret !== secret) return fail('invalidCredential');
    const now = this.clock.now();
    for (const token of this.tokens.values()) {
      if (token.appid === appid && token.family === 'token') token.expiresAt = Math.min(token.expiresAt, now + TOKEN_OVERLAP_MS);
    }
    return ok({ access_token: this.mintToken(appid, 'token'), expires_in: TOKEN_LIFETIME_MS / 1000 });
  }

  checkToken(accessToken: string | undefined): Result<{ appid: string }> {
    if (!accessToken) return fail('accessTokenMissing');
    const token = this.tokens.get(accessToken);
    if (!token) return fail('invalidCredential');
    if (token.expiresAt <= this.clock.now()) return fail('accessTokenExpired');
    return ok({ appid: token.appid });
  }

  private displayedPhone(user: SandboxUser): string {
    return user.countryCode === '86' ? user.phoneNumber! : `+${user.countryCode}${user.phoneNumber}`;
  }

  private mintToken(appid: string, family: AccessToken['family']): string {
    const token = `${family === 'stable' ? 'S' : 'T'}_${randomBytes(96).toString('base64url')}`;
    this.tokens.set(token, { appid, family, expiresAt: this.clock.now() + TOKEN_LIFETIME_MS });
    return token;
  }

  private mintCode(codes: Map<string, IssuedCode>, appid: string, userId: string): string {
    const code = randomBytes(24).toString('base64url');
    codes.set(code, { appid, userId, issuedAt: this.clock.now(), used: false });
    return code;
  }

  /** Codes are single use and live 5 minutes; a code of another app is simply invalid. */
  private spendCode(codes: Map<string, IssuedCode>, appid: string, code: string, reuseError: WechatErrorName): Result<IssuedCode> {
    const issued = codes.get(code);
    if (!issued || issued.appid !== appid) return fail('invalidCode');
    if (this.clock.now() - issued.issuedAt > CODE_LIFETIME_MS) return fail('invalidCode');
    if (issued.used) return fail(reuseError);
    issued.used = true;
    return ok(issued);
  }
}
