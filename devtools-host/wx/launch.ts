/**
 * How the mini-program was opened and how it goes back to the app: enter/launch options (scene,
 * query, referrerInfo) and the undocumented `navigateBackApplication`, which only works when an
 * app opened the mini-program through OpenSDK (scene 1069 with a referrer appId).
 */
import { isPlainObject, type PlainObject } from '../guards.ts';
import type { Scheduler } from '../runtime/scheduler.ts';
import type { Reporter } from '../runtime/reporter.ts';
import { defineAsync, WxFail } from './async-api.ts';
import { ENTRY_SCENE } from '../simulated-user/vocabulary.ts';

export interface EnterOptions {
  path: string;
  query: Record<string, string>;
  scene: number;
  referrerInfo: { appId?: string; extraData?: PlainObject };
  apiCategory: 'default';
}

export interface LaunchState {
  launch: EnterOptions | null;
  enter: EnterOptions | null;
}

function copyOptions(options: EnterOptions | null): PlainObject {
  // Asked before any launch: answered as if opened from the Discover page's recents list.
  if (!options) return { path: '', query: {}, scene: ENTRY_SCENE.recentsFromDiscover, referrerInfo: {}, apiCategory: 'default' };
  return JSON.parse(JSON.stringify(options)) as PlainObject;
}

export function openedByApp(state: LaunchState): boolean {
  const enter = state.enter;
  return (
    enter !== null && enter.scene === ENTRY_SCENE.fromApp && typeof enter.referrerInfo.appId === 'string' && enter.referrerInfo.appId !== ''
  );
}

/** Older Android builds serialize an object extraData with org.json; a string passes through raw. */
export function extMsgOf(extraData: unknown): string {
  if (extraData === undefined || extraData === null) return '{}';
  return typeof extraData === 'string' ? extraData : JSON.stringify(extraData);
}

export function launchApis(state: LaunchState, scheduler: Scheduler, reporter: Reporter): PlainObject {
  return {
    getEnterOptionsSync: () => copyOptions(state.enter),
    getLaunchOptionsSync: () => copyOptions(state.launch),
    navigateBackApplication: defineAsync('navigateBackApplication', scheduler, (options) => {
      if (!openedByApp(state)) throw new WxFail('navigateBackApplication:fail:not from opensdk', {}, true);
      const extraData = isPlainObject(options) ? options.extraData : undefined;
      reporter.emit('appReturn', { via: 'navigateBackApplication', extMsg: extMsgOf(extraData), at: Date.now() });
      return { errno: 0 };
    }),
    exitMiniProgram: defineAsync('exitMiniProgram', scheduler, () => ({})),
  };
}
