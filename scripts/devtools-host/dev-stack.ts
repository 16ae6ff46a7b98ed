/**
 * The local stack `npm start` and `npm run bench:e2e` run: the WeChat sandbox, the ticket service
 * and the headless host, on 127.0.0.1, wired so the build's baked service origin reaches the service.
 */
import { startSandbox, type Sandbox } from '../../server/sandbox/index.ts';
import { startService, type Service } from '../../server/index.ts';
import { startDevtoolsHost, type DevtoolsHost } from './host.ts';
import { PortInUseError } from './protocol/server.ts';

/** The dev "hosted" mini-program: registered with the sandbox only; never a real WeChat app. */
export const DEV_HOSTED_APP = { appid: 'wx5e2c0d1f3a4b6c7d', secret: '0123456789abcdef0123456789abcdef' };
export const BUILD_SERVICE_ORIGIN = 'http://127.0.0.1:8787';

export interface DevStackOptions {
  projectRoot: string;
  /** Service port; 8787 is what the default build calls. 0 = free port (routed by the host). */
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
      origins: service.url === BUILD_SERVICE_ORIGIN ? {} : { [BUILD_SERVICE_ORIGIN]: service.url },
    });
    opened.push(host);
    return { sandbox, service, host, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
