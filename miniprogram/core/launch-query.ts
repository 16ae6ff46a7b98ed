/**
 * Reads the launch query of `/routes/explore` into validated parameters.
 *
 * Three entries reach the page:
 * - `path`: an app's `WXLaunchMiniProgramReq.path` query (`userPoolId`, `getPhone`, `fromApp`, `useSelfWxapp`,
 *   and optionally `codeChallenge`, which binds the ticket to the app);
 * - `q`: a 普通链接二维码, whose `q` is an encoded https URL carrying those parameters in its own query;
 * - `scene`: a 小程序码, whose `scene` (≤ 32 chars) is the pool id; it runs the full flow with phone.
 *
 * WeChat passes query values raw on devices and decoded in DevTools: each value is decoded exactly
 * once, and a value whose percent-encoding is broken is kept as it came (and then fails validation).
 * Pure and total: never throws, whatever the input.
 */

import { MAX_SCENE_LENGTH, POOL_ID_PATTERN, SCENE_FROM_APP, type LaunchParamName } from '../contract/launch';
import { CODE_CHALLENGE_PATTERN } from '../contract/pkce';

export type LaunchSource = 'path' | 'q' | 'scene';
/** Where a flow's parameters came from: a launch, or (`demo`) the landing page's demo login, which is no launch. */
export type ParamsSource = LaunchSource | 'demo';
export type ProblemKind = 'missing' | 'invalid' | 'duplicate';

export interface LaunchParams {
  userPoolId: string;
  wantPhone: boolean;
  useSelfWxapp: boolean;
  /** Return the result to the launching app; otherwise show it on the page (try-it mode). */
  fromApp: boolean;
  source: ParamsSource;
  /** The app's PKCE challenge, forwarded with the ticket request; null when the launch has none. */
  codeChallenge: string | null;
}

export interface LaunchProblem {
  param: LaunchParamName;
  kind: ProblemKind;
}

export type LaunchParse = { ok: true; params: LaunchParams } | { ok: false; problems: LaunchProblem[]; fromApp: boolean };

export type RawQuery = Readonly<Record<string, string | undefined>>;

const MAX_Q_LENGTH = 2048;

export function decodeOnce(value: string): string {
  if (value.indexOf('%') < 0) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Splits a URL query (`a=1&b=2`, leading `?` allowed) like URLSearchParams does (`+` is a space),
 * without throwing on bad percent-encoding. Repeated keys keep every value, in order.
 */
export function splitQuery(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const body = query.charAt(0) === '?' ? query.slice(1) : query;
  if (body === '') return out;
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const key = decodeOnce(rawKey.replace(/\+/g, ' '));
    const value = decodeOnce(rawValue.replace(/\+/g, ' '));
    const values = out.get(key);
    if (values) values.push(value);
    else out.set(key, [value]);
  }
  return out;
}

interface Collected {
  values: Map<string, string>;
  duplicates: Set<string>;
}

function fromRawQuery(query: RawQuery): Collected {
  const values = new Map<string, string>();
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (typeof value === 'string') values.set(key, decodeOnce(value));
  }
  return { values, duplicates: new Set() };
}

function fromQueryString(query: string): Collected {
  const values = new Map<string, string>();
  const duplicates = new Set<string>();
  splitQuery(query).forEach((all, key) => {
    values.set(key, all[0]);
    if (all.some((v) => v !== all[0])) duplicates.add(key);
  });
  return { values, duplicates };
}

/** The query part of the URL a 普通链接二维码 encodes, or null when `q` is not such a URL. */
function queryOfScannedUrl(q: string): string | null {
  if (q.length > MAX_Q_LENGTH || !/^https?:\/\/[^\s]+$/i.test(q)) return null;
  const withoutHash = q.split('#')[0];
  const mark = withoutHash.indexOf('?');
  return mark < 0 ? '' : withoutHash.slice(mark + 1);
}

