import type { FastifyInstance } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { systemClock } from './clock.ts';
import type { Clock } from './clock.ts';
import { ExchangeService } from './exchange.ts';
import { buildApp } from './http/app.ts';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_WECHAT_TIMEOUT_MS, WECHAT_API_URL } from './defaults.ts';
import { createLogger } from './http/logger.ts';
import { DEFAULT_RATE_LIMITS, RateLimits } from './http/rate-limit.ts';
import type { RateLimitSettings } from './http/rate-limit.ts';
import { DEFAULT_RATE_SYNC_MS } from './http/window-counters.ts';
import { LoginService } from './login.ts';
import { createPool, rotatePoolSecret, updatePool } from './pools.ts';
import type { PoolSettings, PoolSettingsUpdate } from './pools.ts';
import { SANDBOX_HEADER } from './sandbox/index.ts';
import { openStore, storeOptions, type StoreOptions } from './store/open.ts';
import { StoreUnavailableError, asStoreError } from './store/unavailable.ts';
import type { PoolRecord, Store } from './store/types.ts';
import type { DataKey } from './secret-box.ts';
import { KEY_REFRESH_MS } from './signing-keys.ts';
import { TokenSigner } from './token-signer.ts';
import { WechatClient } from './wechat/client.ts';
import type { WechatCredentials } from './wechat/client.ts';
import { WxaCodes } from './wxacode.ts';
import { ServiceMetrics } from './metrics.ts';
import { startMetricsListener } from './http/metrics-routes.ts';
import { AdminAccounts, AdminAuth, DEFAULT_SESSION_LIFETIMES } from './admin/auth.ts';
import type { SessionLifetimes } from './admin/auth.ts';
import type { ScryptParams } from './admin/passwords.ts';
import { DEFAULT_SIGN_IN_LIMITS, SignInLimits } from './admin/sign-in-limits.ts';
import type { SignInLimitSettings } from './admin/sign-in-limits.ts';
import { DEFAULT_STATS_FLUSH_MS, PoolStats } from './pool-stats.ts';
import type { ServiceEvents } from './metrics.ts';
import { DEFAULT_TRY_PREFIX } from './try-link.ts';

export { DEFAULT_PORT, WECHAT_API_URL } from './defaults.ts';
const PURGE_EVERY_MS = 10 * 60_000;

export interface ServiceOptions {
  /** 0 = a free port; default 8787. */
  port?: number;
  host?: string;
  wechatBaseUrl: string;
  /** An open store (the caller closes it), or which kind to open; default PostgreSQL if `databaseUrl` is given, else embedded. */
  store?: Store | 'embedded' | 'postgres';
  /** Embedded store folder; absent: in memory. */
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema for the tables; default public. */
  databaseSchema?: string;
  /** Keys sealing AppSecrets, session keys and signing keys when this opens the store; required for PostgreSQL. */
  dataKeys?: readonly DataKey[];
  hostedApp: WechatCredentials;
  clock?: Clock;
  /** Default: NODE_ENV === 'production'. Production refuses any WeChat but the real one. */
  production?: boolean;
  /** Issuer of the exchange token; default the service URL. */
  publicUrl?: string;
  wechatTimeoutMs?: number;
  wechatRetries?: number;
  rateLimits?: Partial<RateLimitSettings>;
  /** How often replicas on PostgreSQL share their rate-limit hits; default 1000 ms; 0: only `syncRateLimits()`. */
  rateLimitSyncMs?: number;
  /** false: no logs; default info to stdout. */
  logger?: false | { level?: string; stream?: DestinationStream };
  /** Addresses or CIDRs of the proxies in front of the service: only their X-Forwarded-For is believed. */
  trustedProxies?: readonly string[];
  /** Publish the metrics (server/metrics.ts): behind a bearer token on this listener, and/or on a port of their own. */
  metrics?: { token?: string; port?: number };
  /** The operator console (docs/console.md): on once `xiaodenglu admin create` has made an admin. */
  console?: {
    signInLimits?: Partial<SignInLimitSettings>;
    sessions?: Partial<SessionLifetimes>;
    /** The 普通链接二维码 rule of the try-it QR; default XDL_TRY_URL_PREFIX's default. */
    tryUrlPrefix?: string;
    /** Where the built console is (default dist-console/). */
    dir?: string;
    /** scrypt parameters for passwords set through `Service.admins` (default `DEFAULT_SCRYPT`; tests use cheaper ones). */
    passwordHashing?: ScryptParams;
    /** How often per-pool stats are added to the store; default 5000 ms; 0: only `flushStats()` (and the dashboard). */
    statsFlushMs?: number;
  };
}

