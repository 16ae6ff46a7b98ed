/**
 * What every admin route file shares (admin-routes.ts, admin-pool-routes.ts, admin-user-routes.ts): the
 * dependencies, the contract helpers, and who the request is authenticated as.
 */
import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import type { ServiceErrorReason } from '../../miniprogram/contract/reasons.ts';
import type { AdminAuth, Authenticated } from '../admin/auth.ts';
import type { Actor } from '../admin/audit.ts';
import type { Clock } from '../clock.ts';
import { ServiceError } from '../errors.ts';
import type { PoolStats } from '../pool-stats.ts';
import type { Store } from '../store/types.ts';
import type { WxaCodes } from '../wxacode.ts';
import type { RouteContract } from './route-contract.ts';

export interface AdminDeps {
  store: Store;
  auth: AdminAuth;
  stats: PoolStats;
  wxaCodes: WxaCodes;
  clock: Clock;
  /** The 普通链接二维码 rule the try-it QR lives under (try-link.ts). */
  tryUrlPrefix: string;
  /** Where the built console is; default dist-console/. */
  consoleDir?: string;
}

/** Runs before a route: throws unless the request is an admin's (and, on a change by session, carries its CSRF token). */
export type AdminCheck = (request: FastifyRequest) => Promise<void>;

/** What every admin route may answer besides its own refusals. */
const GATED: readonly ServiceErrorReason[] = ['route_not_found', 'admin_unauthorized', 'csrf_token_invalid', 'store_unavailable'];
export const WITH_ID: readonly ServiceErrorReason[] = ['uri_too_long', 'invalid_request'];

export const contract = (
  summary: string,
  ok: RouteContract['ok'],
  refusals: readonly ServiceErrorReason[] = [],
): { contract: RouteContract } => ({
  contract: { summary, ok, refusals: [...GATED, ...refusals] },
});
export const envelope = (data: TSchema) => ({ envelope: data });

export const SAFE_METHODS = new Set(['GET', 'HEAD']);
export const who = new WeakMap<FastifyRequest, Authenticated>();

export function authenticated(request: FastifyRequest): Authenticated {
  const found = who.get(request);
  if (!found) throw new ServiceError('admin_unauthorized', 'sign in first');
  return found;
}

export const actorOf = (request: FastifyRequest): Actor => {
  const { admin, via } = authenticated(request);
  return { name: admin.name, via, ip: request.ip };
};
