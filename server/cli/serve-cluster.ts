/**
 * `xiaodenglu serve --workers N`: N service processes on one port (node:cluster, whose primary hands
 * connections to the workers in turn). Each worker opens its own PostgreSQL pool; what replicas share
 * (rate-limit counters, signing keys, the store) they already share through the database. The primary
 * serves no requests: it starts the workers, replaces one that dies, serves every worker's metrics
 * together on metricsPort, and drains them all on SIGINT/SIGTERM.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { AggregatorRegistry } from 'prom-client';
import type { ServerConfig } from '../config.ts';
import { startMetricsListener } from '../http/metrics-routes.ts';
import { startService, type ServiceOptions } from '../index.ts';
import { startSandbox, type Sandbox } from '../sandbox/index.ts';
import type { CliIo } from './io.ts';

/** The development sandbox the primary started, for its workers (an internal variable, not a setting). */
export const WORKER_SANDBOX_ENV = 'XDL_WORKER_SANDBOX_URL';

const BIN = fileURLToPath(new URL('../../bin/xiaodenglu.mjs', import.meta.url));
/** More deaths than this within a minute is not bad luck: the primary stops instead of looping. */
const MAX_RESTARTS_PER_MINUTE = 10;

type ToWorker = { op: 'stop' };
type FromWorker = { op: 'ready'; url: string; store: string };

const isReady = (message: unknown): message is FromWorker =>
  typeof message === 'object' && message !== null && (message as { op?: unknown }).op === 'ready';

export async function runWorker(options: ServiceOptions, io: CliIo): Promise<number> {
  // The primary publishes the metrics of every worker together; a worker publishes none itself.
  const service = await startService({ ...options, metrics: {} });
  // Constructing one is what makes prom-client answer the primary's requests in a worker.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([service.metrics.registry]);
  service.metrics.includeProcessMetrics();
  const stopped = new Promise<string>((resolve) => {
    process.on('message', (message: ToWorker) => {
      if (message.op === 'stop') resolve('stop');
    });
    void io.stopRequested().then(resolve);
  });
  process.send?.({ op: 'ready', url: service.url, store: service.store.kind } satisfies FromWorker);
  await stopped;
  await service.close();
  return 0;
}

export async function runPrimary(config: ServerConfig, workers: number, configArgs: string[], io: CliIo): Promise<number> {
  let sandbox: Sandbox | null = null;
  if (config.wechatBaseUrl === null) {
    sandbox = await startSandbox({ port: config.sandboxPort, apps: [config.hostedApp] });
    io.err(`WeChat sandbox (development only) at ${sandbox.url}; hosted AppID ${config.hostedApp.appid}`);
  }
  const env = sandbox ? { [WORKER_SANDBOX_ENV]: sandbox.url } : {};
  cluster.setupPrimary({ exec: BIN, args: ['serve', ...configArgs] });
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  const restarts: number[] = [];
  let failure: ((error: Error) => void) | null = null;
  const failed = new Promise<never>((_resolve, reject) => (failure = reject));
  failed.catch(() => {});

  const fork = (): Promise<{ worker: Worker; ready: FromWorker }> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork(env);
      const onExit = (code: number | null, signal: string | null) =>
        reject(new Error(`a worker stopped before it was up (${signal ?? `exit code ${code}`}); its error is above`));
      worker.once('exit', onExit);
      worker.on('message', (message: unknown) => {
        if (!isReady(message)) return;
        worker.off('exit', onExit);
        resolve({ worker, ready: message });
      });
    });

  const stopAll = async (): Promise<void> => {
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());
    await Promise.all(
      alive.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.send({ op: 'stop' } satisfies ToWorker);
          }),
      ),
    );
  };

  let started: { worker: Worker; ready: FromWorker }[];
  try {
    started = await Promise.all(Array.from({ length: workers }, () => fork()));
  } catch (error) {
    await stopAll();
    await sandbox?.close();
    throw error;
  }
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    restarts.push(now);
    while (restarts[0] !== undefined && restarts[0] < now - 60_000) restarts.shift();
    if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
      failure?.(new Error(`workers died ${restarts.length} times within a minute; stopping (the last: ${signal ?? `exit code ${code}`})`));
      return;
    }
    io.err(`worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`);
    fork().then(
      ({ worker: replacement }) => io.err(`worker ${replacement.process.pid} up`),
      (error: unknown) => failure?.(error instanceof Error ? error : new Error(String(error))),
    );
  });

  const metricsListener =
    config.metrics.port === undefined
      ? null
      : await startMetricsListener(
          { contentType: aggregator.contentType, metrics: () => aggregator.clusterMetrics() },
          config.host,
          config.metrics.port,
        );
  const first = started[0]!.ready;
  const stopped = io.stopRequested();
  const pids = started.map(({ worker }) => worker.process.pid).join(', ');
  io.err(`xiaodenglu ticket service at ${first.url} (${first.store} store, ${workers} workers: pid ${pids})`);
  if (metricsListener) io.err(`metrics of every worker at ${metricsListener.url}`);
  let outcome = 0;
  try {
    const signal = await Promise.race([stopped, failed]);
    io.err(`${signal}: draining ${workers} workers…`);
  } catch (error) {
    io.err(`xiaodenglu serve: ${error instanceof Error ? error.message : String(error)}`);
    outcome = 1;
  }
  await stopAll();
  await metricsListener?.close();
  await sandbox?.close();
  return outcome;
}
