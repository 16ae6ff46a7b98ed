/** `wx.login`: a fresh code from the sandbox for the simulated user (which rotates their session key, like WeChat). */
import type { PlainObject } from '../guards.ts';
import type { Scheduler } from '../runtime/scheduler.ts';
import { defineAsync, WxFail } from './async-api.ts';
import { errorMessage } from '../guards.ts';

export function loginApis(mintCode: () => Promise<string>, scheduler: Scheduler): PlainObject {
  return {
    login: defineAsync('login', scheduler, async () => {
      try {
        return { code: await mintCode() };
      } catch (error) {
        throw new WxFail(`network error (${errorMessage(error)})`);
      }
    }),
    checkSession: defineAsync('checkSession', scheduler, () => ({})),
  };
}
