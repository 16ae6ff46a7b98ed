import { credentialsFor } from './pool-credentials.ts';
import { asServiceError } from './login.ts';
import { requirePool } from './pools.ts';
import type { Store } from './store/types.ts';
import type { WechatClient, WechatCredentials } from './wechat/client.ts';

export const WXACODE_PAGE = 'routes/explore';

/** The pool's 小程序码 (scene = pool id), fetched once per pool and AppID and kept. */
export class WxaCodes {
  private readonly cache = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly store: Store,
    private readonly wechat: WechatClient,
    private readonly hostedApp: WechatCredentials,
  ) {}

  async forPool(poolId: string, useSelfWxapp: boolean): Promise<Buffer> {
    const pool = await requirePool(this.store, poolId);
    const creds = credentialsFor(pool, useSelfWxapp, this.hostedApp);
    const key = `${poolId}|${creds.appid}`;
    let png = this.cache.get(key);
    if (!png) {
      png = this.wechat.getWxaCode(creds, { scene: poolId, page: WXACODE_PAGE });
      this.cache.set(key, png);
      png.catch(() => this.cache.delete(key));
    }
    try {
      return await png;
    } catch (error) {
      throw asServiceError(error);
    }
  }
}
