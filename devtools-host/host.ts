/**
 * The headless DevTools host: the built mini-program running in Node, driven over the DevTools
 * automation protocol by the unmodified `miniprogram-automator` client. See docs/devtools-host.md.
 */
import path from 'node:path';
import { compileTemplates } from './wxml/compile.ts';
import { UidSource } from './wxml/vnode.ts';
import { AppService, readAppJson } from './runtime/app-service.ts';
import { Reporter, type TimedAppReturn, type TimedRequestRecord } from './runtime/reporter.ts';
import { Scheduler } from './runtime/scheduler.ts';
import { buildWx } from './wx/index.ts';
import { PrivacyGate } from './wx/privacy.ts';
import type { LaunchState } from './wx/launch.ts';
import type { UiState } from './wx/ui.ts';
import { applyUserPatch, defaultUser, type SimulatedUser, type SimulatedUserPatch } from './simulated-user/host-user.ts';
import { PlaceholderIdentity, SandboxClient, type WechatIdentitySource } from './sandbox-client.ts';
import { startProtocolServer } from './protocol/server.ts';
import type { HostControl } from './control.ts';
import { PageCamera } from './render/camera.ts';
import { chromiumPath } from './render/chromium.ts';

export interface DevtoolsHostOptions {
  /** The built mini-program: the folder holding app.json (project.config.json's miniprogramRoot). */
  projectRoot: string;
  /** 0 (default) picks a free port. Always bound on 127.0.0.1. */
  port?: number;
  /** The simulated mini-program's AppID: the Referer of wx.request names it and codes are minted for it. */
  appid: string;
  /** Referer version segment: `devtools` in DevTools (default), `0` for develop/trial builds on a phone. */
  appVersion?: string;
  /** The WeChat sandbox that mints login codes and phone proofs; without it codes are inert placeholders. */
  sandboxUrl?: string | null;
  /** Emulated network: origin the build calls → origin that really serves it in this run. */
  origins?: Record<string, string>;
  user?: SimulatedUserPatch;
  /** Decode launch query values before onLoad, as DevTools does (default false: raw, as on a device). */
  decodeQuery?: boolean;
  /** The Chromium screenshots are laid out in (started at the first one only); default CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
}

export interface DevtoolsHost {
  port: number;
  wsEndpoint: string;
  control: HostControl;
  /** Console, exceptions, routes, requests and app returns as they happen. */
  reporter: Reporter;
  close(): Promise<void>;
}

/** Where `npm start` and `xiaodenglu devtools` listen unless told otherwise (DevTools' usual automation port). */
export const DEFAULT_DEVTOOLS_PORT = 9420;
const WECHAT_DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export async function startDevtoolsHost(options: DevtoolsHostOptions): Promise<DevtoolsHost> {
  const root = path.resolve(options.projectRoot);
  const appJson = readAppJson(root);
  const { appid } = options;
  const reporter = new Reporter();
  const templates = compileTemplates(root, (message) => reporter.emit('log', { type: 'warn', args: [message] }));
  const identity: WechatIdentitySource = options.sandboxUrl ? new SandboxClient(options.sandboxUrl, appid) : new PlaceholderIdentity();
  let user: SimulatedUser = applyUserPatch(defaultUser(), options.user ?? {});
  let creatingUser: Promise<string> | null = null;
  const currentUserId = async (): Promise<string> => {
    if (user.sandboxUserId !== null) return user.sandboxUserId;
    creatingUser ??= identity
      .createUser()
      .then((id) => {
        user = { ...user, sandboxUserId: id };
        return id;
      })
      .finally(() => {
        creatingUser = null;
      });
    return creatingUser;
  };

  const returns: TimedAppReturn[] = [];
  let taken = 0;
  const waiters: Array<(value: TimedAppReturn) => void> = [];
  const requests: TimedRequestRecord[] = [];
  reporter.on('appReturn', (record) => {
    returns.push(record);
    const waiter = waiters.shift();
    if (waiter) {
      taken++;
      waiter(record);
    }
  });
  reporter.on('request', (record) => requests.push(record));

  const bindings = new Set<string>();
  let scheduler = new Scheduler(reporter);
  let ui: UiState = { events: [], navigationBarTitle: '', loading: false };
  // Page ids stay unique across resets: the automator client caches Page objects by id.
  const webviewIds = new UidSource();
  let service: AppService;

  const launchService = (): AppService => {
    const launch: LaunchState = { launch: null, enter: null };
    const privacy = new PrivacyGate(user.privacy.agreed, () => user.privacy.popupAnswer, scheduler);
    const storage = new Map<string, unknown>();
    const next = new AppService({
      root,
      appJson,
      templates,
      reporter,
      scheduler,
      launch,
      privacy,
      webviewIds,
      decodeQuery: options.decodeQuery ?? false,
      entry: () => user.entry,
      phoneAnswer: () => user.phone,
      phoneProof: async () => identity.phoneProof(await currentUserId()),
      buildWx: (appService) =>
        buildWx(appService, {
          scheduler,
          reporter,
          network: {
            origins: options.origins ?? {},
            defaultTimeoutMs: appJson.networkTimeout?.request ?? WECHAT_DEFAULT_REQUEST_TIMEOUT_MS,
          },
          identity: { appid, version: options.appVersion ?? 'devtools' },
          storage,
          ui,
          launch,
          privacy,
          mintLoginCode: async () => identity.loginCode(await currentUserId()),
          modalAnswer: () => user.modalAnswer,
          theme: () => user.theme,
        }),
    });
    next.start();
    for (const name of bindings) next.exposeBinding(name);
    return next;
  };
  service = launchService();
  const camera = new PageCamera(root, options.chromiumPath ?? chromiumPath());

  const control: HostControl = {
    user: () => user,
    setUser(patch) {
      user = applyUserPatch(user, patch);
      return user;
    },
    appReturns: () => [...returns],
    nextAppReturn() {
      if (taken < returns.length) return Promise.resolve(returns[taken++] as TimedAppReturn);
      return new Promise((resolve) => waiters.push(resolve));
    },
    requests: () => [...requests],
    ui: () => ui,
    whenIdle: () => scheduler.whenIdle(),
    screenshot: (screenshotOptions) => camera.capture(service.currentPage(), user.theme, screenshotOptions),
    reset() {
      scheduler.close();
      scheduler = new Scheduler(reporter);
      ui = { events: [], navigationBarTitle: '', loading: false };
      returns.length = 0;
      taken = 0;
      requests.length = 0;
      service = launchService();
    },
  };

  const server = await startProtocolServer(
    options.port ?? 0,
    {
      service: () => service,
      control,
      exposeBinding(name) {
        bindings.add(name);
        service.exposeBinding(name);
      },
    },
    reporter,
  );
  return {
    port: server.port,
    wsEndpoint: `ws://127.0.0.1:${server.port}`,
    control,
    reporter,
    async close() {
      scheduler.close();
      await server.close();
      await camera.close();
    },
  };
}
