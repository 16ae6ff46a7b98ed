import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { startService } from '../index.ts';
import type { Service } from '../index.ts';
import { startSandbox } from '../sandbox/index.ts';
import type { Sandbox } from '../sandbox/index.ts';
import type { CliIo } from './io.ts';

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' } }, strict: true });
  const config = loadConfig(io.env, values.config);
  let sandbox: Sandbox | null = null;
  if (config.wechatBaseUrl === null) {
    sandbox = await startSandbox({ port: config.sandboxPort, apps: [config.hostedApp] });
    io.err(`WeChat sandbox (development only) at ${sandbox.url}; hosted AppID ${config.hostedApp.appid}`);
  }
  let service: Service;
  try {
    service = await startService({
      port: config.port,
      host: config.host,
      wechatBaseUrl: config.wechatBaseUrl ?? sandbox!.url,
      hostedApp: config.hostedApp,
      production: config.production,
      dataKeys: config.dataKeys,
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl ?? undefined,
      databaseSchema: config.databaseSchema,
      publicUrl: config.publicUrl,
      wechatTimeoutMs: config.wechatTimeoutMs,
      rateLimits: config.rateLimits,
      trustProxy: config.trustProxy,
      logger: { level: config.logLevel },
    });
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
  io.err(`xiaodenglu ticket service at ${service.url} (${service.store.kind} store)`);
  const signal = await io.stopRequested();
  io.err(`${signal}: draining…`);
  try {
    await service.close();
  } finally {
    await sandbox?.close();
  }
  return 0;
}