export interface Service {
  url: string;
  store: Store;
  app: FastifyInstance;
  pools: {
    create(settings: PoolSettings): Promise<{ poolId: string; secret: string; pool: PoolRecord }>;
    update(poolId: string, update: PoolSettingsUpdate): Promise<PoolRecord>;
    rotateSecret(poolId: string): Promise<string>;
  };
  /** Where the metrics are published on a listener of their own, if they are. */
  metricsUrl: string | null;
  metrics: ServiceMetrics;
  /** Console admins and API tokens, as `xiaodenglu admin` manages them. */
  admins: AdminAccounts;
  /** Adds the per-pool stats counted so far to the store now. */
  flushStats(): Promise<void>;
  /**
   * Deletes lapsed sessions and tickets, erases retired signing keys' private halves and deletes keys
   * whose tokens have expired, now, as the service does every 10 minutes; never rejects.
   */
  purgeExpired(): Promise<void>;
  /** Rereads the signing keys now, as the service does every minute (a rotation reaches it); never rejects. */
  refreshSigningKeys(): Promise<void>;
  /** Shares this replica's rate-limit hits with the others now (PostgreSQL; a no-op on the embedded store). */
  syncRateLimits(): Promise<void>;
  /** Stop taking new work (readyz answers 503), finish what is in flight, release the store; a second call waits for the first. */
  close(): Promise<void>;
}

export class ProductionWechatError extends Error {}

/** Each event to the process's metrics and to the per-pool stats the console shows. */
function bothEvents(metrics: ServiceMetrics, stats: PoolStats): ServiceEvents {
  return {
    wechatCall: (api, outcome, seconds) => metrics.wechatCall(api, outcome, seconds),
    ticketIssued: (poolId) => (metrics.ticketIssued(poolId), stats.ticketIssued(poolId)),
    phoneVerified: (poolId) => (metrics.phoneVerified(poolId), stats.phoneVerified(poolId)),
    phoneVerificationSaved: (poolId) => (metrics.phoneVerificationSaved(poolId), stats.phoneVerificationSaved(poolId)),
    ticketExchanged: (poolId) => (metrics.ticketExchanged(poolId), stats.ticketExchanged(poolId)),
    exchangeRefused: (reason, poolId) => (metrics.exchangeRefused(reason), stats.exchangeRefused(reason, poolId)),
    loginRefused: (poolId, reason) => (metrics.loginRefused(poolId, reason), stats.loginRefused(poolId, reason)),
    wechatFailed: (poolId, outcome) => stats.wechatFailed(poolId, outcome),
    ticketsExpired: (count) => metrics.ticketsExpired(count),
    storeError: (kind) => metrics.storeError(kind),
  };
}

/** What the logs say of a store error: its kind and message, never the driver's objects hanging off it. */
function storeFailure(error: unknown): { store: string; reason: string } {
  const failure = asStoreError(error);
  return {
    store: failure instanceof StoreUnavailableError ? failure.kind : 'error',
    reason: failure instanceof Error ? failure.message : String(failure),
  };
}

function withIdleErrorsLogged(options: StoreOptions, logger: Logger | false): StoreOptions {
  if (options.kind !== 'postgres' || !logger) return options;
  return { ...options, onIdleError: (error) => logger.warn(storeFailure(error), 'database connection lost; the next request reconnects') };
}

