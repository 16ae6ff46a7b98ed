/**
 * One page on the stack: the `this` mini-program code sees (data, setData, route, options, methods),
 * its lifecycle hooks, and its rendered element tree (re-rendered by wcc when next looked at after a setData).
 */
import { buildTree, type UidSource, type VElement } from '../wxml/vnode.ts';
import type { TemplateSet } from '../wxml/compile.ts';
import { isFunction, isPlainObject, type AnyFunction, type PlainObject } from '../guards.ts';
import { setAtPath } from './data-path.ts';
import type { Scheduler } from './scheduler.ts';

/** `Page({...})`, or `Component({...})` used as a page (methods under `methods`). */
export interface PageDefinition {
  route: string;
  constructor: 'Page' | 'Component';
  options: PlainObject;
}

export interface PageDeps {
  templates: TemplateSet;
  uids: UidSource;
  scheduler: Scheduler;
}

const PAGE_HOOKS = new Set([
  'onLoad',
  'onShow',
  'onReady',
  'onHide',
  'onUnload',
  'onPullDownRefresh',
  'onReachBottom',
  'onShareAppMessage',
  'onPageScroll',
  'onResize',
]);

function cloneData(value: unknown): PlainObject {
  if (!isPlainObject(value)) return {};
  return JSON.parse(JSON.stringify(value)) as PlainObject;
}

export class PageInstance {
  readonly self: PlainObject;
  private tree: VElement | null = null;
  private dirty = true;
  private readonly methods = new Map<string, AnyFunction>();
  private readonly hooks = new Map<string, AnyFunction>();
  private readonly lifetimes = new Map<string, AnyFunction>();

  constructor(
    readonly definition: PageDefinition,
    readonly webviewId: number,
    /** The query exactly as WeChat hands it to onLoad (string values). */
    readonly query: Record<string, string>,
    private readonly deps: PageDeps,
  ) {
    const { options } = definition;
    this.self = {};
    if (definition.constructor === 'Page') {
      for (const [key, value] of Object.entries(options)) {
        if (key === 'data') continue;
        if (isFunction(value)) (PAGE_HOOKS.has(key) ? this.hooks : this.methods).set(key, value);
        else this.self[key] = isPlainObject(value) || Array.isArray(value) ? JSON.parse(JSON.stringify(value)) : value;
      }
    } else {
      const methods = isPlainObject(options.methods) ? options.methods : {};
      for (const [key, value] of Object.entries(methods)) {
        if (isFunction(value)) (PAGE_HOOKS.has(key) ? this.hooks : this.methods).set(key, value);
      }
      const lifetimes = isPlainObject(options.lifetimes) ? options.lifetimes : {};
      for (const name of ['created', 'attached', 'ready', 'detached']) {
        const hook = lifetimes[name] ?? options[name];
        if (isFunction(hook)) this.lifetimes.set(name, hook);
      }
    }
    for (const [name, method] of this.methods) this.self[name] = (...args: unknown[]) => method.apply(this.self, args);
    for (const [name, hook] of this.hooks) this.self[name] = (...args: unknown[]) => hook.apply(this.self, args);
    const data = cloneData(options.data);
    if (definition.constructor === 'Component') this.applyProperties(data);
    this.self.data = data;
    this.self.route = definition.route;
    this.self.__route__ = definition.route;
    this.self.options = { ...query };
    this.self.__wxWebviewId__ = webviewId;
    this.self.setData = (patch: unknown, callback?: unknown) => this.setData(patch, callback);
    this.self.selectComponent = () => null;
    this.self.selectAllComponents = () => [];
  }

  get route(): string {
    return this.definition.route;
  }

  get data(): PlainObject {
    const data = this.self.data;
    return isPlainObject(data) ? data : {};
  }

  /** Page hooks (`onLoad`…) and, for Component pages, lifetimes (`attached`…). */
  runHook(name: string, ...args: unknown[]): void {
    const hook = this.hooks.get(name) ?? this.lifetimes.get(name);
    if (hook) this.deps.scheduler.guard(() => hook.apply(this.self, args));
  }

  /** An event handler or `Page.callMethod` target, with `this` bound like WeChat. */
  method(name: string): AnyFunction | undefined {
    const own = this.self[name];
    return isFunction(own) ? own : undefined;
  }

  setData(patch: unknown, callback?: unknown): void {
    if (!isPlainObject(patch)) throw new TypeError('setData: the argument must be an object');
    const data = this.data;
    for (const [key, value] of Object.entries(patch)) {
      // Like WeChat, the page keeps a copy; later mutation of the caller's object does not leak in.
      setAtPath(data, key, value === undefined ? undefined : JSON.parse(JSON.stringify(value) ?? 'null'));
    }
    this.dirty = true;
    if (isFunction(callback)) this.deps.scheduler.later(() => callback.call(this.self));
  }

  /** The current element tree, re-rendered if data changed since the last look. */
  root(): VElement {
    if (this.dirty || this.tree === null) {
      const raw = this.deps.templates.render(`${this.route}.wxml`, this.data);
      if (!raw) throw new Error(`no WXML for page ${this.route}`);
      this.tree = buildTree(raw, this.tree, this.deps.uids);
      this.dirty = false;
    }
    return this.tree;
  }

  private applyProperties(data: PlainObject): void {
    const properties = this.definition.options.properties;
    if (!isPlainObject(properties)) return;
    for (const name of Object.keys(properties)) {
      if (name in this.query) data[name] = this.query[name];
    }
  }
}
