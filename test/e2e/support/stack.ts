/**
 * One file's world: the WeChat sandbox and the ticket service (embedded store in memory) on random
 * 127.0.0.1 ports. Each test gets its own device: a headless DevTools host running the built
 * mini-program plus the unmodified automator client connected to it, so the tests of a file run
 * concurrently and the client's fixed 3 s sleep per route change overlaps instead of adding up.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import automator from 'miniprogram-automator';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';
import { startSandbox, type Sandbox } from '../../../server/sandbox/index.ts';
import { startService, type Service } from '../../../server/index.ts';
import type { PoolSettings } from '../../../server/pools.ts';
import { startDevtoolsHost, type DevtoolsHost } from '../../../scripts/devtools-host/host.ts';
import type { SimulatedUserPatch } from '../../../scripts/devtools-host/simulated-user.ts';
import type { AppReturn } from '../../../scripts/devtools-host/runtime/reporter.ts';

export const DIST = path.resolve(import.meta.dirname, '../../../dist');
/** The origin the build bakes into dist/deployment.js; the host routes it to this run's service. */
export const BUILD_SERVICE_ORIGIN = 'http://127.0.0.1:8787';
export const HOSTED_APP = { appid: 'wx5e2c0d1f3a4b6c7d', secret: '0123456789abcdef0123456789abcdef' };

export interface Stack {
  sandbox: Sandbox;
  service: Service;
  /** Milliseconds added to the service's clock (tickets expire by it). */
  clockOffset: { ms: number };
  /** A phone with WeChat: its own host and automator connection; closed with the stack. */
  device(options?: { serviceUrl?: string }): Promise<Device>;
  close(): Promise<void>;
}

export interface Device {
  host: DevtoolsHost;
  miniProgram: MiniProgram;
}

export async function startStack(): Promise<Stack> {
  if (!existsSync(path.join(DIST, 'app.js'))) throw new Error(`no mini-program build in ${DIST}: run \`npm run build\` first`);
  const clockOffset = { ms: 0 };
  const sandbox = await startSandbox({ apps: [HOSTED_APP] });
  const service = await startService({
    port: 0,
    wechatBaseUrl: sandbox.url,
    hostedApp: HOSTED_APP,
    logger: false,
    wechatRetries: 0,
    wechatTimeoutMs: 1500,
    clock: { now: () => Date.now() + clockOffset.ms },
    rateLimits: {},
  });
  const devices: Device[] = [];
  return {
    sandbox,
    service,
    clockOffset,
    async device(options = {}) {
      const host = await startDevtoolsHost({
        projectRoot: DIST,
        appid: HOSTED_APP.appid,
        sandboxUrl: sandbox.url,
        origins: { [BUILD_SERVICE_ORIGIN]: options.serviceUrl ?? service.url },
      });
      const miniProgram = await automator.connect({ wsEndpoint: host.wsEndpoint });
      const device = { host, miniProgram };
      devices.push(device);
      return device;
    },
    async close() {
      for (const { host, miniProgram } of devices) {
        miniProgram.disconnect();
        await host.close();
      }
      await service.close();
      await sandbox.close();
    },
  };
}

export async function createPool(stack: Stack, settings: Partial<PoolSettings> = {}): Promise<{ poolId: string; secret: string }> {
  const { poolId, secret } = await stack.service.pools.create({ name: '测试应用', connectionDisplayName: '微信', ...settings });
  return { poolId, secret };
}

/** A WeChat account in the sandbox; `phone` is the number bound to it (null: none). */
export async function createWechatUser(stack: Stack, phone: string | null = '17600006754'): Promise<string> {
  return stack.sandbox.state.createUser({ phoneNumber: phone }).userId;
}

export function appPath(query: Record<string, string>, route = '/routes/explore'): string {
  return `${route}?${new URLSearchParams(query).toString()}`;
}

export function appLaunchQuery(poolId: string, wantPhone: boolean): Record<string, string> {
  return { userPoolId: poolId, getPhone: wantPhone ? '1' : '0', fromApp: '1', useSelfWxapp: '0' };
}

/**
 * A fresh device and launch: the user as given (default: opened by an app, scene 1069), then the
 * automator's reLaunch (one 3 s client sleep), then the page's own start-up work settled.
 */
export async function launch(device: Device, url: string, user: SimulatedUserPatch = {}): Promise<Page> {
  device.host.control.setUser({ entry: { scene: 1069, referrerAppId: 'wx0000000000demoapp' }, privacy: { agreed: true, popupAnswer: 'agree' }, phone: 'allow', ...user });
  device.host.control.reset();
  const page = await device.miniProgram.reLaunch(url);
  if (!page) throw new Error(`reLaunch ${url} gave no page`);
  await device.host.control.whenIdle();
  return page;
}

/** Taps `selector` as the user, waits for what the app receives. */
export async function tapAndReturn(device: Device, page: Page, selector: string): Promise<AppReturn> {
  await tap(device, page, selector);
  return device.host.control.nextAppReturn();
}

export async function tap(device: Device, page: Page, selector: string): Promise<void> {
  const element = await page.$(selector);
  if (!element) throw new Error(`no ${selector} on ${page.path} (view ${String(await page.data('view'))})`);
  await element.tap();
  await device.host.control.whenIdle();
}

export interface ExchangeOutcome {
  status: number;
  body: { code: number; message: string; error?: string; data?: Record<string, unknown> };
}

/** What an app backend does with the ticket. */
export async function exchange(stack: Stack, poolId: string, ticket: string, secret?: string): Promise<ExchangeOutcome> {
  const response = await fetch(`${stack.service.url}/oauth/app2wxapp/auth/${poolId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(secret === undefined ? { ticket } : { ticket, secret }),
  });
  return { status: response.status, body: (await response.json()) as ExchangeOutcome['body'] };
}
