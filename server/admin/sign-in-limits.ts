/**
 * Failed console sign-ins, limited as the service limits failed logins and exchanges (rate-limit.ts):
 * fixed windows of a minute and an hour in `WindowCounters`, shared by replicas on PostgreSQL. Each
 * account name and each client has its own budget; over either, sign-ins are refused with Retry-After
 * before any password is checked.
 */
import type { Clock } from '../clock.ts';
import type { RateRefusal } from '../http/rate-limit.ts';
import { WindowCounters } from '../http/window-counters.ts';
import type { RateSyncLog } from '../http/window-counters.ts';
import type { RateCounterStore } from '../store/types.ts';

export interface SignInLimitSettings {
  failuresPerAccount: number;
  failuresPerAccountHourly: number;
  failuresPerClient: number;
  failuresPerClientHourly: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimitSettings = {
  failuresPerAccount: 5,
  failuresPerAccountHourly: 20,
  failuresPerClient: 10,
  failuresPerClientHourly: 60,
};

export class SignInLimits {
  private readonly minute: WindowCounters;
  private readonly hour: WindowCounters;

  constructor(
    private readonly settings: SignInLimitSettings,
    clock: Clock,
    counters: RateCounterStore | null,
    log?: RateSyncLog,
  ) {
    this.minute = new WindowCounters('am', 60_000, clock, counters, log);
    this.hour = new WindowCounters('ah', 3_600_000, clock, counters, log);
  }

  /** Whether the account's or the client's failures refuse a sign-in now. */
  backoff(name: string, ip: string): RateRefusal | null {
    const { failuresPerAccount, failuresPerAccountHourly, failuresPerClient, failuresPerClientHourly } = this.settings;
    return (
      this.over(`admin|${name.toLowerCase()}`, failuresPerAccount, failuresPerAccountHourly) ??
      this.over(`adminip|${ip}`, failuresPerClient, failuresPerClientHourly)
    );
  }

  failed(name: string, ip: string): void {
    for (const key of [`admin|${name.toLowerCase()}`, `adminip|${ip}`]) {
      this.minute.hit(key);
      this.hour.hit(key);
    }
  }

  startSync(intervalMs: number): () => void {
    const stops = [this.minute.startSync(intervalMs), this.hour.startSync(intervalMs)];
    return () => stops.forEach((stop) => stop());
  }

  async syncNow(): Promise<void> {
    await Promise.all([this.minute.syncNow(), this.hour.syncNow()]);
  }

  private over(key: string, perMinute: number, perHour: number): RateRefusal | null {
    if (this.hour.count(key) >= perHour) return { retryAfterS: this.hour.secondsLeft() };
    if (this.minute.count(key) >= perMinute) return { retryAfterS: this.minute.secondsLeft() };
    return null;
  }
}
