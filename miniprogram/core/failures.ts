/**
 * Every way a login can fail, mapped to what the app receives (the extMsg code table) and what the
 * user reads. `retry` says what the retry button does, or null where retrying cannot help.
 */

import type { ExtMsg } from '../contract/ext-msg';
import type { ServiceErrorReason } from '../contract/reasons';

/** `reload`: fetch the pool and identify again; `again`: back to the buttons for another tap. */
export type RetryAction = 'reload' | 'again';

export interface Failure {
  extMsg: ExtMsg;
  text: string;
  retry: RetryAction | null;
}

export const CANCELLED: ExtMsg = { code: 400 };

export function networkFailure(retry: RetryAction): Failure {
  return { extMsg: { code: 503 }, text: '网络异常，请检查网络后重试', retry };
}

export function serviceFailure(reason: ServiceErrorReason | undefined, retry: RetryAction): Failure {
  switch (reason) {
    case 'pool_not_found':
      return { extMsg: { code: 404 }, text: '用户池不存在，请联系 App 开发者', retry: null };
    case 'login_only':
      return { extMsg: { code: 403, reason }, text: '该账号不存在，请先在 App 中注册', retry: null };
    case 'account_blocked':
      return { extMsg: { code: 403, reason }, text: '该账号已被禁用', retry: null };
    case 'wrong_wxapp':
      return { extMsg: { code: 403, reason }, text: '当前小程序与该用户池的配置不匹配', retry: null };
    case 'self_wxapp_unavailable':
      return { extMsg: { code: 403, reason }, text: '该用户池未配置自有小程序', retry: null };
    case 'rate_limited':
      return { extMsg: { code: 429 }, text: '操作过于频繁，请稍后再试', retry };
    case 'wechat_unavailable':
      return { extMsg: { code: 503 }, text: '微信服务暂时不可用，请稍后重试', retry };
    case 'store_unavailable':
      return { extMsg: { code: 503 }, text: '服务暂时不可用，请稍后重试', retry };
    case 'code_challenge_required':
      return {
        extMsg: { code: 422, param: 'codeChallenge' },
        text: '该用户池要求 App 在启动参数中绑定本次登录（codeChallenge）',
        retry: null,
      };
    case 'phone_proof_invalid':
      return { extMsg: { code: 500 }, text: '手机号验证失败，请重新授权', retry: 'again' };
    default:
      return { extMsg: { code: 500 }, text: '服务异常，请稍后重试', retry };
  }
}
