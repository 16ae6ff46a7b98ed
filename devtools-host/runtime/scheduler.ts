/**
 * Timers and callbacks of mini-program code: every callback runs guarded (an exception becomes
 * `App.exceptionThrown`, as in DevTools, instead of killing the host), pending work is counted so
 * callers can await idleness, and everything is cancelled when the host closes.
 */
import type { Reporter } from './reporter.ts';

type Callback = (...args: unknown[]) => unknown;

export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly reporter: Reporter) {}

  /** Calls mini-program code; a thrown error or rejected promise is reported, never rethrown. */
  guard(run: () => unknown): void {
    try {
      const result = run();
      if (isThenable(result)) result.then(undefined, (error: unknown) => this.reporter.exception(error));
    } catch (error) {
      this.reporter.exception(error);
    }
  }

  /** Tracks host-side async work (a request, a sandbox call) for `whenIdle`. */
  async track<T>(work: Promise<T>): Promise<T> {
    this.pending++;
    try {
      return await work;
    } finally {
      this.pending--;
      this.settle();
    }
  }

  /**
   * Work that starts with a question to the user (a sheet the page shows): counted for `whenIdle`
   * once they answered, not while the question waits — that wait ends only with the next action.
   */
  afterUser<A, T>(answer: A | Promise<A>, work: (value: A) => Promise<T>): Promise<T> {
    if (answer instanceof Promise) return answer.then((value) => this.track(work(value)));
    return this.track(work(answer));
  }

  /** Runs `callback` on a later macrotask, like WeChat's bridge delivers API callbacks. */
  later(callback: () => unknown, delayMs = 0): NodeJS.Timeout | undefined {
    if (this.closed) return undefined;
    this.pending++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.pending--;
      this.guard(callback);
      this.settle();
    }, delayMs);
    this.timers.add(timer);
    return timer;
  }

  cancel(timer: unknown): void {
    for (const candidate of this.timers) {
      if (candidate === timer) {
        clearTimeout(candidate);
        clearInterval(candidate);
        this.timers.delete(candidate);
        this.pending--;
        this.settle();
      }
    }
  }

  /** The `setTimeout`/`setInterval` family given to mini-program code. */
  timerGlobals(): Record<string, Callback> {
    return {
      setTimeout: (callback: unknown, delay: unknown, ...args: unknown[]) =>
        this.later(() => (typeof callback === 'function' ? callback(...args) : undefined), Number(delay) || 0),
      clearTimeout: (timer: unknown) => this.cancel(timer),
      setInterval: (callback: unknown, delay: unknown, ...args: unknown[]) => {
        if (this.closed) return undefined;
        const timer = setInterval(
          () => this.guard(() => (typeof callback === 'function' ? callback(...args) : undefined)),
          Number(delay) || 0,
        );
        this.timers.add(timer);
        this.pending++;
        return timer;
      },
      clearInterval: (timer: unknown) => this.cancel(timer),
    };
  }

  /** Resolves once no timer, callback or tracked request is pending (intervals count as pending). */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
      clearInterval(timer);
    }
    this.timers.clear();
    this.pending = 0;
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    // Let promise continuations scheduled by the last callback run before declaring idleness.
    setImmediate(() => {
      if (this.pending > 0) return;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    });
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
