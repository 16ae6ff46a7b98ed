/**
 * One file's world: the WeChat sandbox and the ticket service (an embedded store in memory), and the
 * phones that run the built mini-program (docs/e2e.md).
 *
 * On the headless host (default) both listen on random 127.0.0.1 ports and each test gets its own
 * device — a host plus the unmodified automator client — so the tests of a file run concurrently.
 * Against real WeChat DevTools
 * (`XDL_E2E_WS_ENDPOINT`) they listen where the DevTools build calls, every test shares the one
 * DevTools connection, and the scenarios run one after another.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import type Page from 'miniprogram-automator/out/Page';
import { startSandbox, type Sandbox } from '../../../server/sandbox/index.ts';
import { startService, type Service } from '../../../server/index.ts';
import { generateDataKey, SecretBox } from '../../../server/secret-box.ts';
import { SqlStore } from '../../../server/store/sql-store.ts';
import { takeEmbedded } from '../../support/embedded-pool.ts';
import { auditResponsesOf } from '../../support/openapi-audit.ts';
import { DEV_HOSTED_APP } from '../../../server/config.ts';
import type { PoolSettings } from '../../../server/pools.ts';
import type { WechatCredentials } from '../../../server/wechat/client.ts';
import { parseExtMsg } from '../../../sdk/ext-msg.ts';
import { bakedServiceOrigin, buildDir } from '../../../devtools-host/built-app.ts';
import { changeRoute } from '../../../dev/automator-route.ts';
import { parseE2eTarget, type E2eTarget } from './e2e-target.ts';
import { endpointDevice, hostDevice, type Device } from './devices.ts';
import type { WechatUserProfile } from './simulated-wechat-user.ts';
import type { AppReturn } from '../../../devtools-host/simulated-user/vocabulary.ts';

export type { Device } from './devices.ts';

export const TARGET: E2eTarget = parseE2eTarget(process.env);
export const DIST = buildDir(path.resolve(import.meta.dirname, '../../..'));
/** The development hosted app on the host; the DevTools project's AppID (with a test secret) on DevTools. */
const HOSTED_APP: WechatCredentials = TARGET.kind === 'devtools' ? { appid: TARGET.appid, secret: DEV_HOSTED_APP.secret } : DEV_HOSTED_APP;

/** Scenarios of a file: concurrent on headless hosts, one after another on the one real DevTools. */
export const describeScenarios = TARGET.kind === 'devtools' ? describe.sequential : describe.concurrent;

export interface Stack {
  sandbox: Sandbox;
  service: Service;
  /** The mini-program the service serves (and the sandbox knows): the DevTools project's AppID for real DevTools. */
  hostedApp: WechatCredentials;
  /** Milliseconds added to the service's clock (tickets expire by it). */
  clockOffset: { ms: number };
  /** A phone with WeChat: on the host a new one per call, closed with the stack; on DevTools the one DevTools. */
  device(): Promise<Device>;
  close(): Promise<void>;
}

async function listening<T>(what: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (port !== 0 && (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE') {
      throw new Error(
        `${what}: port ${port} is in use. Against real DevTools run the files one at a time (--no-file-parallelism) and stop anything else on that port.`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

async function startStack(): Promise<Stack> {
  if (!existsSync(path.join(DIST, 'app.js'))) throw new Error(`no mini-program build in ${DIST}: run \`npm run build\` first`);
  const clockOffset = { ms: 0 };
  const sandboxAt = TARGET.kind === 'devtools' ? TARGET.sandbox : null;
  const sandbox = await listening('the WeChat sandbox', sandboxAt?.port ?? 0, () =>
    startSandbox({ port: sandboxAt?.port ?? 0, apps: [HOSTED_APP] }),
  );
  const serviceAt = TARGET.kind === 'devtools' ? TARGET.service : null;
  const store = await SqlStore.open(await takeEmbedded(), new SecretBox([generateDataKey('e2e')]));
  const service = await listening('the ticket service', serviceAt?.port ?? 0, () =>
    startService({
      store,
      port: serviceAt?.port ?? 0,
      host: serviceAt?.host ?? '127.0.0.1',
      wechatBaseUrl: sandbox.url,
      hostedApp: HOSTED_APP,
      logger: false,
      wechatRetries: 0,
      wechatTimeoutMs: 1500,
      clock: { now: () => Date.now() + clockOffset.ms },
      rateLimits: {},
    }),
  );
  await auditResponsesOf(service.url);
  const identity = { sandboxUrl: sandbox.url, appid: HOSTED_APP.appid };
  const devices: Device[] = [];
  let shared: Promise<Device> | null = null;
  return {
    sandbox,
    service,
    hostedApp: HOSTED_APP,
    clockOffset,
    async device() {
      if (TARGET.kind === 'devtools') {
        shared ??= endpointDevice({ ...identity, wsEndpoint: TARGET.wsEndpoint }).then((device) => {
          devices.push(device);
          return device;
        });
        return shared;
      }
      const device = await hostDevice({ ...identity, projectRoot: DIST, origins: { [bakedServiceOrigin(DIST)]: service.url } });
      devices.push(device);
      return device;
    },
    async close() {
      for (const device of devices) await device.close();
      await service.close();
      await store.close();
      await sandbox.close();
    },
  };
}

/**
 * The file's stack: started before its first test, closed after its last. Call it once at the top of a
 * test file (the hooks go there) and read the stack through the accessor inside tests and hooks.
 */
export function useStack(): () => Stack {
  let started: Stack | null = null;
  beforeAll(async () => {
    started = await startStack();
  });
  afterAll(async () => {
    await started?.close();
    started = null;
  });
  return () => {
    if (started === null) throw new Error('no stack: read it inside a test or hook of the file that called useStack()');
    return started;
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
 * The user as given (default: opened by an app, scene 1069, privacy agreed, phone allowed), then a
 * reLaunch without the client's fixed sleep, then the page's own start-up work settled.
 */
export async function launch(device: Device, url: string, profile: WechatUserProfile = {}): Promise<Page> {
  await device.user.prepare(profile);
  const page = await changeRoute(device.miniProgram, 'reLaunch', url);
  await device.settled(page);
  return page;
}

/** Taps `selector` as the user, waits for what the app receives. */
export async function tapAndReturn(device: Device, page: Page, selector: string): Promise<AppReturn> {
  await tap(device, page, selector);
  return device.user.nextAppReturn();
}

export async function tap(device: Device, page: Page, selector: string): Promise<void> {
  await device.user.tap(page, selector);
  await device.settled(page);
}

/** The ticket in what the app received; throws (showing the extMsg) unless it is a success. */
export function ticketOf(returned: AppReturn): string {
  const parsed = parseExtMsg(returned.extMsg);
  if (parsed.kind !== 'success') throw new Error(`expected a ticket, the app received ${returned.extMsg} (via ${returned.via})`);
  return parsed.ticket;
}

/** The text of the element `selector` matches; throws (naming the page's view) when there is none. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const element = await page.$(selector);
  if (!element) throw new Error(`no ${selector} on ${page.path} (view ${String(await page.data('view'))})`);
  return element.text();
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