export async function startService(opts: ServiceOptions): Promise<Service> {
  const production = opts.production ?? process.env.NODE_ENV === 'production';
  if (production && opts.wechatBaseUrl !== WECHAT_API_URL) {
    throw new ProductionWechatError(
      `production mode talks to ${WECHAT_API_URL} only, not ${opts.wechatBaseUrl} (the sandbox is for development)`,
    );
  }
  const clock = opts.clock ?? systemClock;
  const ownsStore = typeof opts.store !== 'object';
  const logger = opts.logger === false ? false : createLogger(opts.logger ?? {});
  const store =
    typeof opts.store === 'object'
      ? opts.store
      : await openStore(withIdleErrorsLogged(storeOptions({ ...opts, store: opts.store }), logger));
  const metrics = new ServiceMetrics();
  const published = opts.metrics?.token !== undefined || opts.metrics?.port !== undefined;
  if (published) metrics.includeProcessMetrics();
  try {
    const wechat = new WechatClient({
      baseUrl: opts.wechatBaseUrl.replace(/\/$/, ''),
      timeoutMs: opts.wechatTimeoutMs ?? DEFAULT_WECHAT_TIMEOUT_MS,
      retries: opts.wechatRetries ?? 2,
      clock,
      refuseHeader: production ? SANDBOX_HEADER : undefined,
      onCall(api, outcome, seconds) {
        metrics.wechatCall(api, outcome, seconds);
        // What failed and how long it took: never the code, session key or secret the call carried.
        if (outcome !== 'ok' && logger) logger.warn({ wechat: api, outcome, ms: Math.round(seconds * 1000) }, 'WeChat call failed');
      },
    });
    const host = opts.host ?? DEFAULT_HOST;
    const port = opts.port ?? DEFAULT_PORT;
    let url = `http://${host}:${port}`;
    const signer = await TokenSigner.load(store, () => opts.publicUrl ?? url, clock);
    let draining = false;
    // The embedded store has one process by its lock file: nothing to share.
    const sharedCounters = store.kind === 'postgres' ? store : null;
    const limits = new RateLimits({ ...DEFAULT_RATE_LIMITS, ...opts.rateLimits }, clock, sharedCounters, logger || undefined);
    const stats = new PoolStats(store.admin, clock, logger || undefined);
    const events = bothEvents(metrics, stats);
    const signInLimits = new SignInLimits(
      { ...DEFAULT_SIGN_IN_LIMITS, ...opts.console?.signInLimits },
      clock,
      sharedCounters,
      logger || undefined,
    );
    const adminAuth = new AdminAuth(store.admin, clock, signInLimits, { ...DEFAULT_SESSION_LIFETIMES, ...opts.console?.sessions });
    const app = await buildApp({
      store,
      login: new LoginService(store, wechat, opts.hostedApp, clock, events, (route, poolId, openid) => limits.login(route, poolId, openid)),
      exchange: new ExchangeService(store, signer, clock, events),
      admin: {
        auth: adminAuth,
        stats,
        clock,
        tryUrlPrefix: opts.console?.tryUrlPrefix ?? DEFAULT_TRY_PREFIX,
        consoleDir: opts.console?.dir,
      },
      signer,
      wxaCodes: new WxaCodes(store, wechat, opts.hostedApp),
      limits,
      logger,
      trustedProxies: opts.trustedProxies ?? [],
      isDraining: () => draining,
      metrics,
      metricsToken: opts.metrics?.token,
    });
    const metricsListener = opts.metrics?.port === undefined ? null : await startMetricsListener(metrics.registry, host, opts.metrics.port);
    try {
      await app.listen({ host, port });
    } catch (error) {
      await metricsListener?.close();
      await app.close();
      throw error;
    }
    const address = app.server.address();
    url = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
    const purgeNow = async () => {
      try {
        metrics.ticketsExpired((await store.purgeExpired(new Date(clock.now()))).expiredUnusedTickets);
        await adminAuth.purge();
        const { erased, removed } = await signer.housekeep();
        if (erased.length + removed.length > 0) app.log.info({ erased, removed }, 'retired signing keys cleared');
      } catch (error) {
        app.log.warn(storeFailure(error), 'purge failed; the next one tries again');
      }
    };
    const purge = setInterval(() => void purgeNow(), PURGE_EVERY_MS);
    purge.unref();
    const refreshKeysNow = () =>
      signer.refresh().catch((error: unknown) => app.log.warn(storeFailure(error), 'signing keys not reread; signing with the last set'));
    const refreshKeys = setInterval(() => void refreshKeysNow(), KEY_REFRESH_MS);
    refreshKeys.unref();
    const syncMs = opts.rateLimitSyncMs ?? DEFAULT_RATE_SYNC_MS;
    const stopRateSync = syncMs > 0 ? limits.startSync(syncMs) : () => {};
    const stopSignInSync = syncMs > 0 ? signInLimits.startSync(syncMs) : () => {};
    const statsFlushMs = opts.console?.statsFlushMs ?? DEFAULT_STATS_FLUSH_MS;
    const stopStats = statsFlushMs > 0 ? stats.startFlushing(statsFlushMs) : () => {};
    let closing: Promise<void> | undefined;
    return {
      url,
      store,
      app,
      metricsUrl: metricsListener?.url ?? null,
      metrics,
      admins: new AdminAccounts(store.admin, clock, opts.console?.passwordHashing),
      flushStats: () => stats.flush(),
      pools: {
        async create(settings) {
          const { pool, secret } = await createPool(store, clock, settings);
          return { poolId: pool.id, secret, pool };
        },
        update: (poolId, update) => updatePool(store, clock, poolId, update),
        rotateSecret: (poolId) => rotatePoolSecret(store, clock, poolId),
      },
      syncRateLimits: async () => {
        await Promise.all([limits.syncNow(), signInLimits.syncNow()]);
      },
      purgeExpired: purgeNow,
      refreshSigningKeys: refreshKeysNow,
      close() {
        closing ??= (async () => {
          draining = true;
          clearInterval(purge);
          clearInterval(refreshKeys);
          stopRateSync();
          stopSignInSync();
          stopStats();
          await app.close();
          await metricsListener?.close();
          await limits.syncNow();
          await signInLimits.syncNow();
          await stats.flush();
          if (ownsStore) await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
}
