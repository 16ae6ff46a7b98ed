export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A function defined by mini-program code; called with whatever `this` and arguments WeChat would give. */
export type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

export function isFunction(value: unknown): value is AnyFunction {
  return typeof value === 'function';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
