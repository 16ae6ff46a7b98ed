/** Static device facts, as DevTools reports them. */
import type { PlainObject } from '../guards.ts';
import type { Scheduler } from '../runtime/scheduler.ts';
import { defineAsync } from './async-api.ts';

export const SDK_VERSION = '3.3.4';

const SYSTEM_INFO = {
  brand: 'devtools',
  model: 'iPhone 12/13 (Pro)',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 753,
  statusBarHeight: 47,
  language: 'zh_CN',
  version: '8.0.5',
  system: 'iOS 10.0.1',
  platform: 'devtools',
  SDKVersion: SDK_VERSION,
  theme: 'light',
};

export function systemApis(appid: string, scheduler: Scheduler): PlainObject {
  return {
    getSystemInfoSync: () => ({ ...SYSTEM_INFO }),
    getSystemInfo: defineAsync('getSystemInfo', scheduler, () => ({ ...SYSTEM_INFO })),
    getWindowInfo: () => ({ pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 753, statusBarHeight: 47 }),
    getAppBaseInfo: () => ({ SDKVersion: SDK_VERSION, language: 'zh_CN', version: '8.0.5', theme: 'light' }),
    getDeviceInfo: () => ({ brand: 'devtools', model: SYSTEM_INFO.model, system: SYSTEM_INFO.system, platform: 'devtools' }),
    getAccountInfoSync: () => ({ miniProgram: { appId: appid, envVersion: 'develop', version: '' } }),
    canIUse: (schema: unknown) => typeof schema === 'string' && schema.length > 0,
  };
}
