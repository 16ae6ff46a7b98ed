import { DEFAULT_CONFIG_FILE, loadConfig } from '../config.ts';
import { startService } from '../index.ts';
import type { Service } from '../index.ts';
import { startSandbox } from '../sandbox/index.ts';
import type { Sandbox } from '../sandbox/index.ts';
import { defineCommand } from './command.ts';

export default defineCommand({
  summary: 'start the ticket service (and, in development, the WeChat sandbox)',
  usage: `[--config ${DEFAULT_CONFIG_FILE}]
  --config <file>   the configuration file (also XDL_CONFIG); every setting can come from the environment (docs/server.md)
Outside production with no WeChat base URL configured, the WeChat sandbox starts too. SIGINT/SIGTERM drain and stop.`,
  options: { config: { type: 'string' } },
  async run({ values }, io) {
    const config = loadConfig(io.env, values.config);
    let sandbox: Sandbox | null = null;
    let wechatBaseUrl = config.wechatBaseUrl;
    if (wechatBaseUrl === null) {
      sandbox = await startSandbox({ port: config.sandboxPort, apps: [config.hostedApp] });
      wechatBaseUrl = sandbox.url;
      io.err(`WeChat sandbox (development only) at ${sandbox.url}; hosted AppID ${config.hostedApp.appid}`);
    }
    let service: Service;
    try {
      service = await startService({
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
      });
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
  },
});
