/**
 * The app-service half of the mini-program: a `vm` context holding `wx`, `App`, `Page`, `Component`,
 * `getApp`, `getCurrentPages` and the built code; the page stack and its route changes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { errorMessage, isFunction, isPlainObject, type PlainObject } from '../guards.ts';
import type { TemplateSet } from '../wxml/compile.ts';
import { findByUid, UidSource, type VElement } from '../wxml/vnode.ts';
import { ModuleLoader } from './module-loader.ts';
import { PageInstance, type PageDefinition } from './page-instance.ts';
import type { Reporter, LogType } from './reporter.ts';
import { Scheduler } from './scheduler.ts';
import { parsePageUrl } from './route-url.ts';
import { dispatchEvent, type DispatchOptions } from './events.ts';
import { runOpenType } from './open-type.ts';
import { WxMethods } from '../wx/mocks.ts';
import type { LaunchState, EnterOptions } from '../wx/launch.ts';
import type { PrivacyGate } from '../wx/privacy.ts';
import type { PhoneSheetAnswer, EntryContext } from '../simulated-user/vocabulary.ts';
import type { PhoneProofDetail } from '../sandbox-client.ts';

export interface AppJson {
  pages: string[];
  networkTimeout?: { request?: number };
}

export function readAppJson(root: string): AppJson {
  const file = path.join(root, 'app.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file}: ${errorMessage(error)}`, { cause: error });
  }
  if (
    !isPlainObject(parsed) ||
    !Array.isArray(parsed.pages) ||
    !parsed.pages.every((p) => typeof p === 'string') ||
    parsed.pages.length === 0
  ) {
    throw new Error(`${file}: "pages" must be a non-empty array of page paths`);
  }
  const timeout =
    isPlainObject(parsed.networkTimeout) && typeof parsed.networkTimeout.request === 'number' ? parsed.networkTimeout.request : undefined;
  return { pages: parsed.pages as string[], networkTimeout: { request: timeout } };
}

export type RouteMethod = 'reLaunch' | 'navigateTo' | 'redirectTo' | 'navigateBack' | 'switchTab';
export const ROUTE_METHODS: readonly RouteMethod[] = ['reLaunch', 'navigateTo', 'redirectTo', 'navigateBack', 'switchTab'];

export class RouteError extends Error {}

export interface AppServiceConfig {
  root: string;
  appJson: AppJson;
  templates: TemplateSet;
  reporter: Reporter;
  scheduler: Scheduler;
  launch: LaunchState;
  privacy: PrivacyGate;
  entry(): EntryContext;
  phoneAnswer(): PhoneSheetAnswer;
  phoneProof(): Promise<PhoneProofDetail>;
  webviewIds: UidSource;
  /** Decode query values before onLoad (DevTools does; devices do not). */
  decodeQuery: boolean;
  /** Builds the `wx` object once the app service can take route calls. */
  buildWx(service: AppService): PlainObject;
}

const MAX_STACK = 10;

export class AppService {
  readonly context: vm.Context;
  readonly wx: PlainObject;
  readonly wxMethods: WxMethods;
  readonly stack: PageInstance[] = [];
  private readonly loader: ModuleLoader;
  private readonly definitions = new Map<string, PageDefinition>();
  private readonly uids = new UidSource();
  private appInstance: PlainObject = {};
  private loadingRoute: string | null = null;
  private launched = false;

  constructor(private readonly config: AppServiceConfig) {
    this.context = vm.createContext(this.globals());
    this.wx = config.buildWx(this);
    this.context.wx = this.wx;
    this.wxMethods = new WxMethods(this.wx, this.context, config.scheduler);
    this.loader = new ModuleLoader(config.root, this.context);
  }

  /** Loads app.js (WeChat runs it before any page). */
  start(): void {
    if (this.loader.has('app.js')) this.loader.load('app.js');
  }

  get pages(): readonly string[] {
    return this.config.appJson.pages;
  }

  currentPage(): PageInstance | null {
    return this.stack[this.stack.length - 1] ?? null;
  }

  pageById(webviewId: number): PageInstance | null {
    return this.stack.find((page) => page.webviewId === webviewId) ?? null;
  }

  exposeBinding(name: string): void {
    this.context[name] = (...args: unknown[]) => this.config.reporter.emit('binding', { name, args });
  }

  /**
   * A route change. `asEntry`: the automator's own reLaunch, which stands for the app (or a scan)
   * opening the mini-program at that URL — it sets the enter options and fires App.onShow.
   */
  route(method: RouteMethod, args: PlainObject, asEntry = false): PlainObject {
    switch (method) {
      case 'navigateBack':
        return this.navigateBack(args.delta);
      case 'switchTab':
        throw new RouteError('can not switch to no-tabBar page');
      default:
        break;
    }
    const target = parsePageUrl(args.url, this.currentPage()?.route ?? null, this.config.decodeQuery);
    const route = this.resolveRoute(target.path);
    if (route === null) throw new RouteError(`page "${target.path}" is not found`);
    if (method === 'navigateTo' && this.stack.length >= MAX_STACK) throw new RouteError('webview count limit exceed');
    const definition = this.definitionOf(route);
    this.config.reporter.emit('route', { method, path: route, at: Date.now() });
    if (asEntry) this.enter(route, target.query);
    if (method === 'reLaunch') this.unload(this.stack.length);
    else if (method === 'redirectTo') this.unload(1);
    else this.currentPage()?.runHook('onHide');
    this.open(definition, target.query);
    return { errMsg: `${method}:ok` };
  }

