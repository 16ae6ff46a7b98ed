/**
 * Builds the `path` an app puts in `WXLaunchMiniProgramReq` (the Swift and Java bridges do the same;
 * all are held to test/vectors/launch-query.json and, with a `codeChallenge`, test/vectors/pkce.json).
 */

import { LAUNCH_ROUTE, POOL_ID_PATTERN } from '../miniprogram/contract/launch';
import { CODE_CHALLENGE_PATTERN } from '../miniprogram/contract/pkce';

export interface LaunchRequest {
  userPoolId: string;
  wantPhone: boolean;
  useSelfWxapp: boolean;
  /** `codeChallengeOf(verifier)` (sdk/pkce.ts): binds the ticket to this app; the exchange then needs the verifier. */
  codeChallenge?: string;
}

export class LaunchRequestError extends Error {
  constructor(
    readonly param: 'userPoolId' | 'codeChallenge',
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
  if (request.codeChallenge !== undefined) {
    if (!CODE_CHALLENGE_PATTERN.test(request.codeChallenge)) {
      throw new LaunchRequestError('codeChallenge', 'must be an S256 challenge: 43 characters of A-Z a-z 0-9 - _');
    }
    query.push(`codeChallenge=${request.codeChallenge}`);
  }
  return `${LAUNCH_ROUTE}?${query.join('&')}`;
}
