import { randomBytes } from 'node:crypto';

/** WeChat's error body: HTTP 200, errcode != 0, errmsg ending in a request id. */
export interface WechatErrorBody {
  errcode: number;
  errmsg: string;
}

export const WECHAT_ERRORS = {
  systemError: [-1, 'system error'],
  invalidCredential: [
    40001,
    'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r',
  ],
  invalidGrantType: [40002, 'invalid grant_type'],
  invalidAppid: [40013, 'invalid appid'],
  invalidCode: [40029, 'invalid code'],
  invalidAppsecret: [40125, 'invalid appsecret'],
  codeBeenUsed: [40163, 'code been used'],
  invalidScene: [40169, 'invalid length for scene, or the data is not json string'],
  accessTokenMissing: [41001, 'access_token missing'],
  appidMissing: [41002, 'appid missing'],
  invalidPage: [41030, 'invalid page'],
  accessTokenExpired: [42001, 'access_token expired'],
  requirePost: [43002, 'require POST method'],
  emptyPostData: [44002, 'empty post data'],
  dailyQuota: [45009, 'reach max api daily quota limit'],
  minuteQuota: [45011, 'api minute-quota reach limit  mustslower  retry next minute'],
  dataFormatError: [47001, 'data format error'],
} as const satisfies Record<string, readonly [number, string]>;

export type WechatErrorName = keyof typeof WECHAT_ERRORS;

export function wechatError(name: WechatErrorName): WechatErrorBody {
  const [errcode, text] = WECHAT_ERRORS[name];
  const rid = [4, 4, 4].map((n) => randomBytes(n).toString('hex')).join('-');
  return { errcode, errmsg: `${text} rid: ${rid}` };
}
