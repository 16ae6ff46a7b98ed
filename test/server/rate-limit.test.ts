import { describe, expect, it, vi } from 'vitest';
import { manualClock } from '../../server/clock.ts';
import type { ManualClock } from '../../server/clock.ts';
import { RateLimiter } from '../../server/http/rate-limit.ts';
import type { RateLimitSettings, RateSyncLog } from '../../server/http/rate-limit.ts';
import type { RateCounterStore } from '../../server/store/types.ts';

const WINDOW_MS = 60_000;
/** A window start, so that a test's requests all fall in one window unless it advances the clock. */
const WINDOW_START = Date.UTC(2025, 0, 1);

/** The shared table of a store, in memory; `down` makes it fail as an unreachable database would. */
class FakeCounters implements RateCounterStore {
  readonly rows = new Map<string, number>();
  readonly purges: number[] = [];
  down = false;
  private gate: Promise<void> | null = null;
  private entered: () => void = () => {};

  /** The next `addRateHits` waits for `release`; `entered` resolves once it has been called. */
  hold(): { entered: Promise<void>; release(): void } {
    let release = () => {};
    this.gate = new Promise((resolve) => (release = resolve));
    const entered = new Promise<void>((resolve) => (this.entered = resolve));
    return { entered, release };
  }

  async addRateHits(windowStart: Date, hits: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const snapshot = new Map(hits);
    this.entered();
    if (this.gate) await this.gate;
    this.gate = null;
    hits = snapshot;
    const totals = new Map<string, number>();
    for (const [key, count] of hits) {
      const rowKey = `${windowStart.getTime()}/${key}`;
      const total = (this.rows.get(rowKey) ?? 0) + count;
      this.rows.set(rowKey, total);
      totals.set(key, total);
    }
    return totals;
  }

  async purgeRateCounters(windowStart: Date): Promise<void> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    this.purges.push(windowStart.getTime());
    for (const rowKey of this.rows.keys()) {
      if (Number(rowKey.split('/')[0]) < windowStart.getTime()) this.rows.delete(rowKey);
    }
  }
}

class RecordingLog implements RateSyncLog {
  readonly lines: string[] = [];
  warn(fields: object, message: string): void {
    this.lines.push(`warn ${message} ${JSON.stringify(fields)}`);
  }
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
}

function limits(settings: Partial<RateLimitSettings>): RateLimitSettings {
  return { perIp: 1000, perPool: 1000, windowMs: WINDOW_MS, ...settings };
}

/** How many of `count` requests from distinct IPs to one pool the limiter admits. */
function admitted(limiter: RateLimiter, count: number, poolId = 'pool-a'): number {
  let allowed = 0;
  for (let i = 0; i < count; i++) if (limiter.allow('exchange', `10.0.0.${i}`, poolId)) allowed++;
  return allowed;
}

describe('rate limiter, one process', () => {
  let clock: ManualClock;
  const local = (settings: Partial<RateLimitSettings>) => {
    clock = manualClock(WINDOW_START);
    return new RateLimiter(limits(settings), clock);
  };

  it('limits per IP and route, other IPs and routes unaffected', () => {
    const limiter = local({ perIp: 2 });
    expect([1, 2, 3].map(() => limiter.allow('identify', '1.1.1.1', 'p'))).toEqual([true, true, false]);
    expect(limiter.allow('identify', '2.2.2.2', 'p')).toBe(true);
    expect(limiter.allow('issue', '1.1.1.1', 'p')).toBe(true);
  });

  it('limits per pool across IPs, other pools unaffected', () => {
    const limiter = local({ perPool: 3 });
    expect(admitted(limiter, 5)).toBe(3);
    expect(admitted(limiter, 1, 'pool-b')).toBe(1);
  });

  it('starts afresh in the next window, aligned to the clock', () => {
    const limiter = local({ perPool: 2 });
    clock.advance(WINDOW_MS - 1);
    expect(admitted(limiter, 3)).toBe(2);
    clock.advance(1);
    expect(admitted(limiter, 3)).toBe(2);
  });

  it('syncs as a no-op without shared counters', async () => {
    const limiter = local({ perPool: 2 });
    expect(admitted(limiter, 2)).toBe(2);
    await limiter.syncNow();
    expect(admitted(limiter, 1)).toBe(0);
  });
});

