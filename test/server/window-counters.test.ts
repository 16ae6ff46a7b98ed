import { describe, expect, it, vi } from 'vitest';
import { manualClock } from '../../server/clock.ts';
import type { ManualClock } from '../../server/clock.ts';
import { WindowCounters } from '../../server/http/window-counters.ts';
import type { RateSyncLog } from '../../server/http/window-counters.ts';
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

  async purgeRateCounters(windowStart: Date, scope: string): Promise<void> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    this.purges.push(windowStart.getTime());
    for (const rowKey of this.rows.keys()) {
      const [start, key = ''] = rowKey.split('/');
      if (Number(start) < windowStart.getTime() && key.startsWith(`${scope}|`)) this.rows.delete(rowKey);
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

/** How many of `count` hits on one key stay within `limit`. */
function admitted(counters: WindowCounters, count: number, limit: number, key = 'pool-a'): number {
  let allowed = 0;
  for (let i = 0; i < count; i++) if (counters.hit(key) <= limit) allowed++;
  return allowed;
}

describe('window counters, one process', () => {
  let clock: ManualClock;
  const local = () => {
    clock = manualClock(WINDOW_START);
    return new WindowCounters('m', WINDOW_MS, clock);
  };

  it('counts per key, other keys unaffected, and reads a count without adding to it', () => {
    const counters = local();
    expect([1, 2, 3].map(() => counters.hit('a'))).toEqual([1, 2, 3]);
    expect(counters.count('a')).toBe(3);
    expect(counters.count('b')).toBe(0);
    expect(counters.hit('b')).toBe(1);
  });

  it('starts afresh in the next window, aligned to the clock, and says how long the window has left', () => {
    const counters = local();
    clock.advance(WINDOW_MS - 1500);
    expect(counters.secondsLeft()).toBe(2);
    expect(admitted(counters, 3, 2)).toBe(2);
    clock.advance(1500);
    expect(counters.secondsLeft()).toBe(60);
    expect(admitted(counters, 3, 2)).toBe(2);
  });

  it('syncs as a no-op without shared counters', async () => {
    const counters = local();
    expect(admitted(counters, 2, 2)).toBe(2);
    await counters.syncNow();
    expect(admitted(counters, 1, 2)).toBe(0);
  });
});

describe('window counters, replicas sharing counters', () => {
  /** `count` replicas' counters on one shared table, and how many hits of each stay within `limit`. */
  let limit = 10;
  const replicas = (perWindow: number, count = 2) => {
    limit = perWindow;
    const clock = manualClock(WINDOW_START);
    const counters = new FakeCounters();
    const log = new RecordingLog();
    const limiters = Array.from({ length: count }, () => new WindowCounters('m', WINDOW_MS, clock, counters, log));
    return { clock, counters, log, limiters };
  };
  const admit = (counters: WindowCounters, count: number) => admitted(counters, count, limit);

  it('counts the hits of every replica once synced', async () => {
    const {
      limiters: [a, b],
    } = replicas(10);
    expect(admit(a!, 6)).toBe(6);
    await a!.syncNow();
    expect(admit(b!, 1)).toBe(1);
    await b!.syncNow();
    expect(admit(b!, 6)).toBe(3);
    await b!.syncNow();
    expect(admit(a!, 1)).toBe(1);
    await a!.syncNow();
    expect(admit(a!, 1)).toBe(0);
  });

  it('adds each hit to the shared counters exactly once, however often it syncs', async () => {
    const {
      limiters: [a],
      counters,
    } = replicas(10);
    admit(a!, 3);
    await a!.syncNow();
    await a!.syncNow();
    admit(a!, 2);
    await Promise.all([a!.syncNow(), a!.syncNow()]);
    expect(counters.rows.get(`${WINDOW_START}/m|pool-a`)).toBe(5);
    expect(admit(a!, 10)).toBe(5);
  });

  it('keeps hits made while a sync is under way pending for the next', async () => {
    const {
      limiters: [a],
      counters,
    } = replicas(10);
    admit(a!, 2);
    const held = counters.hold();
    const syncing = a!.syncNow();
    await held.entered;
    admit(a!, 3);
    held.release();
    await syncing;
    expect(counters.rows.get(`${WINDOW_START}/m|pool-a`)).toBe(2);
    expect(admit(a!, 10)).toBe(5);
    await a!.syncNow();
    expect(counters.rows.get(`${WINDOW_START}/m|pool-a`)).toBe(15);
  });

  it('admits at most the limit plus two sync intervals of every replica', async () => {
    const { limiters } = replicas(10, 3);
    let total = 0;
    for (let round = 0; round < 10; round++) {
      for (const limiter of limiters) total += admit(limiter, 2);
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
    } = replicas(4);
    admit(a!, 4);
    await a!.syncNow();
    expect(counters.purges).toEqual([WINDOW_START]);
    clock.advance(WINDOW_MS);
    expect(admit(b!, 4)).toBe(4);
    await b!.syncNow();
    expect(counters.purges).toEqual([WINDOW_START, WINDOW_START + WINDOW_MS]);
    expect([...counters.rows.keys()].every((rowKey) => rowKey.startsWith(`${WINDOW_START + WINDOW_MS}/`))).toBe(true);
    expect(admit(a!, 1)).toBe(1);
    await a!.syncNow();
    expect(admit(a!, 1)).toBe(0);
  });

  it('drops the answer of a sync that crossed into a new window', async () => {
    const {
      clock,
      counters,
      limiters: [a, b],
    } = replicas(4);
    admit(b!, 4);
    await b!.syncNow();
    admit(a!, 1);
    const held = counters.hold();
    const syncing = a!.syncNow();
    await held.entered;
    clock.advance(WINDOW_MS);
    held.release();
    await syncing;
    expect(admit(a!, 5)).toBe(4);
  });

  it('keeps limiting locally while the store is down, logs once, and shares the hits when it is back', async () => {
    const {
      counters,
      log,
      limiters: [a, b],
    } = replicas(10);
    counters.down = true;
    expect(admit(a!, 4)).toBe(4);
    await a!.syncNow();
    expect(admit(a!, 4)).toBe(4);
    await a!.syncNow();
    expect(admit(a!, 4)).toBe(2);
    expect(log.lines).toEqual([
      'warn rate limit sync failed: limiting per process until the store answers {"counters":"m","reason":"connect ECONNREFUSED 127.0.0.1:5432"}',
    ]);
    counters.down = false;
    await a!.syncNow();
    expect(log.lines.at(-1)).toBe('info rate limit sync recovered (m)');
    expect(counters.rows.get(`${WINDOW_START}/m|pool-a`)).toBe(12);
    admit(b!, 1);
    await b!.syncNow();
    expect(admit(b!, 1)).toBe(0);
  });

  it('syncs on its own timer', async () => {
    const {
      counters,
      limiters: [a],
    } = replicas(10);
    vi.useFakeTimers();
    const stop = a!.startSync(1000);
    try {
      admit(a!, 3);
      await vi.advanceTimersByTimeAsync(999);
      expect(counters.rows.get(`${WINDOW_START}/m|pool-a`)).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(counters.rows.get(`${WINDOW_START}/m|pool-a`)).toBe(3);
      admit(a!, 2);
      stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(counters.rows.get(`${WINDOW_START}/m|pool-a`)).toBe(3);
    } finally {
      stop();
      vi.useRealTimers();
    }
  });

  it('counters of another scope keep their rows when one scope purges its older windows', async () => {
    const clock = manualClock(WINDOW_START);
    const shared = new FakeCounters();
    const minute = new WindowCounters('m', WINDOW_MS, clock, shared);
    const hour = new WindowCounters('h', 60 * WINDOW_MS, clock, shared);
    minute.hit('k');
    hour.hit('k');
    await Promise.all([minute.syncNow(), hour.syncNow()]);
    clock.advance(WINDOW_MS);
    minute.hit('k');
    hour.hit('k');
    await minute.syncNow();
    await hour.syncNow();
    expect(hour.count('k')).toBe(2);
    expect([...shared.rows].sort()).toEqual([
      [`${WINDOW_START}/h|k`, 2],
      [`${WINDOW_START + WINDOW_MS}/m|k`, 1],
    ]);
  });
});
