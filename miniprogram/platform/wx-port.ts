/**
 * The one place that touches `wx`: callback APIs promisified and typed, failures turned into values.
 * Everything else receives these functions (see core/login-flow.ts FlowEffects).
 */

import type { LoginOutcome } from '../core/login-flow';
import type { HttpOutcome, Transport } from '../core/service-client';

export function login(): Promise<LoginOutcome> {
  return new Promise((resolve) => {
    wx.login({
      success: (res) => resolve(res.code ? { ok: true, code: res.code } : { ok: false, errMsg: res.errMsg }),
      fail: (err) => resolve({ ok: false, errMsg: err.errMsg }),
    });
  });
}

/** wx.request succeeds on any HTTP status; only network errors and timeouts reach `fail`. */
export function createTransport(timeoutMs: number): Transport {
  return (request) =>
    new Promise<HttpOutcome>((resolve) => {
      wx.request({
        url: request.url,
        method: request.method,
        data: request.body,
        header: { 'content-type': 'application/json' },
        dataType: 'json',
        timeout: timeoutMs,
        success: (res) => resolve({ kind: 'response', status: res.statusCode, body: res.data }),
        fail: (err) => resolve({ kind: 'network', errMsg: err.errMsg }),
      });
    });
}

/** The entry scene (1069: opened by an app). Older clients lack getEnterOptionsSync. */
export function enterScene(): number {
  const options = typeof wx.getEnterOptionsSync === 'function' ? wx.getEnterOptionsSync() : wx.getLaunchOptionsSync();
  return options && typeof options.scene === 'number' ? options.scene : 0;
}

export function navigateBack(extMsg: string): Promise<boolean> {
  return new Promise((resolve) => {
    const back = wx.navigateBackApplication;
    if (typeof back !== 'function') {
      resolve(false);
      return;
    }
    back({ extraData: extMsg, success: () => resolve(true), fail: () => resolve(false) });
  });
}

export function privacyNeeded(): Promise<boolean> {
  return new Promise((resolve) => {
    if (typeof wx.getPrivacySetting !== 'function') {
      resolve(false);
      return;
    }
    wx.getPrivacySetting({ success: (res) => resolve(res.needAuthorization), fail: () => resolve(false) });
  });
}

/** Calls `onNeed(decide)` whenever a privacy-covered API (the phone button) waits for consent. */
export function onPrivacyNeeded(agreeButtonId: string, onNeed: (decide: (agreed: boolean) => void) => void): void {
  if (typeof wx.onNeedPrivacyAuthorization !== 'function') return;
  wx.onNeedPrivacyAuthorization((resolve: (decision: WechatMiniprogram.PrivacyDecision) => void) => {
    onNeed((agreed) => resolve(agreed ? { event: 'agree', buttonId: agreeButtonId } : { event: 'disagree' }));
  });
}

export function openPrivacyContract(): void {
  if (typeof wx.openPrivacyContract === 'function') wx.openPrivacyContract({});
}
