import type { Clock } from '../clock.ts';

export interface RateLimitSettings {
  /** Requests per window from one client IP to one route. */
  perIp: number;
  /** Requests per window for one pool on one route, all clients together. */
  perPool: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = { perIp: 60, perPool: 1200, windowMs: 60_000 };

/**
 * Fixed-window counters in this process. With several replicas each enforces its own share; a shared
 * limiter would cost a store round trip on every request, which the limits do not justify.
 */
export class RateLimiter {
  private counts = new Map<string, number>();
  private windowStart = 0;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly clock: Clock,
  ) {}

  /** Counts one request; false when either its IP or its pool is over the limit. */
  allow(route: string, ip: string, poolId: string): boolean {
    const now = this.clock.now();
    if (now - this.windowStart >= this.settings.windowMs) {
      this.counts.clear();
      this.windowStart = now;
    }
    const ipCount = this.bump(`ip|${route}|${ip}`);
    const poolCount = this.bump(`pool|${route}|${poolId}`);
    return ipCount <= this.settings.perIp && poolCount <= this.settings.perPool;
  }

  private bump(key: string): number {
    const next = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, next);
    return next;
  }
}
