import { ServiceError } from './errors.ts';
import type { PoolRecord } from './store/types.ts';
import type { WechatCredentials } from './wechat/client.ts';

/** The hosted mini-program's credentials by default; the pool's own when the launch says useSelfWxapp=1. */
export function credentialsFor(pool: PoolRecord, useSelfWxapp: boolean, hosted: WechatCredentials): WechatCredentials {
  if (!useSelfWxapp) return hosted;
  if (!pool.appid || !pool.appSecret) {
    throw new ServiceError('self_wxapp_unavailable', 'useSelfWxapp=1 but this pool has no mini-program of its own configured');
  }
  return { appid: pool.appid, secret: pool.appSecret };
}

const SERVICEWECHAT_REFERER = /^https:\/\/servicewechat\.com\/([^/]+)\//;

/** A mini-program's requests name its AppID in the Referer; refuse when it is not the AppID we would log in with. */
export function checkReferer(referer: string | undefined, creds: WechatCredentials): void {
  const appid = referer ? SERVICEWECHAT_REFERER.exec(referer)?.[1] : undefined;
  if (appid !== undefined && appid !== creds.appid) {
    throw new ServiceError('wrong_wxapp', 'the calling mini-program is not the one this login uses');
  }
}
