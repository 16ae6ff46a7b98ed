/**
 * The string the app receives as `WXLaunchMiniProgramResp.extMsg`.
 *
 * Compatibility rule: every message comes from this fixed catalogue and contains no `&`, `=`, `%`,
 * `+`, `#` or newline, and tickets use only `[A-Za-z0-9_-]`; so the seed's naive parser (split on
 * `&`, then `=`, no decoding) and a real URL-query parser read every extMsg identically.
 */

import type { LaunchParamName } from './launch';
import type { ServiceErrorReason } from './reasons';

export type RefusalReason = Extract<ServiceErrorReason, 'login_only' | 'account_blocked' | 'wrong_wxapp' | 'self_wxapp_unavailable'>;

export type ExtMsg =
  | { code: 200; ticket: string }
  | { code: 400 }
  | { code: 403; reason: RefusalReason }
  | { code: 404 }
  | { code: 422; param: LaunchParamName }
  | { code: 429 }
  | { code: 500 }
  | { code: 503 };

export const REFUSAL_MESSAGES: Readonly<Record<RefusalReason, string>> = {
  login_only: '账号不存在',
  account_blocked: '账号已被禁用',
  wrong_wxapp: '小程序不匹配',
  self_wxapp_unavailable: '未配置自有小程序',
};

const FIXED_MESSAGES = {
  200: '授权成功',
  400: '用户取消授权',
  404: '用户池不存在',
  429: '请求过于频繁',
  500: '服务异常',
  503: '网络异常',
} as const;

/** What a ticket may hold to travel in an extMsg (the service issues 43 characters of these). */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{1,512}$/;

export function extMsgMessage(msg: ExtMsg): string {
  switch (msg.code) {
    case 403:
      return REFUSAL_MESSAGES[msg.reason];
    case 422:
      return `参数错误：${msg.param}`;
    default:
      return FIXED_MESSAGES[msg.code];
  }
}

/**
 * Total: never throws. A ticket outside `[A-Za-z0-9_-]` would break the naive parser, so it is
 * reported to the app as a service error instead of being passed on.
 */
export function encodeExtMsg(msg: ExtMsg): string {
  if (msg.code === 200) {
    if (!TICKET_PATTERN.test(msg.ticket)) return encodeExtMsg({ code: 500 });
    return `code=200&message=${FIXED_MESSAGES[200]}&ticket=${msg.ticket}`;
  }
  return `code=${msg.code}&message=${extMsgMessage(msg)}`;
}
