/**
 * WeChat's calling convention for async APIs: `success`/`fail`/`complete` callbacks, or a Promise
 * when none is given; every result carries `errMsg` = `<name>:ok` or `<name>:fail <reason>`.
 */
import { isFunction, isPlainObject, type PlainObject } from '../types.ts';
import type { Scheduler } from '../runtime/scheduler.ts';

/** Thrown inside an API implementation to fail the call with WeChat's wording. */
export class WxFail extends Error {
  constructor(
    /** The text after `<name>:fail ` — or, with `exactErrMsg`, the whole errMsg. */
    readonly reason: string,
    readonly extra: PlainObject = {},
    readonly exactErrMsg = false,
  ) {
    super(reason);
    this.name = 'WxFail';
  }
}

export type AsyncApi = (options?: unknown) => Promise<unknown> | undefined;

export interface CallbackOptions {
  rest: PlainObject;
  success?: (result: unknown) => unknown;
  fail?: (result: unknown) => unknown;
  complete?: (result: unknown) => unknown;
}

export function splitCallbacks(options: unknown): CallbackOptions {
  const source = isPlainObject(options) ? options : {};
  const { success, fail, complete, ...rest } = source;
  return {
    rest,
    success: isFunction(success) ? (r) => success.call(undefined, r) : undefined,
    fail: isFunction(fail) ? (r) => fail.call(undefined, r) : undefined,
    complete: isFunction(complete) ? (r) => complete.call(undefined, r) : undefined,
  };
}

/** Delivers an outcome the way WeChat does: callbacks on a later tick, or the returned Promise. */
export function deliver(scheduler: Scheduler, callbacks: CallbackOptions, ok: boolean, result: unknown): Promise<unknown> | undefined {
  const { success, fail, complete } = callbacks;
  if (!success && !fail && !complete) {
    return new Promise((resolve, reject) => scheduler.later(() => (ok ? resolve(result) : reject(result))));
  }
  scheduler.later(() => {
    if (ok) success?.(result);
    else fail?.(result);
    complete?.(result);
  });
  return undefined;
}

export function defineAsync(name: string, scheduler: Scheduler, work: (options: PlainObject) => PlainObject | Promise<PlainObject>): AsyncApi {
  return (options?: unknown) => {
    const callbacks = splitCallbacks(options);
    const outcome = scheduler.track(
      (async () => {
        try {
          const result = await work(callbacks.rest);
          return { ok: true, result: { errMsg: `${name}:ok`, ...result } };
        } catch (error) {
          if (!(error instanceof WxFail)) throw error;
          const errMsg = error.exactErrMsg ? error.reason : `${name}:fail ${error.reason}`;
          return { ok: false, result: { errMsg, ...error.extra } };
        }
      })(),
    );
    const hasCallbacks = callbacks.success || callbacks.fail || callbacks.complete;
    const promise = outcome.then(({ ok, result }) => deliver(scheduler, callbacks, ok, result));
    if (hasCallbacks) {
      promise.catch((error: unknown) => scheduler.guard(() => { throw error; }));
      return undefined;
    }
    return promise.then((inner) => inner);
  };
}
