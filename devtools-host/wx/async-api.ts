/**
 * WeChat's calling convention for async APIs: `success`/`fail`/`complete` callbacks, or a Promise
 * when none is given; every result carries `errMsg` = `<name>:ok` or `<name>:fail <reason>`.
 */
import { isFunction, isPlainObject, type PlainObject } from '../guards.ts';
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

export interface Outcome {
  ok: boolean;
  result: unknown;
}

function hasCallbacks(callbacks: CallbackOptions): boolean {
  return Boolean(callbacks.success || callbacks.fail || callbacks.complete);
}

/** Delivers an outcome the way WeChat does: callbacks on a later tick, or the returned Promise. */
function deliver(scheduler: Scheduler, callbacks: CallbackOptions, { ok, result }: Outcome): Promise<unknown> | undefined {
  if (!hasCallbacks(callbacks)) {
    return new Promise((resolve, reject) => scheduler.later(() => (ok ? resolve(result) : reject(result))));
  }
  const { success, fail, complete } = callbacks;
  scheduler.later(() => {
    if (ok) success?.(result);
    else fail?.(result);
    complete?.(result);
  });
  return undefined;
}

/**
 * An async API's answer once `outcome` settles: through the callbacks (the call returns undefined;
 * an error in the host's own work surfaces as an exception) or as the returned Promise.
 */
export function respond(scheduler: Scheduler, callbacks: CallbackOptions, outcome: Promise<Outcome>): Promise<unknown> | undefined {
  const delivered = outcome.then((settled) => deliver(scheduler, callbacks, settled));
  if (!hasCallbacks(callbacks)) return delivered;
  delivered.catch((error: unknown) =>
    scheduler.guard(() => {
      throw error;
    }),
  );
  return undefined;
}

/** Runs an API implementation; a WxFail becomes the failed outcome with WeChat's errMsg. */
async function settle(name: string, work: () => PlainObject | Promise<PlainObject>): Promise<Outcome> {
  try {
    return { ok: true, result: { errMsg: `${name}:ok`, ...(await work()) } };
  } catch (error) {
    if (!(error instanceof WxFail)) throw error;
    const errMsg = error.exactErrMsg ? error.reason : `${name}:fail ${error.reason}`;
    return { ok: false, result: { errMsg, ...error.extra } };
  }
}

export function defineAsync(
  name: string,
  scheduler: Scheduler,
  work: (options: PlainObject) => PlainObject | Promise<PlainObject>,
): AsyncApi {
  return (options?: unknown) => {
    const callbacks = splitCallbacks(options);
    return respond(scheduler, callbacks, scheduler.track(settle(name, () => work(callbacks.rest))));
  };
}

/** An async API that first asks the user (`ask`); see `Scheduler.afterUser` for how the wait counts. */
export function defineAsyncAfterUser<A>(
  name: string,
  scheduler: Scheduler,
  ask: (options: PlainObject) => A | Promise<A>,
  work: (answer: A) => PlainObject | Promise<PlainObject>,
): AsyncApi {
  return (options?: unknown) => {
    const callbacks = splitCallbacks(options);
    return respond(
      scheduler,
      callbacks,
      scheduler.afterUser(ask(callbacks.rest), (answer) => settle(name, () => work(answer))),
    );
  };
}
