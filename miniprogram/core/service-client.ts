/**
 * The mini-program's only way to the ticket service. The HTTP transport is injected (the wx adapter
 * in the page, a fake in tests); responses are checked before anything trusts them.
 */

import { EXCHANGEABLE_TICKET, routes } from '../contract/api';
import { POOL_ID_PATTERN } from '../contract/launch';
import { isServiceErrorReason, type ServiceErrorReason } from '../contract/reasons';
import type { IdentifyRequest, IdentifyResponse, IssueTicketRequest, IssueTicketResponse, PoolProfile } from '../contract/schemas';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  body?: object;
}

export type HttpOutcome = { kind: 'response'; status: number; body: unknown } | { kind: 'network'; errMsg: string };
export type Transport = (request: HttpRequest) => Promise<HttpOutcome>;

export type ServiceResult<T> =
  | { ok: true; data: T }
  | { ok: false; kind: 'network'; errMsg: string }
  | { ok: false; kind: 'service'; status: number; reason: ServiceErrorReason | undefined };

type Check<T> = (data: Record<string, unknown>) => T | null;

// By hand, as the mini-program carries no schema library; test/unit/service-client-schema.test.ts holds
// each check to the contract's schema of the same answer.
const isString = (v: unknown): v is string => typeof v === 'string';
const isMaskedPhone = (v: unknown): v is string | null => v === null || (isString(v) && v.length <= 32);
const isWholeNumber = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && v % 1 === 0 && v >= min && v <= max;
const isOpaqueToken = (v: unknown): v is string =>
  isString(v) &&
  v.length >= EXCHANGEABLE_TICKET.minLength &&
  v.length <= EXCHANGEABLE_TICKET.maxLength &&
  EXCHANGEABLE_TICKET.pattern.test(v);

const checkProfile: Check<PoolProfile> = (d) =>
  isString(d.poolId) &&
  POOL_ID_PATTERN.test(d.poolId) &&
  isString(d.name) &&
  (d.logo === null || isString(d.logo)) &&
  isString(d.connectionDisplayName) &&
  typeof d.loginOnly === 'boolean' &&
  typeof d.hasOwnWxapp === 'boolean' &&
  typeof d.requireCodeChallenge === 'boolean'
    ? (d as unknown as PoolProfile)
    : null;

const checkIdentify: Check<IdentifyResponse> = (d) =>
  isOpaqueToken(d.sessionId) && isWholeNumber(d.expiresIn, 0, 300) && isMaskedPhone(d.knownPhone) && typeof d.registered === 'boolean'
    ? (d as unknown as IdentifyResponse)
    : null;

const checkTicket: Check<IssueTicketResponse> = (d) =>
  isOpaqueToken(d.ticket) &&
  isWholeNumber(d.expiresIn, 1, Number.MAX_SAFE_INTEGER) &&
  isString(d.expiresAt) &&
  isMaskedPhone(d.maskedPhone) &&
  typeof d.newUser === 'boolean'
    ? (d as unknown as IssueTicketResponse)
    : null;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function read<T>(outcome: HttpOutcome, check: Check<T>): ServiceResult<T> {
  if (outcome.kind === 'network') return { ok: false, kind: 'network', errMsg: outcome.errMsg };
  const { status, body } = outcome;
  if (status >= 200 && status < 300 && isRecord(body) && isRecord(body.data)) {
    const data = check(body.data);
    if (data) return { ok: true, data };
  }
  // A success whose body fails the check is the service's fault, whatever it claims.
  if (status < 300) return { ok: false, kind: 'service', status: 502, reason: 'internal' };
  const reason = isRecord(body) && isServiceErrorReason(body.error) ? body.error : undefined;
  return { ok: false, kind: 'service', status, reason };
}

export interface ServiceClient {
  profile(poolId: string): Promise<ServiceResult<PoolProfile>>;
  identify(poolId: string, request: IdentifyRequest): Promise<ServiceResult<IdentifyResponse>>;
  issueTicket(poolId: string, request: IssueTicketRequest): Promise<ServiceResult<IssueTicketResponse>>;
}

export function createServiceClient(baseUrl: string, transport: Transport): ServiceClient {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    profile: async (poolId) => read(await transport({ method: 'GET', url: base + routes.profile(poolId) }), checkProfile),
    identify: async (poolId, body) => read(await transport({ method: 'POST', url: base + routes.identify(poolId), body }), checkIdentify),
    issueTicket: async (poolId, body) =>
      read(await transport({ method: 'POST', url: base + routes.issueTicket(poolId), body }), checkTicket),
  };
}
