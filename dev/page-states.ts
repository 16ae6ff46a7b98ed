/**
 * Every state of the login page, each reached the way a person gets there: the real page in the
 * headless host, the host's simulated WeChat user (docs/devtools-host.md, *Simulated user*), the
 * WeChat sandbox and the ticket service. `npm run screenshots` (dev/screenshots.ts) captures each
 * one in light and dark; test/devtools-host/page-screenshots.test.ts checks each capture shows it.
 *
 * To add a state, add a row to PAGE_STATES: its name (the image is `login-<name>-<theme>.png`),
 * what it shows, how to reach it from a fresh launch, and the elements that prove it is on screen.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import automator from 'miniprogram-automator';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import { startSandbox, type Sandbox } from '../server/sandbox/index.ts';
import { startService, type Service } from '../server/index.ts';
import type { Store } from '../server/store/types.ts';
import { DEV_HOSTED_APP } from '../server/config.ts';
import { startDevtoolsHost, type DevtoolsHost } from '../devtools-host/host.ts';
import { bakedDeployment, bakedServiceOrigin } from '../devtools-host/built-app.ts';
import type { DeploymentSettings } from '../miniprogram/deployment-settings.ts';
import { deploymentModule } from '../scripts/deployment-config.ts';
import { DEFAULT_ENTRY, ENTRY_SCENE } from '../devtools-host/simulated-user/vocabulary.ts';
import type { SimulatedUserPatch } from '../devtools-host/simulated-user/host-user.ts';
import { buildLaunchPath } from '../sdk/launch-path.ts';
import { changeRoute } from './automator-route.ts';

/** Fixed facts, so the images are the same on every run. */
export const STAGE_FACTS = {
  poolName: '示例应用',
  phoneNumber: '17600006754',
  /** The service's clock: the try-it result shows the ticket's expiry (in the device's zone, TZ). */
  serviceTime: Date.parse('2026-01-01T09:41:00+08:00'),
  timeZone: 'Asia/Shanghai',
};

export interface Stage {
  sandbox: Sandbox;
  service: Service;
  host: DevtoolsHost;
  miniProgram: MiniProgram;
  poolId: string;
  close(): Promise<void>;
}

/** An element that shows the state: present, with this text, on screen. */
export interface Evidence {
  /** CSS selector in the rendered page (WXML ids carry over: `#phone`). */
  selector: string;
  text: string | RegExp;
}

export interface PageState {
  name: string;
  /** One line for the docs. */
  shows: string;
  /** From a fresh launch to the state, settled. */
  reach(stage: Stage): Promise<void>;
  /** The first is the state's main element (its primary button where it has one). */
  evidence: Evidence[];
}

/** The sandbox account of every state: fresh, so the service knows no phone for it unless a state logs in first. */
function freshUser(stage: Stage): string {
  return stage.sandbox.state.createUser({ phoneNumber: STAGE_FACTS.phoneNumber }).userId;
}

/** A fresh launch at `url` as `user`, settled unless `settle` is false. */
async function launch(stage: Stage, url: string, user: SimulatedUserPatch, settle = true): Promise<void> {
  stage.host.control.setUser({ privacy: { agreed: true }, entry: { ...DEFAULT_ENTRY }, phone: 'allow', ...user });
  stage.host.control.reset();
  await changeRoute(stage.miniProgram, 'reLaunch', url);
  if (settle) await stage.host.control.whenIdle();
}

/** A tap by the simulated user (open-type buttons answered by WeChat as the user set), settled. */
async function tap(stage: Stage, selector: string): Promise<void> {
  const page = await stage.miniProgram.currentPage();
  const element = await page?.$(selector);
  if (!element) throw new Error(`no ${selector} on screen (view ${String(await page?.data('view'))})`);
  await element.tap();
  await stage.host.control.whenIdle();
}

function appLaunch(stage: Stage, wantPhone: boolean): string {
  return buildLaunchPath({ userPoolId: stage.poolId, wantPhone, useSelfWxapp: false });
}

const MASKED_PHONE = `${STAGE_FACTS.phoneNumber.slice(0, 3)}****${STAGE_FACTS.phoneNumber.slice(-4)}`;

