/** Local storage of one simulated device: sync and async forms, values kept as WeChat keeps them (structured). */
import type { PlainObject } from '../guards.ts';
import type { Scheduler } from '../runtime/scheduler.ts';
import { defineAsync, WxFail } from './async-api.ts';

function copy(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value) ?? 'null');
}

function keyOf(key: unknown): string {
  if (typeof key !== 'string' || key === '') throw new WxFail('parameter error: parameter.key should be String');
  return key;
}

export function storageApis(storage: Map<string, unknown>, scheduler: Scheduler): PlainObject {
  const getSync = (key: unknown): unknown => (storage.has(keyOf(key)) ? copy(storage.get(String(key))) : '');
  return {
    getStorageSync: getSync,
    setStorageSync: (key: unknown, data: unknown) => void storage.set(keyOf(key), copy(data)),
    removeStorageSync: (key: unknown) => void storage.delete(keyOf(key)),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => ({ keys: [...storage.keys()], currentSize: 0, limitSize: 10240 }),
    getStorage: defineAsync('getStorage', scheduler, ({ key }) => {
      const name = keyOf(key);
      if (!storage.has(name)) throw new WxFail('data not found');
      return { data: copy(storage.get(name)) };
    }),
    setStorage: defineAsync('setStorage', scheduler, ({ key, data }) => {
      storage.set(keyOf(key), copy(data));
      return {};
    }),
    removeStorage: defineAsync('removeStorage', scheduler, ({ key }) => {
      storage.delete(keyOf(key));
      return {};
    }),
    clearStorage: defineAsync('clearStorage', scheduler, () => {
      storage.clear();
      return {};
    }),
  };
}
