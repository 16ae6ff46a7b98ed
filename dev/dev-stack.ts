/**
 * The local stack `npm start` and `npm run bench:e2e` run: the WeChat sandbox, the ticket service
 * and the headless host, on 127.0.0.1, wired so the build's baked service origin reaches the service.
 */
import { startSandbox, type Sandbox } from '../server/sandbox/index.ts';
import { startService, type Service } from '../server/index.ts';
import { DEV_HOSTED_APP } from '../server/config.ts';
import { startDevtoolsHost, type DevtoolsHost } from '../devtools-host/host.ts';
import { PortInUseError } from '../devtools-host/protocol/server.ts';
import { bakedServiceOrigin } from '../devtools-host/built-app.ts';

export interface DevStackOptions {
  projectRoot: string;
  /** Service port; 0 = a free one. The host routes the build's baked service origin to it. */
  servicePort: number;
  hostPort: number;
  /** Embedded store folder; undefined = in memory. */
  dataDir?: string;
  onProgress?(line: string): void;
}

export interface DevStack {
  sandbox: Sandbox;
  service: Service;
  host: DevtoolsHost;
  close(): Promise<void>;
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const progress = options.onProgress ?? (() => undefined);
  const baked = bakedServiceOrigin(options.projectRoot);
  const opened: Array<{ close(): Promise<void> }> = [];
  const closeAll = async (): Promise<void> => {
    for (const part of opened.reverse()) await part.close();
  };
  try {
    progress('starting the WeChat sandbox');
    const sandbox = await startSandbox({ apps: [DEV_HOSTED_APP] });
    opened.push(sandbox);
    progress(`starting the ticket service on 127.0.0.1:${options.servicePort}${options.dataDir ? ` (store: ${options.dataDir})` : ''}`);
    let service: Service;
    try {
      service = await startService({
        port: options.servicePort,
        wechatBaseUrl: sandbox.url,
        hostedApp: DEV_HOSTED_APP,
        dataDir: options.dataDir,
        logger: false,
      });
    } catch (error) {
      if (isAddressInUse(error)) throw new PortInUseError(options.servicePort);
      throw error;
    }
    opened.push(service);
    progress(`starting the headless DevTools host on 127.0.0.1:${options.hostPort}`);
    const host = await startDevtoolsHost({
      projectRoot: options.projectRoot,
      port: options.hostPort,
      appid: DEV_HOSTED_APP.appid,
      sandboxUrl: sandbox.url,
      origins: service.url === baked ? {} : { [baked]: service.url },
    });
    opened.push(host);
    return { sandbox, service, host, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
