/** Static device facts, as DevTools reports them. */
import type { PlainObject } from '../guards.ts';
import type { Scheduler } from '../runtime/scheduler.ts';
import { defineAsync } from './async-api.ts';
import type { Theme } from '../simulated-user/vocabulary.ts';

export const SDK_VERSION = '3.3.4';

/** The simulated phone's screen (CSS px), what DevTools' iPhone 12/13 (Pro) reports; screenshots are taken at it. */
export const DEVICE_SCREEN = {
  model: 'iPhone 12/13 (Pro)',
  pixelRatio: 3,
  width: 390,
  height: 844,
  statusBarHeight: 47,
  /** The navigation bar under the status bar (iOS). */
  navigationBarHeight: 44,
} as const;

/** The page's viewport: the screen less the status and navigation bars. */
export const WINDOW_HEIGHT = DEVICE_SCREEN.height - DEVICE_SCREEN.statusBarHeight - DEVICE_SCREEN.navigationBarHeight;

const WINDOW_INFO = {
  pixelRatio: DEVICE_SCREEN.pixelRatio,
  screenWidth: DEVICE_SCREEN.width,
  screenHeight: DEVICE_SCREEN.height,
  windowWidth: DEVICE_SCREEN.width,
  windowHeight: WINDOW_HEIGHT,
  statusBarHeight: DEVICE_SCREEN.statusBarHeight,
};

const SYSTEM_INFO = {
  brand: 'devtools',
  model: DEVICE_SCREEN.model,
  ...WINDOW_INFO,
  language: 'zh_CN',
  version: '8.0.5',
  system: 'iOS 10.0.1',
  platform: 'devtools',
  SDKVersion: SDK_VERSION,
};

/** @param theme the phone's appearance now (the simulated user's setting). */
export function systemApis(appid: string, scheduler: Scheduler, theme: () => Theme): PlainObject {
  return {
    getSystemInfoSync: () => ({ ...SYSTEM_INFO, theme: theme() }),
    getSystemInfo: defineAsync('getSystemInfo', scheduler, () => ({ ...SYSTEM_INFO, theme: theme() })),
    getWindowInfo: () => ({ ...WINDOW_INFO }),
    getAppBaseInfo: () => ({ SDKVersion: SDK_VERSION, language: 'zh_CN', version: '8.0.5', theme: theme() }),
    getDeviceInfo: () => ({ brand: 'devtools', model: SYSTEM_INFO.model, system: SYSTEM_INFO.system, platform: 'devtools' }),
    getAccountInfoSync: () => ({ miniProgram: { appId: appid, envVersion: 'develop', version: '' } }),
    canIUse: (schema: unknown) => typeof schema === 'string' && schema.length > 0,
  };
}