describe('rate limiter, replicas sharing counters', () => {
  const replicas = (settings: Partial<RateLimitSettings>, count = 2) => {
    const clock = manualClock(WINDOW_START);
    const counters = new FakeCounters();
    const log = new RecordingLog();
    const limiters = Array.from({ length: count }, () => new RateLimiter(limits(settings), clock, counters, log));
    return { clock, counters, log, limiters };
  };

  it('counts the hits of every replica once synced', async () => {
    const {
      limiters: [a, b],
    } = replicas({ perPool: 10 });
    expect(admitted(a!, 6)).toBe(6);
    await a!.syncNow();
    expect(admitted(b!, 1)).toBe(1);
    await b!.syncNow();
    expect(admitted(b!, 6)).toBe(3);
    await b!.syncNow();
    expect(admitted(a!, 1)).toBe(1);
    await a!.syncNow();
    expect(admitted(a!, 1)).toBe(0);
  });

  it('adds each hit to the shared counters exactly once, however often it syncs', async () => {
    const {
      limiters: [a],
      counters,
    } = replicas({ perPool: 10 });
    admitted(a!, 3);
    await a!.syncNow();
    await a!.syncNow();
    admitted(a!, 2);
    await Promise.all([a!.syncNow(), a!.syncNow()]);
    expect(counters.rows.get(`${WINDOW_START}/pool|exchange|pool-a`)).toBe(5);
    expect(admitted(a!, 10)).toBe(5);
  });

  it('keeps hits made while a sync is under way pending for the next', async () => {
    const {
      limiters: [a],
      counters,
    } = replicas({ perPool: 10 });
    admitted(a!, 2);
    const held = counters.hold();
    const syncing = a!.syncNow();
    await held.entered;
    admitted(a!, 3);
    held.release();
    await syncing;
    expect(counters.rows.get(`${WINDOW_START}/pool|exchange|pool-a`)).toBe(2);
    expect(admitted(a!, 10)).toBe(5);
    await a!.syncNow();
    expect(counters.rows.get(`${WINDOW_START}/pool|exchange|pool-a`)).toBe(15);
  });

  it('admits at most the limit plus two sync intervals of every replica', async () => {
    const { limiters } = replicas({ perPool: 10 }, 3);
    let total = 0;
    for (let round = 0; round < 10; round++) {
      for (const limiter of limiters) total += admitted(limiter, 2);
      for (const limiter of limiters) await limiter.syncNow();
    }
    // The first replica to sync reads the table before the others flushed that round: it lags a round.
    expect(total).toBe(14);
    expect(total).toBeLessThanOrEqual(10 + 3 * 2 * 2);
  });

  it('rolls over to a new window: old totals do not count, old windows are purged', async () => {
    const {
      clock,
      counters,
      limiters: [a, b],
    } = replicas({ perPool: 4 });
    admitted(a!, 4);
    await a!.syncNow();
    expect(counters.purges).toEqual([WINDOW_START]);
    clock.advance(WINDOW_MS);
    expect(admitted(b!, 4)).toBe(4);
    await b!.syncNow();
    expect(counters.purges).toEqual([WINDOW_START, WINDOW_START + WINDOW_MS]);
    expect([...counters.rows.keys()].every((rowKey) => rowKey.startsWith(`${WINDOW_START + WINDOW_MS}/`))).toBe(true);
    expect(admitted(a!, 1)).toBe(1);
    await a!.syncNow();
    expect(admitted(a!, 1)).toBe(0);
  });

  it('drops the answer of a sync that crossed into a new window', async () => {
    const {
      clock,
      counters,
      limiters: [a, b],
    } = replicas({ perPool: 4 });
    admitted(b!, 4);
    await b!.syncNow();
    admitted(a!, 1);
    const held = counters.hold();
    const syncing = a!.syncNow();
    await held.entered;
    clock.advance(WINDOW_MS);
    held.release();
    await syncing;
    expect(admitted(a!, 5)).toBe(4);
  });

  it('keeps limiting locally while the store is down, logs once, and shares the hits when it is back', async () => {
    const {
      counters,
      log,
      limiters: [a, b],
    } = replicas({ perPool: 10 });
    counters.down = true;
    expect(admitted(a!, 4)).toBe(4);
    await a!.syncNow();
    expect(admitted(a!, 4)).toBe(4);
    await a!.syncNow();
    expect(admitted(a!, 4)).toBe(2);
    expect(log.lines).toEqual([
      'warn rate limit sync failed: limiting per process until the store answers {"reason":"connect ECONNREFUSED 127.0.0.1:5432"}',
    ]);
    counters.down = false;
    await a!.syncNow();
    expect(log.lines.at(-1)).toBe('info rate limit sync recovered');
    expect(counters.rows.get(`${WINDOW_START}/pool|exchange|pool-a`)).toBe(12);
    admitted(b!, 1);
    await b!.syncNow();
    expect(admitted(b!, 1)).toBe(0);
  });

  it('syncs on its own timer', async () => {
    const {
      counters,
      limiters: [a],
    } = replicas({ perPool: 10 });
    vi.useFakeTimers();
    const stop = a!.startSync(1000);
    try {
      admitted(a!, 3);
      await vi.advanceTimersByTimeAsync(999);
      expect(counters.rows.get(`${WINDOW_START}/pool|exchange|pool-a`)).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(counters.rows.get(`${WINDOW_START}/pool|exchange|pool-a`)).toBe(3);
      admitted(a!, 2);
      stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(counters.rows.get(`${WINDOW_START}/pool|exchange|pool-a`)).toBe(3);
    } finally {
      stop();
      vi.useRealTimers();
    }
  });
});
