/**
 * Per-pool hourly counts for the console's dashboard. The Prometheus metrics (metrics.ts) are per
 * process and mostly not per pool; these are kept in the store, so every replica adds to the same rows
 * and the console shows the whole service. Counted in memory and added to the store in the background
 * (and before the dashboard reads), so a login or exchange never waits on them.
 */
import type { Clock } from './clock.ts';
import type { ServiceEvents } from './metrics.ts';
import type { AdminStore } from './store/admin-types.ts';

export const HOUR_MS = 3_600_000;
export const DEFAULT_STATS_FLUSH_MS = 5000;

/** The names the dashboard reads (`<kind>:<detail>` for the ones by reason or outcome). */
export const STAT = {
  logins: 'logins',
  exchanges: 'exchanges',
  phoneVerified: 'phone_verified',
  phoneSaved: 'phone_saved',
  loginRefused: 'login_refused:',
  exchangeRefused: 'exchange_refused:',
  wechatError: 'wechat_error:',
} as const;

type PoolEvents = Pick<
  ServiceEvents,
  'ticketIssued' | 'ticketExchanged' | 'phoneVerified' | 'phoneVerificationSaved' | 'exchangeRefused' | 'loginRefused' | 'wechatFailed'
>;

export interface StatsLog {
  warn(fields: object, message: string): void;
}

export class PoolStats implements PoolEvents {
  /** Hour start → `poolId|metric` → count not yet in the store. */
  private pending = new Map<number, Map<string, number>>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: AdminStore,
    private readonly clock: Clock,
    private readonly log?: StatsLog,
  ) {}

  ticketIssued(poolId: string): void {
    this.count(poolId, STAT.logins);
  }
  ticketExchanged(poolId: string): void {
    this.count(poolId, STAT.exchanges);
  }
  phoneVerified(poolId: string): void {
    this.count(poolId, STAT.phoneVerified);
  }
  phoneVerificationSaved(poolId: string): void {
    this.count(poolId, STAT.phoneSaved);
  }
  exchangeRefused(reason: string, poolId: string): void {
    // An unknown pool would grow the table with made-up ids.
    if (reason !== 'pool_not_found') this.count(poolId, STAT.exchangeRefused + reason);
  }
  loginRefused(poolId: string, reason: string): void {
    this.count(poolId, STAT.loginRefused + reason);
  }
  wechatFailed(poolId: string, outcome: string): void {
    this.count(poolId, STAT.wechatError + outcome);
  }

  private count(poolId: string, metric: string): void {
    const now = this.clock.now();
    const hour = now - (now % HOUR_MS);
    let counts = this.pending.get(hour);
    if (!counts) this.pending.set(hour, (counts = new Map()));
    const key = `${poolId}|${metric}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  /** Adds what was counted to the store; counts a failed write keeps for the next flush. Never rejects. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  startFlushing(intervalMs: number): () => void {
    const timer = setInterval(() => void this.flush(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async flushOnce(): Promise<void> {
    const taken = this.pending;
    this.pending = new Map();
    for (const [hour, counts] of taken) {
      try {
        await this.store.addPoolStats(new Date(hour), counts);
      } catch (error) {
        this.log?.warn({ reason: error instanceof Error ? error.message : String(error) }, 'pool stats not saved; kept for the next try');
        const kept = this.pending.get(hour) ?? new Map<string, number>();
        for (const [key, n] of counts) kept.set(key, (kept.get(key) ?? 0) + n);
        this.pending.set(hour, kept);
      }
    }
  }
}
