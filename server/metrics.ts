/**
 * What operators watch (Prometheus, prom-client): requests and their latency per route and status;
 * WeChat calls per API and outcome; tickets issued, exchanged, refused (by reason) and expired unused;
 * phone-number verifications per pool — each a paid WeChat call, so this is the cost ledger — and the
 * ones the known-phone path saved; store errors. One registry per service (a process can run several).
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How one WeChat call ended: `ok`, `errcode_<n>`, `timeout`, `network`, `http_<status>` or `malformed`. */
export type WechatOutcome = string;

export interface ServiceEvents {
  wechatCall(api: string, outcome: WechatOutcome, seconds: number): void;
  ticketIssued(poolId: string): void;
  /** A phone proven with a getPhoneNumber code: WeChat charges for each. */
  phoneVerified(poolId: string): void;
  /** A login that used the account's verified phone instead of a new (paid) proof. */
  phoneVerificationSaved(poolId: string): void;
  ticketExchanged(poolId: string): void;
  exchangeRefused(reason: string, poolId: string): void;
  /** A mini-program login refused (a pool that exists), by the reason the caller was given. */
  loginRefused(poolId: string, reason: string): void;
  /** A WeChat call made for a pool's login failed, by outcome (`errcode_<n>`, `timeout`…). */
  wechatFailed(poolId: string, outcome: string): void;
  ticketsExpired(count: number): void;
  storeError(kind: string): void;
}

export class ServiceMetrics implements ServiceEvents {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'xdl_http_requests_total',
    help: 'HTTP requests answered, by route, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [this.registry],
  });
  readonly requestSeconds = new Histogram({
    name: 'xdl_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route and method',
    labelNames: ['route', 'method'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly wechatCalls = new Counter({
    name: 'xdl_wechat_calls_total',
    help: 'Calls to WeChat, by API and outcome (ok, errcode_<n>, timeout, network, http_<status>, malformed)',
    labelNames: ['api', 'outcome'],
    registers: [this.registry],
  });
  private readonly wechatSeconds = new Histogram({
    name: 'xdl_wechat_call_duration_seconds',
    help: 'Time of a call to WeChat, by API',
    labelNames: ['api'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly issued = new Counter({
    name: 'xdl_tickets_issued_total',
    help: 'Tickets issued, by pool',
    labelNames: ['pool'],
    registers: [this.registry],
  });
  private readonly exchanged = new Counter({
    name: 'xdl_tickets_exchanged_total',
    help: 'Tickets exchanged for the user, by pool',
    labelNames: ['pool'],
    registers: [this.registry],
  });
  private readonly refused = new Counter({
    name: 'xdl_exchanges_refused_total',
    help: 'Exchanges refused, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly loginsRefused = new Counter({
    name: 'xdl_logins_refused_total',
    help: 'Mini-program logins refused, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly expired = new Counter({
    name: 'xdl_tickets_expired_total',
    help: 'Tickets that expired unused (counted when purged)',
    registers: [this.registry],
  });
  private readonly phones = new Counter({
    name: 'xdl_phone_verifications_total',
    help: 'Phone numbers proven with a getPhoneNumber code (each a paid WeChat call), by pool',
    labelNames: ['pool'],
    registers: [this.registry],
  });
  private readonly phonesSaved = new Counter({
    name: 'xdl_phone_verifications_saved_total',
    help: 'Logins that confirmed the known phone instead of a new paid proof, by pool',
    labelNames: ['pool'],
    registers: [this.registry],
  });
  private readonly storeErrors = new Counter({
    name: 'xdl_store_errors_total',
    help: 'Store operations that failed because the store was unavailable, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  /** Process metrics (CPU, memory, event loop) too: only for a service that publishes its metrics. */
  includeProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'xdl_' });
  }

  wechatCall(api: string, outcome: WechatOutcome, seconds: number): void {
    this.wechatCalls.inc({ api, outcome });
    this.wechatSeconds.observe({ api }, seconds);
  }
  ticketIssued(poolId: string): void {
    this.issued.inc({ pool: poolId });
  }
  phoneVerified(poolId: string): void {
    this.phones.inc({ pool: poolId });
  }
  phoneVerificationSaved(poolId: string): void {
    this.phonesSaved.inc({ pool: poolId });
  }
  ticketExchanged(poolId: string): void {
    this.exchanged.inc({ pool: poolId });
  }
  exchangeRefused(reason: string): void {
    this.refused.inc({ reason });
  }
  loginRefused(_poolId: string, reason: string): void {
    this.loginsRefused.inc({ reason });
  }
  /** Already counted per API by `wechatCall`; the pool matters only to the console's stats. */
  wechatFailed(): void {}
  ticketsExpired(count: number): void {
    this.expired.inc(count);
  }
  storeError(kind: string): void {
    this.storeErrors.inc({ kind });
  }
}
