import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { Type } from 'typebox';
import { DEFAULT_CONFIG_FILE, loadConfig, type ServerConfig } from '../config.ts';
import { startService } from '../index.ts';
import type { Service } from '../index.ts';
import { startSandbox } from '../sandbox/index.ts';
import type { Sandbox } from '../sandbox/index.ts';
import { UsageError, checkedFlag, defineCommand } from './command.ts';
import type { CliIo } from './io.ts';
import { WORKER_SANDBOX_ENV, runPrimary, runWorker } from './serve-cluster.ts';

const Workers = Type.Integer({ minimum: 1, maximum: 256, description: 'must be a whole number of processes from 1 to 256' });

/** One process per core on PostgreSQL; the embedded store belongs to one process. */
function workersFor(config: ServerConfig, flag: string | undefined): number {
  const asked = flag !== undefined ? checkedFlag(Workers, flag, '--workers') : config.workers;
  if (config.databaseUrl === null) {
    if (asked !== undefined && asked > 1) {
      throw new UsageError(
        '--workers: the embedded store belongs to one process (its data folder is locked, and PGlite runs inside it); ' +
          'use PostgreSQL (DATABASE_URL) to run several workers',
      );
    }
    return 1;
  }
  return asked ?? availableParallelism();
}

export function serviceOptions(config: ServerConfig, wechatBaseUrl: string): Parameters<typeof startService>[0] {
  return {
    port: config.port,
    host: config.host,
    wechatBaseUrl,
    hostedApp: config.hostedApp,
    production: config.production,
    dataKeys: config.dataKeys,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl ?? undefined,
    databaseSchema: config.databaseSchema,
    publicUrl: config.publicUrl,
    wechatTimeoutMs: config.wechatTimeoutMs,
    rateLimits: config.rateLimits,
    trustedProxies: config.trustedProxies,
    logger: { level: config.logLevel },
    metrics: config.metrics,
    ...(config.tryUrlPrefix !== undefined ? { console: { tryUrlPrefix: config.tryUrlPrefix } } : {}),
  };
}

async function runSingle(config: ServerConfig, io: CliIo): Promise<number> {
  let sandbox: Sandbox | null = null;
  let wechatBaseUrl = config.wechatBaseUrl;
  if (wechatBaseUrl === null) {
    sandbox = await startSandbox({ port: config.sandboxPort, apps: [config.hostedApp] });
    wechatBaseUrl = sandbox.url;
    io.err(`WeChat sandbox (development only) at ${sandbox.url}; hosted AppID ${config.hostedApp.appid}`);
  }
  let service: Service;
  try {
    service = await startService(serviceOptions(config, wechatBaseUrl));
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
  const stopped = io.stopRequested();
  io.err(`xiaodenglu ticket service at ${service.url} (${service.store.kind} store)`);
  if (service.metricsUrl) io.err(`metrics at ${service.metricsUrl}`);
  const signal = await stopped;
  io.err(`${signal}: draining…`);
  try {
    await service.close();
  } finally {
    await sandbox?.close();
  }
  return 0;
}

export default defineCommand({
  summary: 'start the ticket service (and, in development, the WeChat sandbox)',
  usage: `[--config ${DEFAULT_CONFIG_FILE}] [--workers N]
  --config <file>   the configuration file (also XDL_CONFIG); every setting can come from the environment (docs/server.md)
  --workers <N>     service processes sharing the port (also XDL_WORKERS); default one per core on PostgreSQL,
                    and always one on the embedded store
Outside production with no WeChat base URL configured, the WeChat sandbox starts too. SIGINT/SIGTERM drain and stop.`,
  options: { config: { type: 'string' }, workers: { type: 'string' } },
  async run({ values }, io) {
    const config = loadConfig(io.env, values.config);
    if (cluster.isWorker) {
      const sandboxUrl = io.env[WORKER_SANDBOX_ENV];
      try {
        return await runWorker(serviceOptions(config, config.wechatBaseUrl ?? sandboxUrl ?? ''), io);
      } finally {
        // The channel to the primary would keep this process alive after the service stopped (or failed to start).
        cluster.worker?.disconnect();
      }
    }
    const workers = workersFor(config, values.workers);
    if (workers === 1) return runSingle(config, io);
    if (config.metrics.token !== undefined) {
      throw new UsageError(
        '--workers: metricsToken serves one process’s metrics on the shared port; with several workers set metricsPort, ' +
          'where the primary process serves all of theirs together',
      );
    }
    return runPrimary(config, workers, values.config !== undefined ? ['--config', values.config] : [], io);
  },
});
