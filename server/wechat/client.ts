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
  /** Told of every HTTP call to WeChat: the API, how it ended and how long it took. */
  onCall?: (api: string, outcome: string, seconds: number) => void;
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
    return this.callJson('jscode2session', `/sns/jscode2session?${query}`, { method: 'GET' }, (body) => {
      const { openid, session_key: sessionKey, unionid } = body;
      if (typeof openid !== 'string' || typeof sessionKey !== 'string') return 'answer lacks openid or session_key';
      return { openid, sessionKey, unionid: typeof unionid === 'string' ? unionid : null };
    });
  }

  /** The phone a getPhoneNumber code stands for; PhoneWatermarkError if WeChat says it is another AppID's. */
  async getPhoneNumber(creds: WechatCredentials, code: string): Promise<{ number: string; countryCode: string }> {
    const phone = await this.withAccessToken(creds, (token) =>
      this.callJson(
        'getuserphonenumber',
        `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) },
        (body) => {
          const info = body.phone_info as Json | undefined;
          const pure = info?.purePhoneNumber;
          const countryCode = info?.countryCode;
          const watermark = info?.watermark as Json | undefined;
          if (typeof pure !== 'string' || (typeof countryCode !== 'string' && typeof countryCode !== 'number'))
            return 'answer lacks phone_info';
          return {
            number: pure,
            countryCode: String(countryCode),
            watermarkAppid: typeof watermark?.appid === 'string' ? watermark.appid : null,
          };
        },
      ),
    );
    if (phone.watermarkAppid !== null && phone.watermarkAppid !== creds.appid)
      throw new PhoneWatermarkError(phone.watermarkAppid, creds.appid);
    return { number: phone.number, countryCode: phone.countryCode };
  }

  async getWxaCode(creds: WechatCredentials, params: { scene: string; page: string; width?: number }): Promise<Buffer> {
    return this.withAccessToken(creds, (token) =>
      this.observed('getwxacodeunlimit', async () => {
        const response = await this.fetch('getwxacodeunlimit', `/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ scene: params.scene, page: params.page, check_path: false, width: params.width ?? 430 }),
        });
        const type = response.headers.get('content-type') ?? '';
        const bytes = Buffer.from(await response.arrayBuffer());
        if (type.startsWith('image/')) return bytes;
        throw this.errorFromBody('getwxacodeunlimit', parseJson('getwxacodeunlimit', bytes.toString('utf8')));
      }),
    );
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
    const entry = await this.callJson(
      'stable_token',
      '/cgi-bin/stable_token',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: creds.appid, secret: creds.secret, force_refresh: false }),
      },
      (body) => {
        const token = body.access_token;
        const expiresIn = body.expires_in;
        if (typeof token !== 'string' || typeof expiresIn !== 'number') return 'answer lacks access_token';
        return { token, expiresAt: this.options.clock.now() + expiresIn * 1000 };
      },
    );
    this.tokens.set(creds.appid, entry);
    return entry;
  }

  /**
   * One JSON call, retried while WeChat says -1 (busy). `read` turns the answer into the result, or
   * says what the answer lacks (then the call failed as `malformed`). Each attempt is reported.
   */
  private async callJson<T>(api: string, path: string, init: RequestInit, read: (body: Json) => T | string): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.observed(api, async () => {
          const response = await this.fetch(api, path, init);
          const body = parseJson(api, await response.text().catch(() => ''));
          const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
          if (errcode !== 0) throw this.errorFromBody(api, body);
          const result = read(body);
          if (typeof result === 'string') throw new WechatUnavailableError(api, result, 'malformed');
          return result;
        });
      } catch (error) {
        if (!(error instanceof WechatUnavailableError && error.outcome === 'errcode_-1' && attempt < this.options.retries)) throw error;
      }
    }
  }

  /** Runs one call to WeChat and reports how it ended and how long it took. */
  private async observed<T>(api: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const report = (outcome: string) => this.options.onCall?.(api, outcome, (performance.now() - started) / 1000);
    try {
      const result = await call();
      report('ok');
      return result;
    } catch (error) {
      report(
        error instanceof WechatRejectedError
          ? `errcode_${error.errcode}`
          : error instanceof WechatUnavailableError
            ? error.outcome
            : 'error',
      );
      throw error;
    }
  }

  private errorFromBody(api: string, body: Json): Error {
    const errcode = typeof body.errcode === 'number' ? body.errcode : NaN;
    const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
    if (errcode === -1) return new WechatUnavailableError(api, 'system error (-1)', 'errcode_-1');
    if (errcode === 45011 || errcode === 45009) return new WechatUnavailableError(api, `quota reached (${errcode})`, `errcode_${errcode}`);
    if (Number.isNaN(errcode)) return new WechatUnavailableError(api, 'answer is neither data nor an error', 'malformed');
    return new WechatRejectedError(api, errcode, errmsg);
  }

  private async fetch(api: string, path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new WechatUnavailableError(
        api,
        timedOut ? `no answer within ${this.options.timeoutMs} ms` : 'network error',
        timedOut ? 'timeout' : 'network',
      );
    }
    if (this.options.refuseHeader && response.headers.has(this.options.refuseHeader)) {
      throw new WechatUnavailableError(api, 'answered by the local WeChat sandbox, which production refuses', 'sandbox');
    }
    if (!response.ok) throw new WechatUnavailableError(api, `HTTP ${response.status}`, `http_${response.status}`);
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
  throw new WechatUnavailableError(api, 'malformed answer', 'malformed');
}
