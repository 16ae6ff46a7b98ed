/** How an app (or a scan) opens the launcher: the page, its query parameters and the entry scene. */

/** `WXLaunchMiniProgramReq.path`'s page; the seed's prose also spells it `/routers/explore`, which opens the same page. */
export const LAUNCH_ROUTE = '/routes/explore';
export const LAUNCH_ROUTE_SEED_SPELLING = '/routers/explore';

/** `codeChallenge` (optional) binds the ticket to the launching app: see `pkce.ts`. */
export type LaunchParamName = 'userPoolId' | 'getPhone' | 'fromApp' | 'useSelfWxapp' | 'codeChallenge' | 'q' | 'scene';

/** `wx.getEnterOptionsSync().scene` for an app launch through OpenSDK. */
export const SCENE_FROM_APP = 1069;

/** A user pool id: 24 lowercase hex characters. */
export const POOL_ID_PATTERN = /^[0-9a-f]{24}$/;

/** WeChat's limit for a 小程序码's `scene`. */
export const MAX_SCENE_LENGTH = 32;