function validate(collected: Collected, scene: number, source: LaunchSource): LaunchParse {
  const { values, duplicates } = collected;
  const problems: LaunchProblem[] = [];
  /** The value; undefined when absent; null when repeated with different values (reported here). */
  const read = (param: LaunchParamName): string | undefined | null => {
    if (!duplicates.has(param)) return values.get(param);
    problems.push({ param, kind: 'duplicate' });
    return null;
  };

  const fromAppRaw = read('fromApp');
  const fromApp = fromAppRaw === '1' || scene === SCENE_FROM_APP;
  if (fromAppRaw === undefined && scene === SCENE_FROM_APP) problems.push({ param: 'fromApp', kind: 'missing' });
  else if (typeof fromAppRaw === 'string' && fromAppRaw !== '1') problems.push({ param: 'fromApp', kind: 'invalid' });

  const poolId = read('userPoolId');
  if (poolId === undefined || poolId === '') problems.push({ param: 'userPoolId', kind: 'missing' });
  else if (poolId !== null && !POOL_ID_PATTERN.test(poolId)) problems.push({ param: 'userPoolId', kind: 'invalid' });

  const selfRaw = read('useSelfWxapp');
  if (selfRaw === undefined && fromApp) problems.push({ param: 'useSelfWxapp', kind: 'missing' });
  else if (typeof selfRaw === 'string' && selfRaw !== '0' && selfRaw !== '1') problems.push({ param: 'useSelfWxapp', kind: 'invalid' });

  // The seed: getPhone "1 表示需要，不填或者其他表示不需要" — never an error, except an ambiguous repeat.
  const getPhone = read('getPhone');

  const codeChallenge = read('codeChallenge');
  if (typeof codeChallenge === 'string' && !CODE_CHALLENGE_PATTERN.test(codeChallenge))
    problems.push({ param: 'codeChallenge', kind: 'invalid' });

  if (problems.length > 0) return { ok: false, problems, fromApp };
  return {
    ok: true,
    params: {
      userPoolId: poolId as string,
      wantPhone: getPhone === '1',
      useSelfWxapp: selfRaw === '1',
      fromApp,
      source,
      codeChallenge: codeChallenge ?? null,
    },
  };
}

/**
 * @param query what `Page.onLoad` received
 * @param scene `wx.getEnterOptionsSync().scene`
 */
export function parseLaunchQuery(query: RawQuery, scene: number): LaunchParse {
  const q = typeof query.q === 'string' ? decodeOnce(query.q) : undefined;
  if (q !== undefined && query.userPoolId === undefined) {
    const inner = queryOfScannedUrl(q);
    if (inner === null) return { ok: false, problems: [{ param: 'q', kind: 'invalid' }], fromApp: false };
    return validate(fromQueryString(inner), scene, 'q');
  }

  const sceneValue = typeof query.scene === 'string' ? decodeOnce(query.scene) : undefined;
  if (sceneValue !== undefined && query.userPoolId === undefined) {
    if (sceneValue.length > MAX_SCENE_LENGTH || !POOL_ID_PATTERN.test(sceneValue)) {
      return { ok: false, problems: [{ param: 'scene', kind: 'invalid' }], fromApp: false };
    }
    return {
      ok: true,
      params: { userPoolId: sceneValue, wantPhone: true, useSelfWxapp: false, fromApp: false, source: 'scene', codeChallenge: null },
    };
  }

  return validate(fromRawQuery(query), scene, 'path');
}

/**
 * Opened with no launch parameters at all, and not by an app: how a WeChat reviewer (or someone who
 * finds the mini-program in search or recents) opens it. The page explains itself instead of failing.
 * An app's launch (scene 1069) without parameters is still a broken launch: the app must learn why.
 */
export function isBareOpen(query: RawQuery, scene: number): boolean {
  return scene !== SCENE_FROM_APP && Object.keys(query).every((key) => query[key] === undefined);
}
