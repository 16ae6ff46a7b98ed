/**
 * Which DevTools the e2e suite drives, from the environment (docs/e2e.md):
 *
 * - nothing set: each test starts its own headless host (devtools-host/), sandbox and service
 *   on random ports;
 * - `XDL_E2E_WS_ENDPOINT`: real WeChat DevTools already listening there (`cli auto --auto-port`);
 *   the tests start the sandbox and the service at the fixed addresses the DevTools build calls.
 */

export const E2E_ENV = {
  wsEndpoint: 'XDL_E2E_WS_ENDPOINT',
  serviceUrl: 'XDL_E2E_SERVICE_URL',
  sandboxUrl: 'XDL_E2E_SANDBOX_URL',
  appid: 'XDL_E2E_APPID',
} as const;

/** A loopback address the test process listens on. */
export interface ListenAddress {
  host: string;
  port: number;
  /** `http://host:port`, no trailing slash. */
  origin: string;
}

export type E2eTarget =
  | { kind: 'headless-host' }
  | {
      kind: 'devtools';
      wsEndpoint: string;
      /** Where the tests start the ticket service: the build's serviceBaseUrl. */
      service: ListenAddress;
      /** Where the tests start the WeChat sandbox; null: a free port. */
      sandbox: ListenAddress | null;
      /** The DevTools project's AppID: registered in the sandbox, the service's hosted mini-program. */
      appid: string;
    };

export class E2eTargetError extends Error {}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);
const APPID = /^wx[0-9a-zA-Z]{16}$/;

function listenAddress(name: string, value: string): ListenAddress {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new E2eTargetError(`${name} must be a URL like http://127.0.0.1:8787, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:')
    throw new E2eTargetError(`${name} must be an http:// URL (the tests serve it themselves), got ${url.protocol}`);
  if (!LOOPBACK_HOSTS.has(url.hostname))
    throw new E2eTargetError(`${name} must be on 127.0.0.1 or localhost (the tests listen there), got ${url.hostname}`);
  if (url.port === '') throw new E2eTargetError(`${name} needs an explicit port, got ${JSON.stringify(value)}`);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '')
    throw new E2eTargetError(`${name} must be an origin without path or query, got ${JSON.stringify(value)}`);
  const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  return { host, port: Number(url.port), origin: `http://${url.hostname}:${url.port}` };
}

function wsEndpointOf(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new E2eTargetError(`${E2E_ENV.wsEndpoint} must be a URL like ws://127.0.0.1:9420, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw new E2eTargetError(`${E2E_ENV.wsEndpoint} must be a ws:// URL, got ${url.protocol}`);
  return value;
}

function present(env: Readonly<Record<string, string | undefined>>, name: string): string | null {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? null : value;
}

export function parseE2eTarget(env: Readonly<Record<string, string | undefined>>): E2eTarget {
  const wsEndpoint = present(env, E2E_ENV.wsEndpoint);
  const serviceUrl = present(env, E2E_ENV.serviceUrl);
  const sandboxUrl = present(env, E2E_ENV.sandboxUrl);
  const appid = present(env, E2E_ENV.appid);
  if (wsEndpoint === null) {
    const stray = [serviceUrl && E2E_ENV.serviceUrl, sandboxUrl && E2E_ENV.sandboxUrl, appid && E2E_ENV.appid].filter(Boolean);
    if (stray.length > 0)
      throw new E2eTargetError(`${stray.join(', ')} only apply with ${E2E_ENV.wsEndpoint} (real DevTools); set it or unset them`);
    return { kind: 'headless-host' };
  }
  if (serviceUrl === null)
    throw new E2eTargetError(`${E2E_ENV.wsEndpoint} needs ${E2E_ENV.serviceUrl}: the serviceBaseUrl the DevTools build calls`);
  if (appid === null) throw new E2eTargetError(`${E2E_ENV.wsEndpoint} needs ${E2E_ENV.appid}: the AppID of the DevTools project`);
  if (!APPID.test(appid))
    throw new E2eTargetError(`${E2E_ENV.appid} must look like wx followed by 16 letters or digits, got ${JSON.stringify(appid)}`);
  const service = listenAddress(E2E_ENV.serviceUrl, serviceUrl);
  const sandbox = sandboxUrl === null ? null : listenAddress(E2E_ENV.sandboxUrl, sandboxUrl);
  if (sandbox !== null && sandbox.port === service.port)
    throw new E2eTargetError(`${E2E_ENV.sandboxUrl} and ${E2E_ENV.serviceUrl} need different ports`);
  return { kind: 'devtools', wsEndpoint: wsEndpointOf(wsEndpoint), service, sandbox, appid };
}