export const PAGE_STATES: readonly PageState[] = [
  {
    name: 'landing',
    shows: 'opened with no launch parameters (as a WeChat reviewer opens it): what it is, and a demo login',
    reach: (stage) =>
      launch(stage, '/routes/explore', {
        sandboxUserId: freshUser(stage),
        entry: { scene: ENTRY_SCENE.recentsFromDiscover, referrerAppId: null },
      }),
    evidence: [
      { selector: '#demo-login', text: '体验一次登录' },
      { selector: '#landing', text: /\S/ },
    ],
  },
  {
    name: 'loading',
    shows: 'opened by an app, waiting for the service',
    async reach(stage) {
      // WeChat's request never answers this time: the page stays on its first screen.
      stage.host.control.setUser({ sandboxUserId: freshUser(stage) });
      stage.host.control.reset();
      await stage.miniProgram.mockWxMethod('request', 'function () {}');
      await changeRoute(stage.miniProgram, 'reLaunch', appLaunch(stage, true));
    },
    evidence: [{ selector: '#loading', text: '正在连接…' }],
  },
  {
    name: 'privacy',
    shows: 'the app wants the phone number; the user has not agreed to the privacy guide yet',
    reach: (stage) => launch(stage, appLaunch(stage, true), { sandboxUserId: freshUser(stage), privacy: { agreed: false } }),
    evidence: [
      { selector: '#agree-privacy', text: '同意并继续' },
      { selector: '#disagree-privacy', text: '不同意' },
    ],
  },
  {
    name: 'ready',
    shows: 'the app asks for the WeChat identity only',
    reach: (stage) => launch(stage, appLaunch(stage, false), { sandboxUserId: freshUser(stage) }),
    evidence: [
      { selector: '#confirm', text: '使用微信登录' },
      { selector: '#cancel', text: '取消' },
    ],
  },
  {
    name: 'phone',
    shows: 'the app asks for the phone number; none known yet',
    reach: (stage) => launch(stage, appLaunch(stage, true), { sandboxUserId: freshUser(stage) }),
    evidence: [
      { selector: '#phone', text: '手机号快捷登录' },
      { selector: '#cancel', text: '取消' },
    ],
  },
  {
    name: 'known-phone',
    shows: 'the app asks for the phone number; the service already knows this user’s',
    async reach(stage) {
      const sandboxUserId = freshUser(stage);
      await launch(stage, appLaunch(stage, true), { sandboxUserId });
      await tap(stage, '#phone');
      await launch(stage, appLaunch(stage, true), { sandboxUserId });
    },
    evidence: [
      { selector: '#confirm', text: `使用 ${MASKED_PHONE} 登录` },
      { selector: '#phone', text: '使用其他号码' },
    ],
  },
  {
    name: 'denied',
    shows: 'the user refused the phone number sheet',
    async reach(stage) {
      await launch(stage, appLaunch(stage, true), { sandboxUserId: freshUser(stage), phone: 'deny' });
      await tap(stage, '#phone');
    },
    evidence: [
      { selector: '#phone', text: '手机号快捷登录' },
      { selector: '#error-message', text: /\S/ },
    ],
  },
  {
    name: 'failed',
    shows: 'WeChat failed the login (a service error): retry, or go back to the app',
    async reach(stage) {
      stage.sandbox.faults.add({ api: 'jscode2session', kind: 'system_error', times: 1 });
      await launch(stage, appLaunch(stage, false), { sandboxUserId: freshUser(stage) });
    },
    evidence: [
      { selector: '#retry', text: '重试' },
      { selector: '#error-message', text: /\S/ },
      { selector: '#cancel', text: '返回 App' },
    ],
  },
  {
    name: 'fallback',
    shows: 'WeChat refused navigateBackApplication: the launchApp button takes the user back',
    async reach(stage) {
      await launch(stage, appLaunch(stage, false), {
        sandboxUserId: freshUser(stage),
        entry: { scene: ENTRY_SCENE.fromApp, referrerAppId: null },
      });
      await tap(stage, '#confirm');
    },
    evidence: [{ selector: '#back-to-app', text: '返回 App' }],
  },
  {
    name: 'returned',
    shows: 'logged in: the ticket went back to the app',
    async reach(stage) {
      await launch(stage, appLaunch(stage, true), { sandboxUserId: freshUser(stage) });
      await tap(stage, '#phone');
    },
    evidence: [{ selector: '#returned', text: '已返回 App，可以关闭本页' }],
  },
  {
    name: 'done',
    shows: 'try-it (opened from a 小程序码): the result on the page itself',
    async reach(stage) {
      await launch(stage, `/routes/explore?scene=${stage.poolId}`, {
        sandboxUserId: freshUser(stage),
        entry: { scene: ENTRY_SCENE.wxaCode, referrerAppId: null },
      });
      await tap(stage, '#phone');
    },
    evidence: [
      { selector: '#result-phone', text: MASKED_PHONE },
      { selector: '#result-expiry', text: /^\d\d:\d\d:\d\d 前有效（\d+ 秒）$/ },
    ],
  },
];

export interface StageOptions {
  /** The built mini-program (dist/). */
  projectRoot: string;
  /** An open store for the service (the caller closes it); default an embedded one in memory. */
  store?: Store;
}

/** Sandbox, service (fixed clock) and host on free 127.0.0.1 ports, one pool, an automator connection. */
export async function startStage(options: StageOptions): Promise<Stage> {
  const opened: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    for (const part of opened.reverse()) await part();
  };
  try {
    const sandbox = await startSandbox({ apps: [DEV_HOSTED_APP] });
    opened.push(() => sandbox.close());
    const service = await startService({
      port: 0,
      host: '127.0.0.1',
      wechatBaseUrl: sandbox.url,
      hostedApp: DEV_HOSTED_APP,
      logger: false,
      wechatRetries: 0,
      clock: { now: () => STAGE_FACTS.serviceTime },
      ...(options.store ? { store: options.store } : {}),
    });
    opened.push(() => service.close());
    const { poolId } = await service.pools.create({ name: STAGE_FACTS.poolName, connectionDisplayName: '微信' });
    // The build with this pool as its demo pool (what `XDL_DEMO_POOL_ID=… npm run build` bakes in), for the landing.
    const projectRoot = mkdtempSync(join(tmpdir(), 'xdl-stage-'));
    opened.push(async () => rmSync(projectRoot, { recursive: true, force: true }));
    cpSync(options.projectRoot, projectRoot, { recursive: true });
    const settings = { ...bakedDeployment(options.projectRoot), demoPoolId: poolId } as unknown as DeploymentSettings;
    writeFileSync(join(projectRoot, 'deployment.js'), deploymentModule(settings));
    const host = await startDevtoolsHost({
      projectRoot,
      appid: DEV_HOSTED_APP.appid,
      sandboxUrl: sandbox.url,
      origins: { [bakedServiceOrigin(projectRoot)]: service.url },
    });
    opened.push(() => host.close());
    const miniProgram = await automator.connect({ wsEndpoint: host.wsEndpoint });
    opened.push(async () => miniProgram.disconnect());
    return { sandbox, service, host, miniProgram, poolId, close };
  } catch (error) {
    await close();
    throw error;
  }
}
