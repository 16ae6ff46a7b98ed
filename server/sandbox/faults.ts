export const FAULT_APIS = ['jscode2session', 'getuserphonenumber', 'stable_token', 'token', 'getwxacodeunlimit', '*'] as const;
export const FAULT_KINDS = ['delay', 'timeout', 'system_error', 'rate_limit', 'malformed'] as const;

export type FaultApi = (typeof FAULT_APIS)[number];
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  api: FaultApi;
  kind: FaultKind;
  delayMs?: number;
  /** How many calls it affects; unlimited when absent. */
  times?: number;
}

/** Configured faults; the first one matching an API is spent one call at a time. */
export class FaultTable {
  private faults: Fault[] = [];
  private readonly calls = new Map<string, number>();

  /** How many calls reached `api` (faulted or not); lets tests see whether the service retried. */
  callsTo(api: Exclude<FaultApi, '*'>): number {
    return this.calls.get(api) ?? 0;
  }

  add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Called once per WeChat API call: counts it and returns the fault to apply, if any. */
  take(api: Exclude<FaultApi, '*'>): Fault | null {
    this.calls.set(api, this.callsTo(api) + 1);
    const index = this.faults.findIndex((fault) => fault.api === api || fault.api === '*');
    if (index < 0) return null;
    const fault = this.faults[index]!;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.splice(index, 1);
    }
    return fault;
  }
}