  dispatch(page: PageInstance, target: VElement, type: string, options: DispatchOptions): void {
    dispatchEvent(page, target, type, options, this.config.scheduler, this.config.reporter);
  }

  /** A user's tap: the bound handlers, then what the client does for an open-type button. */
  tap(page: PageInstance, target: VElement): Promise<void> | null {
    this.dispatch(page, target, 'tap', { detail: { x: 0, y: 0 } });
    return runOpenType(target, {
      privacy: this.config.privacy,
      launch: this.config.launch,
      reporter: this.config.reporter,
      phoneAnswer: this.config.phoneAnswer,
      phoneProof: this.config.phoneProof,
      emit: (button, type, detail) => {
        if (!this.stack.includes(page)) return;
        const current = findByUid(page.root(), button.uid) ?? button;
        this.dispatch(page, current, type, { detail });
      },
      afterUser: (answer, work) => this.config.scheduler.afterUser(answer, work),
    });
  }

  /** Like WeChat: only a page app.json lists opens; a folder does not stand for its index page. */
  private resolveRoute(pagePath: string): string | null {
    return this.pages.includes(pagePath) ? pagePath : null;
  }

  private definitionOf(route: string): PageDefinition {
    const known = this.definitions.get(route);
    if (known) return known;
    this.loadingRoute = route;
    try {
      this.loader.load(`${route}.js`);
    } finally {
      this.loadingRoute = null;
    }
    const loaded = this.definitions.get(route);
    if (!loaded) throw new RouteError(`Page "${route}" has not been registered yet.`);
    return loaded;
  }

  private enter(route: string, query: Record<string, string>): void {
    const entry = this.config.entry();
    const referrerInfo = entry.referrerAppId ? { appId: entry.referrerAppId, extraData: {} } : {};
    const options: EnterOptions = { path: route, query: { ...query }, scene: entry.scene, referrerInfo, apiCategory: 'default' };
    this.config.launch.enter = options;
    if (!this.launched) {
      this.launched = true;
      this.config.launch.launch = options;
      this.runAppHook('onLaunch', options);
    }
    this.runAppHook('onShow', options);
  }

  private runAppHook(name: string, options: EnterOptions): void {
    const hook = this.appInstance[name];
    if (isFunction(hook)) this.config.scheduler.guard(() => hook.call(this.appInstance, JSON.parse(JSON.stringify(options))));
  }

  private open(definition: PageDefinition, query: Record<string, string>): void {
    const page = new PageInstance(definition, this.config.webviewIds.take(), query, {
      templates: this.config.templates,
      uids: this.uids,
      scheduler: this.config.scheduler,
    });
    this.stack.push(page);
    page.runHook('created');
    page.runHook('attached');
    page.runHook('onLoad', { ...query });
    page.runHook('onShow');
    page.root();
    this.config.scheduler.later(() => {
      if (!this.stack.includes(page)) return;
      page.runHook('onReady');
      page.runHook('ready');
    });
  }

  private unload(count: number): void {
    for (let i = 0; i < count; i++) {
      const page = this.stack.pop();
      if (!page) return;
      page.runHook('onUnload');
      page.runHook('detached');
    }
  }

  private navigateBack(delta: unknown): PlainObject {
    const steps = typeof delta === 'number' && delta >= 1 ? Math.floor(delta) : 1;
    if (this.stack.length <= 1) throw new RouteError('cannot navigate back at first page.');
    this.unload(Math.min(steps, this.stack.length - 1));
    this.currentPage()?.runHook('onShow');
    return { errMsg: 'navigateBack:ok' };
  }

  private globals(): PlainObject {
    const { reporter, scheduler } = this.config;
    const log =
      (type: LogType) =>
      (...args: unknown[]) =>
        reporter.emit('log', { type, args });
    const console = { log: log('log'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') };
    return {
      console,
      ...scheduler.timerGlobals(),
      App: (options: unknown) => {
        if (!isPlainObject(options)) throw new TypeError('App(): the argument must be an object');
        this.appInstance = options;
      },
      getApp: () => this.appInstance,
      Page: (options: unknown) => this.register('Page', options),
      Component: (options: unknown) => this.register('Component', options),
      Behavior: (options: unknown) => options,
      getCurrentPages: () => this.stack.map((page) => page.self),
      requirePlugin: (name: unknown) => {
        throw new Error(`requirePlugin: plugins are not supported by the headless host (${String(name)})`);
      },
      __wxConfig: { pages: [...this.pages], envVersion: 'develop' },
    };
  }

  private register(constructor: 'Page' | 'Component', options: unknown): void {
    if (!isPlainObject(options)) throw new TypeError(`${constructor}(): the argument must be an object`);
    const route = this.loadingRoute;
    // A Component() outside a page file is a custom component; pages are what the host renders.
    if (route === null) return;
    this.definitions.set(route, { route, constructor, options });
  }
}
