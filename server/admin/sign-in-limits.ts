/**
 * Failed console sign-ins, limited as the service limits failed logins and exchanges (rate-limit.ts):
 * fixed windows of a minute and an hour in `WindowCounters`, shared by replicas on PostgreSQL. Each
 * account name and each client has its own budget; over either, sign-ins are refused with Retry-After
 * before any password is checked.
 */
import type { Clock } from '../clock.ts';
import { MinuteAndHour } from '../http/window-counters.ts';
import type { RateRefusal, RateSyncLog } from '../http/window-counters.ts';
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
  private readonly windows: MinuteAndHour;

  constructor(
    private readonly settings: SignInLimitSettings,
    clock: Clock,
    counters: RateCounterStore | null,
    log?: RateSyncLog,
  ) {
    this.windows = new MinuteAndHour('a', clock, counters, log);
  }

  /** Whether the account's or the client's failures refuse a sign-in now. */
  backoff(name: string, ip: string): RateRefusal | null {
    const { failuresPerAccount, failuresPerAccountHourly, failuresPerClient, failuresPerClientHourly } = this.settings;
    return (
      this.windows.over(`admin|${name.toLowerCase()}`, failuresPerAccount, failuresPerAccountHourly) ??
      this.windows.over(`adminip|${ip}`, failuresPerClient, failuresPerClientHourly)
    );
  }

  failed(name: string, ip: string): void {
    this.windows.hit(`admin|${name.toLowerCase()}`);
    this.windows.hit(`adminip|${ip}`);
  }

  startSync(intervalMs: number): () => void {
    return this.windows.startSync(intervalMs);
  }

  syncNow(): Promise<void> {
    return this.windows.syncNow();
  }
}
