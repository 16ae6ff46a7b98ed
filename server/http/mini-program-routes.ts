import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../miniprogram/contract/api.ts';
import {
  IdentifyResponse,
  IssueTicketResponse,
  PoolProfile,
  type IdentifyRequest,
  type IssueTicketRequest,
} from '../../miniprogram/contract/schemas.ts';
import { WITH_BODY, WITH_PATH_ID } from './route-contract.ts';
import type { CallerContext, LoginService } from '../login.ts';
import type { WxaCodes } from '../wxacode.ts';
import { ok } from './envelope.ts';
import type { ServiceErrorReason } from '../../miniprogram/contract/reasons.ts';
import type { RateLimits } from './rate-limit.ts';
import { countingFailures, floodCapped, refuseIf } from './rate-limit-hook.ts';
import { identifySchema, issueTicketSchema, profileSchema, wxacodeSchema } from './schemas.ts';

interface PoolParams {
  poolId: string;
}

const caller = (request: FastifyRequest): CallerContext => ({ ip: request.ip, referer: request.headers.referer });

/** What a login can be refused for, on identify and on issue alike. */
const LOGIN_REFUSALS = ['login_code_invalid', 'wrong_wxapp', 'self_wxapp_unavailable', 'rate_limited', 'wechat_unavailable'] as const;

/**
 * The refusals a real user of the mini-program hardly ever meets, and a client guessing or replaying
 * codes and sessions meets all the time: they count against the client IP's login failure budget.
 */
const LOGIN_FAILURES: ReadonlySet<ServiceErrorReason> = new Set([
  'login_code_invalid',
  'session_expired',
  'phone_proof_invalid',
  'pool_not_found',
  'invalid_request',
  'wrong_wxapp',
]);

export function registerMiniProgramRoutes(app: FastifyInstance, login: LoginService, wxaCodes: WxaCodes, limits: RateLimits): void {
  const countLoginFailures = countingFailures(LOGIN_FAILURES, (request) => limits.loginFailed(request.ip));
  /** While the IP is in failure backoff, a wx.login code (nobody has vouched for it yet) is not sent to WeChat. */
  const loginBackoff = async (request: FastifyRequest<{ Body: { loginCode?: string } }>) => {
    if (request.body.loginCode !== undefined) refuseIf(limits.loginBackoff(request.ip));
  };

  app.get<{ Params: PoolParams }>(
    `${API_PREFIX}/pools/:poolId/profile`,
    {
      schema: profileSchema,
      onRequest: floodCapped(limits, 'profile'),
      config: {
        contract: { summary: "The pool's public profile", ok: { envelope: PoolProfile }, refusals: [...WITH_PATH_ID, 'rate_limited'] },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return ok(await login.profile(request.params.poolId));
    },
  );

  app.post<{ Params: PoolParams; Body: IdentifyRequest }>(
    `${API_PREFIX}/pools/:poolId/sessions`,
    {
      schema: identifySchema,
      onRequest: floodCapped(limits, 'identify'),
      preHandler: loginBackoff,
      onError: countLoginFailures,
      config: {
        contract: {
          summary: 'wx.login code → server-side session',
          ok: { envelope: IdentifyResponse },
          refusals: [...WITH_PATH_ID, ...WITH_BODY, ...LOGIN_REFUSALS],
        },
      },
    },
    async (request) => ok(await login.identify(request.params.poolId, request.body, caller(request))),
  );

  app.post<{ Params: PoolParams; Body: IssueTicketRequest }>(
    `${API_PREFIX}/pools/:poolId/tickets`,
    {
      schema: issueTicketSchema,
      onRequest: floodCapped(limits, 'issue'),
      preHandler: loginBackoff,
      onError: countLoginFailures,
      config: {
        contract: {
          summary: 'Session (or code) + phone proof → one-time ticket',
          ok: { envelope: IssueTicketResponse },
          refusals: [
            ...WITH_PATH_ID,
            ...WITH_BODY,
            ...LOGIN_REFUSALS,
            'session_expired',
            'phone_proof_invalid',
            'no_known_phone',
            'login_only',
            'account_blocked',
            'code_challenge_required',
          ],
        },
      },
    },
    async (request) => ok(await login.issueTicket(request.params.poolId, request.body, caller(request))),
  );

  app.get<{ Params: PoolParams; Querystring: { useSelfWxapp?: '0' | '1' } }>(
    `${API_PREFIX}/pools/:poolId/wxacode.png`,
    {
      schema: wxacodeSchema,
      onRequest: floodCapped(limits, 'wxacode'),
      config: {
        contract: {
          summary: "The pool's 小程序码 (scene = pool id, page routes/explore)",
          ok: { png: true },
          refusals: [...WITH_PATH_ID, 'self_wxapp_unavailable', 'wechat_unavailable', 'rate_limited'],
        },
      },
    },
    async (request, reply) => {
      const png = await wxaCodes.forPool(request.params.poolId, request.query.useSelfWxapp === '1');
      return reply.type('image/png').header('cache-control', 'public, max-age=3600').send(png);
    },
  );
}
