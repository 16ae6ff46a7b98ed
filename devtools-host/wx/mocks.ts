/**
 * `App.mockWxMethod` / `restoreWxMethod` / `App.callWxMethod`, with the semantics of the script
 * DevTools injects for miniprogram-automator 0.12.1.
 */
import vm from 'node:vm';
import { isFunction, isPlainObject, type AnyFunction, type PlainObject } from '../guards.ts';
import type { Scheduler } from '../runtime/scheduler.ts';
import { respond, splitCallbacks, type Outcome } from './async-api.ts';

const SYNC_APIS = new Set([
  'stopRecord',
  'getRecorderManager',
  'pauseVoice',
  'stopVoice',
  'pauseBackgroundAudio',
  'stopBackgroundAudio',
  'getBackgroundAudioManager',
  'createAudioContext',
  'createInnerAudioContext',
  'createVideoContext',
  'createCameraContext',
  'createMapContext',
  'canIUse',
  'startAccelerometer',
  'stopAccelerometer',
  'startCompass',
  'stopCompass',
  'hideToast',
  'hideLoading',
  'showNavigationBarLoading',
  'hideNavigationBarLoading',
  'navigateBack',
  'createAnimation',
  'pageScrollTo',
  'createSelectorQuery',
  'createCanvasContext',
  'createContext',
  'drawCanvas',
  'hideKeyboard',
  'stopPullDownRefresh',
  'arrayBufferToBase64',
  'base64ToArrayBuffer',
]);

export function isSyncApi(method: string): boolean {
  return method.endsWith('Sync') || SYNC_APIS.has(method);
}

export interface MockRequest {
  method: string;
  result?: unknown;
  functionDeclaration?: unknown;
  args?: unknown;
}

/** Turns function source sent by the client into a function of the app-service realm. */
export function compileFunction(source: string, context: vm.Context): AnyFunction {
  const attempts = [`(${source})`, `(function ${source})`];
  for (const attempt of attempts) {
    try {
      const compiled: unknown = vm.runInContext(attempt, context);
      if (isFunction(compiled)) return compiled;
    } catch {
      // try the next reading (method shorthand `name(a) {…}`)
    }
  }
  throw new Error(`not a function declaration: ${source.slice(0, 80)}`);
}

export class WxMethods {
  private readonly originals = new Map<string, unknown>();

  constructor(
    private readonly wx: PlainObject,
    private readonly context: vm.Context,
    private readonly scheduler: Scheduler,
  ) {}

  mock(request: MockRequest): void {
    const { method } = request;
    if (/^(on|off)[A-Z]/.test(method)) throw new Error(`You can't mock wx.${method}`);
    if (!this.originals.has(method) && !(method in this.wx)) throw new Error(`wx.${method} not exists`);
    if (request.result === undefined && request.functionDeclaration === undefined) {
      this.restore(method);
      return;
    }
    if (!this.originals.has(method)) this.originals.set(method, this.wx[method]);
    const origin = this.originals.get(method);
    const extra = Array.isArray(request.args) ? request.args : [];
    const fn: AnyFunction =
      typeof request.functionDeclaration === 'string'
        ? compileFunction(request.functionDeclaration, this.context)
        : function lastArgument(...args: unknown[]) {
            return args[args.length - 1];
          };
    const fnArgs = typeof request.functionDeclaration === 'string' ? extra : [request.result];
    const self = { origin };
    if (isSyncApi(method)) {
      this.wx[method] = (...callArgs: unknown[]) => fn.apply(self, [...callArgs, ...fnArgs]);
      return;
    }
    const scheduler = this.scheduler;
    const expected = `${method}:ok`;
    this.wx[method] = (options?: unknown) => {
      const callbacks = splitCallbacks(options);
      const outcome = scheduler.track(
        Promise.resolve()
          .then(() => fn.apply(self, [callbacks.rest, ...fnArgs]))
          .then((value): Outcome => {
            const errMsg = isPlainObject(value) && typeof value.errMsg === 'string' ? value.errMsg : expected;
            return { ok: errMsg.includes(expected), result: value };
          }),
      );
      return respond(scheduler, callbacks, outcome);
    };
  }

  restore(method: string): void {
    if (!this.originals.has(method)) return;
    this.wx[method] = this.originals.get(method);
    this.originals.delete(method);
  }

  /** `App.callWxMethod`: sync APIs return directly, async ones settle like DevTools (fail → Error). */
  async call(method: string, args: unknown[]): Promise<unknown> {
    const api = this.wx[method];
    if (!isFunction(api)) throw new Error(`wx.${method} not exists`);
    if (isSyncApi(method)) return api.apply(this.wx, args);
    const first = isPlainObject(args[0]) ? args[0] : {};
    return new Promise((resolve, reject) => {
      api.call(this.wx, {
        ...first,
        success: (result: unknown) => resolve(result),
        fail: (result: unknown) => {
          const errMsg = isPlainObject(result) && typeof result.errMsg === 'string' ? result.errMsg : `${method}:fail`;
          reject(new Error(errMsg.replace(`${method}:fail `, '')));
        },
      });
    });
  }
}
