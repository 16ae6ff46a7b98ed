/**
 * Who is limited, by what key, and why: the model of docs/server.md ("Rate limits"), in one place.
 * Counting is `window-counters.ts`; the routes ask here before and after they work.
 */
import type { Clock } from '../clock.ts';
import type { RateCounterStore } from '../store/types.ts';
import { MinuteAndHour } from './window-counters.ts';
import type { RateRefusal, RateSyncLog } from './window-counters.ts';

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

export class RateLimits {
  private readonly windows: MinuteAndHour;

  constructor(
    private readonly settings: RateLimitSettings,
    clock: Clock,
    counters: RateCounterStore | null = null,
    log?: RateSyncLog,
  ) {
    this.windows = new MinuteAndHour('', clock, counters, log);
  }

  /** Counts a request to a mini-program route: refused over the flood cap of its IP. */
  request(route: MiniProgramRoute, ip: string): RateRefusal | null {
    return this.windows.minute.hit(`req|${route}|${ip}`) > this.settings.requestsPerIp
      ? { retryAfterS: this.windows.minute.secondsLeft() }
      : null;
  }

  /**
   * Whether the client's failed logins put it in backoff: then a login that would spend a WeChat
   * call on a code nobody has vouched for yet is refused (its IP is all we know of it).
   */
  loginBackoff(ip: string): RateRefusal | null {
    return this.windows.over(`loginfail|${ip}`, this.settings.loginFailuresPerIp, this.settings.loginFailuresPerIpHourly);
  }

  loginFailed(ip: string): void {
    this.windows.hit(`loginfail|${ip}`);
  }

  /** Counts a login of a WeChat user that WeChat has vouched for: refused over that user's own limit. */
  login(route: 'identify' | 'issue', poolId: string, openid: string): RateRefusal | null {
    return this.windows.minute.hit(`user|${route}|${poolId}|${openid}`) > this.settings.loginsPerUser
      ? { retryAfterS: this.windows.minute.secondsLeft() }
      : null;
  }

  /** Whether one client's failed exchanges against one pool put it in backoff (the pool's right secret still passes). */
  exchangeBackoff(poolKey: string, ip: string): RateRefusal | null {
    return this.windows.over(
      `exchangefail|${poolKey}|${ip}`,
      this.settings.exchangeFailuresPerClient,
      this.settings.exchangeFailuresPerClientHourly,
    );
  }

  exchangeFailed(poolKey: string, ip: string): void {
    this.windows.hit(`exchangefail|${poolKey}|${ip}`);
  }

  /** Syncs both windows every `intervalMs`; returns the stop function. */
  startSync(intervalMs: number): () => void {
    return this.windows.startSync(intervalMs);
  }

  /** Shares this process's hits with the other replicas now. Never rejects. */
  syncNow(): Promise<void> {
    return this.windows.syncNow();
  }
}
