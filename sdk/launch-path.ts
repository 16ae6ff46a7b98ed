/**
 * Builds the `path` an app puts in `WXLaunchMiniProgramReq` (the Swift bridge does the same; both
 * are held to test/vectors/launch-query.json).
 */

import { LAUNCH_ROUTE, POOL_ID_PATTERN } from '../miniprogram/contract/launch';

export interface LaunchRequest {
  userPoolId: string;
  wantPhone: boolean;
  useSelfWxapp: boolean;
}

export class LaunchRequestError extends Error {
  constructor(
    readonly param: 'userPoolId',
    detail: string,
  ) {
    super(`${param}: ${detail}`);
    this.name = 'LaunchRequestError';
  }
}

export function buildLaunchPath(request: LaunchRequest): string {
  if (!POOL_ID_PATTERN.test(request.userPoolId)) {
    throw new LaunchRequestError('userPoolId', 'must be the 24 lowercase hex characters of a pool id');
  }
  const query = [
    `userPoolId=${encodeURIComponent(request.userPoolId)}`,
    `getPhone=${request.wantPhone ? 1 : 0}`,
    'fromApp=1',
    `useSelfWxapp=${request.useSelfWxapp ? 1 : 0}`,
  ];
  return `${LAUNCH_ROUTE}?${query.join('&')}`;
}
