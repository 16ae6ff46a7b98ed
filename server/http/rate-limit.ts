/**
 * Who is limited, by what key, and why: the model of docs/server.md ("Rate limits"), in one place.
 * Counting is `window-counters.ts`; the routes ask here before and after they work.
 */
import type { Clock } from '../clock.ts';
import type { RateCounterStore } from '../store/types.ts';
import { WindowCounters } from './window-counters.ts';
import type { RateSyncLog } from './window-counters.ts';

export interface RateLimitSettings {
  /** Requests a minute from one client IP to one mini-program route: a flood cap, far above a carrier-grade NAT's real users. */
  requestsPerIp: number;
  /** Failed logins (WeChat refused the code, an unknown session, a bad phone proof…) from one client IP, a minute and an hour. */
  loginFailuresPerIp: number;
  loginFailuresPerIpHourly: number;
  /** Logins a minute of one WeChat user (openid, as WeChat vouches) in one pool, per route. */
  loginsPerUser: number;
  /** Failed exchanges (wrong secret, unknown ticket…) of one client against one pool, a minute and an hour. */
  exchangeFailuresPerClient: number;
  exchangeFailuresPerClientHourly: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  requestsPerIp: 3000,
  loginFailuresPerIp: 60,
  loginFailuresPerIpHourly: 1200,
  loginsPerUser: 30,
  exchangeFailuresPerClient: 20,
  exchangeFailuresPerClientHourly: 200,
};

export type MiniProgramRoute = 'profile' | 'identify' | 'issue' | 'wxacode';

/** A refusal: how long until the window that refused ends. */
export interface RateRefusal {
  retryAfterS: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export class RateLimits {
  private readonly minute: WindowCounters;
  private readonly hour: WindowCounters;

  constructor(
    private readonly settings: RateLimitSettings,
    clock: Clock,
    counters: RateCounterStore | null = null,
    log?: RateSyncLog,
  ) {
    this.minute = new WindowCounters('m', MINUTE_MS, clock, counters, log);
    this.hour = new WindowCounters('h', HOUR_MS, clock, counters, log);
  }

  /** Counts a request to a mini-program route: refused over the flood cap of its IP. */
  request(route: MiniProgramRoute, ip: string): RateRefusal | null {
    return this.minute.hit(`req|${route}|${ip}`) > this.settings.requestsPerIp ? { retryAfterS: this.minute.secondsLeft() } : null;
  }

  /**
   * Whether the client's failed logins put it in backoff: then a login that would spend a WeChat
   * call on a code nobody has vouched for yet is refused (its IP is all we know of it).
   */
  loginBackoff(ip: string): RateRefusal | null {
    return this.backoff(`loginfail|${ip}`, this.settings.loginFailuresPerIp, this.settings.loginFailuresPerIpHourly);
  }

  loginFailed(ip: string): void {
    this.failed(`loginfail|${ip}`);
  }

  /** Counts a login of a WeChat user that WeChat has vouched for: refused over that user's own limit. */
  login(route: 'identify' | 'issue', poolId: string, openid: string): RateRefusal | null {
    return this.minute.hit(`user|${route}|${poolId}|${openid}`) > this.settings.loginsPerUser
      ? { retryAfterS: this.minute.secondsLeft() }
      : null;
  }

  /** Whether one client's failed exchanges against one pool put it in backoff (the pool's right secret still passes). */
  exchangeBackoff(poolKey: string, ip: string): RateRefusal | null {
    return this.backoff(
      `exchangefail|${poolKey}|${ip}`,
      this.settings.exchangeFailuresPerClient,
      this.settings.exchangeFailuresPerClientHourly,
    );
  }

  exchangeFailed(poolKey: string, ip: string): void {
    this.failed(`exchangefail|${poolKey}|${ip}`);
  }

  /** Syncs both windows every `intervalMs`; returns the stop function. */
  startSync(intervalMs: number): () => void {
    const stops = [this.minute.startSync(intervalMs), this.hour.startSync(intervalMs)];
    return () => stops.forEach((stop) => stop());
  }

  /** Shares this process's hits with the other replicas now. Never rejects. */
  async syncNow(): Promise<void> {
    await Promise.all([this.minute.syncNow(), this.hour.syncNow()]);
  }

  private backoff(key: string, perMinute: number, perHour: number): RateRefusal | null {
    // The hour's refusal outlasts the minute's, so it is the one to report.
    if (this.hour.count(key) >= perHour) return { retryAfterS: this.hour.secondsLeft() };
    if (this.minute.count(key) >= perMinute) return { retryAfterS: this.minute.secondsLeft() };
    return null;
  }

  private failed(key: string): void {
    this.minute.hit(key);
    this.hour.hit(key);
  }
}
