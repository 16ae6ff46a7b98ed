import type { Clock } from '../clock.ts';
import type { RateCounterStore } from '../store/types.ts';

/** How often a replica adds its hits to the shared counters and reads back the totals. */
export const DEFAULT_RATE_SYNC_MS = 1000;

export interface RateSyncLog {
  warn(fields: object, message: string): void;
  info(message: string): void;
}

const SILENT: RateSyncLog = { warn: () => {}, info: () => {} };

/**
 * Hits per key in fixed windows aligned to the epoch, so that every replica counts the same window.
 * Read in memory: a key's count is the total of every replica as of this process's last sync plus
 * this process's own hits since. A background sync (`startSync`/`syncNow`) adds those hits to
 * the shared counters and reads the new totals back, so replicas converge within one sync interval.
 * Without shared counters (the embedded store: one process) the limits are this process's alone.
 * If the store does not answer, hits stay pending and are added at the next sync that succeeds.
 *
 * Not @fastify/rate-limit: its shared stores make one round trip per request (Redis, or a custom
 * store), and a PostgreSQL deployment has no Redis; an in-memory store there would give each replica
 * its own count, and its limits are per route and IP rather than the failure budgets and WeChat
 * identities our model keys on. Counting in memory and syncing in the background keeps the request
 * path free of the database while replicas still share one limit (docs/server.md, "Rate limits").
 */
export class WindowCounters {
  private windowStart = Number.NaN;
  /** Every replica's hits in this window, as of this process's last sync of the key. */
  private shared = new Map<string, number>();
  /** This process's hits in this window not yet added to the shared counters. */
  private pending = new Map<string, number>();
  private purgedWindow = Number.NaN;
  private failing = false;
  private syncs: Promise<void> = Promise.resolve();
  private syncsQueued = 0;

  /**
   * `scope` names these counters in the shared table (keys are stored as `scope|key`), so counters
   * of different window lengths never purge each other's rows.
   */
  constructor(
    private readonly scope: string,
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly counters: RateCounterStore | null = null,
    private readonly log: RateSyncLog = SILENT,
  ) {}

  /** Counts one hit; returns the key's count in this window, this hit included. */
  hit(key: string): number {
    this.enterWindow(this.clock.now());
    const mine = (this.pending.get(key) ?? 0) + 1;
    this.pending.set(key, mine);
    return (this.shared.get(key) ?? 0) + mine;
  }

  /** The key's count in this window, without counting. */
  count(key: string): number {
    this.enterWindow(this.clock.now());
    return (this.shared.get(key) ?? 0) + (this.pending.get(key) ?? 0);
  }

  /** Whole seconds until this window ends (at least 1): what a refusal's Retry-After says. */
  secondsLeft(): number {
    const now = this.clock.now();
    return Math.max(1, Math.ceil((this.windowMs - (now % this.windowMs)) / 1000));
  }

  /** Syncs every `intervalMs` (skipping a beat while one is still running); returns the stop function. */
  startSync(intervalMs: number): () => void {
    if (!this.counters) return () => {};
    const timer = setInterval(() => {
      if (this.syncsQueued === 0) void this.syncNow();
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Adds this process's pending hits to the shared counters and reads back the totals. Never rejects. */
  syncNow(): Promise<void> {
    this.syncsQueued++;
    this.syncs = this.syncs.then(() => this.syncOnce()).finally(() => this.syncsQueued--);
    return this.syncs;
  }

  private enterWindow(now: number): void {
    const start = now - (now % this.windowMs);
    if (start === this.windowStart) return;
    this.windowStart = start;
    this.shared = new Map();
    this.pending = new Map();
  }

  private async syncOnce(): Promise<void> {
    if (!this.counters) return;
    this.enterWindow(this.clock.now());
    const windowStart = this.windowStart;
    const sent = new Map(this.pending);
    const prefix = `${this.scope}|`;
    try {
      const stored = await this.counters.addRateHits(new Date(windowStart), new Map([...sent].map(([key, hits]) => [prefix + key, hits])));
      const totals = new Map([...stored].map(([key, hits]) => [key.slice(prefix.length), hits]));
      // Hits that came in meanwhile stay pending; a window that ended meanwhile is history.
      if (windowStart === this.windowStart) this.settle(sent, totals);
      if (this.purgedWindow !== windowStart) {
        await this.counters.purgeRateCounters(new Date(windowStart), this.scope);
        this.purgedWindow = windowStart;
      }
    } catch (error) {
      if (!this.failing) {
        const reason = error instanceof Error ? error.message : String(error);
        this.log.warn({ counters: this.scope, reason }, 'rate limit sync failed: limiting per process until the store answers');
      }
      this.failing = true;
      return;
    }
    if (this.failing) this.log.info(`rate limit sync recovered (${this.scope})`);
    this.failing = false;
  }

  private settle(sent: ReadonlyMap<string, number>, totals: ReadonlyMap<string, number>): void {
    for (const [key, hits] of sent) {
      const left = (this.pending.get(key) ?? 0) - hits;
      if (left > 0) this.pending.set(key, left);
      else this.pending.delete(key);
      this.shared.set(key, totals.get(key) ?? (this.shared.get(key) ?? 0) + hits);
    }
  }
}

/** A refusal: how long until the window that refused ends. */
export interface RateRefusal {
  retryAfterS: number;
}

/**
 * The same keys counted in a minute's and an hour's window: what a budget of failures "a minute and an
 * hour" needs. `scope` names the pair's counters in the store (`<scope>m`, `<scope>h`).
 */
export class MinuteAndHour {
  readonly minute: WindowCounters;
  readonly hour: WindowCounters;

  constructor(scope: string, clock: Clock, counters: RateCounterStore | null, log?: RateSyncLog) {
    this.minute = new WindowCounters(`${scope}m`, 60_000, clock, counters, log);
    this.hour = new WindowCounters(`${scope}h`, 3_600_000, clock, counters, log);
  }

  hit(key: string): void {
    this.minute.hit(key);
    this.hour.hit(key);
  }

  /** A refusal once either window holds its limit of hits; the hour's outlasts the minute's, so it is the one to report. */
  over(key: string, perMinute: number, perHour: number): RateRefusal | null {
    if (this.hour.count(key) >= perHour) return { retryAfterS: this.hour.secondsLeft() };
    if (this.minute.count(key) >= perMinute) return { retryAfterS: this.minute.secondsLeft() };
    return null;
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
}
