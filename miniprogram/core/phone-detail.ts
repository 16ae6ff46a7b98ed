/**
 * Reads the `detail` of a `bindgetphonenumber` event. The failure strings differ across clients
 * (see docs/launcher.md); only `getPhoneNumber:ok` is a success.
 */

import type { PhoneProof } from '../contract/schemas';
import type { Failure } from './failures';

export interface PhoneDetail {
  errMsg?: string;
  errno?: number;
  code?: string;
  encryptedData?: string;
  iv?: string;
}

export type PhoneOutcome =
  | { kind: 'proof'; proof: PhoneProof }
  | { kind: 'denied'; text: string }
  | { kind: 'privacy-denied' }
  | { kind: 'failed'; failure: Failure };

const PRIVACY_NOT_AUTHORIZED = 104;
const PRIVACY_SCOPE_UNDECLARED = 112;
const PHONE_QUOTA_EXHAUSTED = 1400001;

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

export function classifyPhoneDetail(detail: PhoneDetail): PhoneOutcome {
  const errMsg = typeof detail.errMsg === 'string' ? detail.errMsg : '';
  if (errMsg === 'getPhoneNumber:ok') {
    if (nonEmpty(detail.code)) {
      const proof: PhoneProof = { kind: 'code', code: detail.code };
      if (nonEmpty(detail.encryptedData) && nonEmpty(detail.iv)) {
        proof.encryptedData = detail.encryptedData;
        proof.iv = detail.iv;
      }
      return { kind: 'proof', proof };
    }
    if (nonEmpty(detail.encryptedData) && nonEmpty(detail.iv)) {
      return { kind: 'proof', proof: { kind: 'encrypted', encryptedData: detail.encryptedData, iv: detail.iv } };
    }
    return { kind: 'failed', failure: { extMsg: { code: 500 }, text: '微信未返回手机号凭证，请重试', retry: 'again' } };
  }
  if (detail.errno === PRIVACY_NOT_AUTHORIZED || errMsg.indexOf('privacy permission is not authorized') >= 0) {
    return { kind: 'privacy-denied' };
  }
  if (detail.errno === PRIVACY_SCOPE_UNDECLARED || errMsg.indexOf('scope is not declared') >= 0) {
    return { kind: 'failed', failure: { extMsg: { code: 500 }, text: '小程序未在隐私保护指引中声明手机号', retry: null } };
  }
  if (detail.errno === PHONE_QUOTA_EXHAUSTED) {
    return { kind: 'failed', failure: { extMsg: { code: 503 }, text: '手机号验证额度已用完，请联系 App 开发者', retry: null } };
  }
  if (errMsg.indexOf('短信验证') >= 0) {
    return { kind: 'denied', text: '请先在微信中完成手机号短信验证，再重试' };
  }
  if (/deny|cancel/.test(errMsg)) return { kind: 'denied', text: '你拒绝了手机号授权' };
  if (/no permission|没有权限/.test(errMsg)) {
    return { kind: 'failed', failure: { extMsg: { code: 500 }, text: '小程序没有获取手机号的权限', retry: null } };
  }
  return { kind: 'failed', failure: { extMsg: { code: 500 }, text: '获取手机号失败，请重试', retry: 'again' } };
}
