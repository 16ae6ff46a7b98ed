import type { Clock } from '../clock.ts';
import { PhoneWatermarkError, WechatRejectedError, WechatUnavailableError } from './errors.ts';

export interface WechatCredentials {
  appid: string;
  secret: string;
}

export interface WechatClientOptions {
  baseUrl: string;
  /** Per HTTP call. */
  timeoutMs: number;
  /** Extra attempts after WeChat says -1 (system busy); nothing else is retried. */
  retries: number;
  clock: Clock;
  /** Refuse answers from the local sandbox (it marks them with this header). */
  refuseHeader?: string;
}

interface AccessTokenEntry {
  token: string;
  expiresAt: number;
}

/** Refresh this long before WeChat's expiry, so a token never dies mid-request. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;
const TOKEN_INVALID = new Set([40001, 42001]);

type Json = Record<string, unknown>;

export class WechatClient {
  private readonly tokens = new Map<string, AccessTokenEntry>();
  private readonly tokenRequests = new Map<string, Promise<AccessTokenEntry>>();

  constructor(private readonly options: WechatClientOptions) {}

  async code2Session(creds: WechatCredentials, jsCode: string): Promise<{ openid: string; sessionKey: string; unionid: string | null }> {
    const query = new URLSearchParams({ appid: creds.appid, secret: creds.secret, js_code: jsCode, grant_type: 'authorization_code' });
    const body = await this.callJson('jscode2session', `/sns/jscode2session?${query}`, { method: 'GET' });
    const { openid, session_key: sessionKey, unionid } = body;
    if (typeof openid !== 'string' || typeof sessionKey !== 'string') {
      throw new WechatUnavailableError('jscode2session', 'answer lacks openid or session_key');
    }
    return { openid, sessionKey, unionid: typeof unionid === 'string' ? unionid : null };
  }

  /** The phone a getPhoneNumber code stands for; PhoneWatermarkError if WeChat says it is another AppID's. */
  async getPhoneNumber(creds: WechatCredentials, code: string): Promise<{ number: string; countryCode: string }> {
    const body = await this.withAccessToken(creds, (token) =>
      this.callJson('getuserphonenumber', `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      }),
    );
    const info = body.phone_info as Json | undefined;
    const pure = info?.purePhoneNumber;
    const countryCode = info?.countryCode;
    const watermark = info?.watermark as Json | undefined;
    if (typeof pure !== 'string' || (typeof countryCode !== 'string' && typeof countryCode !== 'number')) {
      throw new WechatUnavailableError('getuserphonenumber', 'answer lacks phone_info');
    }
    if (typeof watermark?.appid === 'string' && watermark.appid !== creds.appid)
      throw new PhoneWatermarkError(watermark.appid, creds.appid);
    return { number: pure, countryCode: String(countryCode) };
  }

  async getWxaCode(creds: WechatCredentials, params: { scene: string; page: string; width?: number }): Promise<Buffer> {
    return this.withAccessToken(creds, async (token) => {
      const response = await this.fetch('getwxacodeunlimit', `/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scene: params.scene, page: params.page, check_path: false, width: params.width ?? 430 }),
      });
      const type = response.headers.get('content-type') ?? '';
      const bytes = Buffer.from(await response.arrayBuffer());
      if (type.startsWith('image/')) return bytes;
      throw this.errorFromBody('getwxacodeunlimit', parseJson('getwxacodeunlimit', bytes.toString('utf8')));
    });
  }

  /** Runs `use` with a cached stable access token; a token WeChat calls stale is dropped and fetched once more. */
  private async withAccessToken<T>(creds: WechatCredentials, use: (token: string) => Promise<T>): Promise<T> {
    const entry = await this.accessToken(creds);
    try {
      return await use(entry.token);
    } catch (error) {
      if (!(error instanceof WechatRejectedError) || !TOKEN_INVALID.has(error.errcode)) throw error;
      if (this.tokens.get(creds.appid) === entry) this.tokens.delete(creds.appid);
      return use((await this.accessToken(creds)).token);
    }
  }

  /**
   * stable_token in normal mode hands every caller the same token while it is valid, so replicas
   * each caching it never invalidate one another (force_refresh would, so it is never used).
   */
  private accessToken(creds: WechatCredentials): Promise<AccessTokenEntry> {
    const cached = this.tokens.get(creds.appid);
    if (cached && cached.expiresAt - TOKEN_REFRESH_MARGIN_MS > this.options.clock.now()) return Promise.resolve(cached);
    const inFlight = this.tokenRequests.get(creds.appid);
    if (inFlight) return inFlight;
    const request = this.fetchStableToken(creds).finally(() => this.tokenRequests.delete(creds.appid));
    this.tokenRequests.set(creds.appid, request);
    return request;
  }

  private async fetchStableToken(creds: WechatCredentials): Promise<AccessTokenEntry> {
    const body = await this.callJson('stable_token', '/cgi-bin/stable_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: creds.appid, secret: creds.secret, force_refresh: false }),
    });
    const token = body.access_token;
    const expiresIn = body.expires_in;
    if (typeof token !== 'string' || typeof expiresIn !== 'number') {
      throw new WechatUnavailableError('stable_token', 'answer lacks access_token');
    }
    const entry = { token, expiresAt: this.options.clock.now() + expiresIn * 1000 };
    this.tokens.set(creds.appid, entry);
    return entry;
  }

  private async callJson(api: string, path: string, init: RequestInit): Promise<Json> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.fetch(api, path, init);
      const body = parseJson(api, await response.text().catch(() => ''));
      const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
      if (errcode === 0) return body;
      if (errcode === -1 && attempt < this.options.retries) continue;
      throw this.errorFromBody(api, body);
    }
  }

  private errorFromBody(api: string, body: Json): Error {
    const errcode = typeof body.errcode === 'number' ? body.errcode : NaN;
    const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
    if (errcode === -1) return new WechatUnavailableError(api, 'system error (-1)');
    if (errcode === 45011 || errcode === 45009) return new WechatUnavailableError(api, `quota reached (${errcode})`);
    if (Number.isNaN(errcode)) return new WechatUnavailableError(api, 'answer is neither data nor an error');
    return new WechatRejectedError(api, errcode, errmsg);
  }

  private async fetch(api: string, path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new WechatUnavailableError(api, timedOut ? `no answer within ${this.options.timeoutMs} ms` : 'network error');
    }
    if (this.options.refuseHeader && response.headers.has(this.options.refuseHeader)) {
      throw new WechatUnavailableError(api, 'answered by the local WeChat sandbox, which production refuses');
    }
    if (!response.ok) throw new WechatUnavailableError(api, `HTTP ${response.status}`);
    return response;
  }
}

function parseJson(api: string, text: string): Json {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // fall through
  }
  throw new WechatUnavailableError(api, 'malformed answer');
}
