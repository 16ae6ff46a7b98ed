import { LoginFlow, type FlowState, type LoginOutcome } from '../../../miniprogram/core/login-flow';
import { parseLaunchQuery, type RawQuery } from '../../../miniprogram/core/launch-query';
import type { ServiceClient, ServiceResult } from '../../../miniprogram/core/service-client';
import type { ServiceErrorReason } from '../../../miniprogram/contract/reasons';
import type { IdentifyResponse, IssueTicketRequest, IssueTicketResponse, PoolProfile } from '../../../miniprogram/contract/schemas';

export const POOL = '5e4cdd055df3df65dc58b97d';
export const APP_QUERY: RawQuery = { userPoolId: POOL, getPhone: '1', fromApp: '1', useSelfWxapp: '0' };

export const profile: PoolProfile = {
  poolId: POOL,
  name: '示例 App',
  logo: null,
  connectionDisplayName: '微信',
  loginOnly: false,
  hasOwnWxapp: false,
  requireCodeChallenge: false,
};

export const ticketResponse: IssueTicketResponse = {
  ticket: 'T0k3n_-abcdefghijklmnopqrstuvwxyz0123456789AB',
  expiresIn: 120,
  expiresAt: '2026-11-21T10:02:00.000Z',
  maskedPhone: '176****6754',
  newUser: true,
};

export const ok = <T>(data: T): ServiceResult<T> => ({ ok: true, data });
export const refused = (status: number, reason: ServiceErrorReason): ServiceResult<never> => ({
  ok: false,
  kind: 'service',
  status,
  reason,
});
export const offline: ServiceResult<never> = { ok: false, kind: 'network', errMsg: 'request:fail timeout' };

type Reply<T> = ServiceResult<T> | (() => ServiceResult<T> | Promise<ServiceResult<T>>);

export interface HarnessOptions {
  profile?: Reply<PoolProfile>[];
  identify?: Reply<IdentifyResponse>[];
  issue?: Reply<IssueTicketResponse>[];
  login?: LoginOutcome[];
  navigateBack?: boolean;
  privacyNeeded?: boolean;
  /** The build's demo pool for the landing page (default: none). */
  demoPoolId?: string | null;
}

/** A flow wired to scripted effects; replies are consumed in order, the last one repeats. */
export function harness(options: HarnessOptions = {}) {
  let clock = Date.parse('2026-11-21T10:00:00.000Z');
  let loginCount = 0;
  const issued: IssueTicketRequest[] = [];
  const identified: string[] = [];
  const returned: string[] = [];
  const states: FlowState[] = [];
  const take = async <T>(replies: Reply<T>[] | undefined, fallback: ServiceResult<T>): Promise<ServiceResult<T>> => {
    const reply = replies && replies.length > 0 ? (replies.length > 1 ? replies.shift() : replies[0]) : fallback;
    return typeof reply === 'function' ? reply() : (reply as ServiceResult<T>);
  };
  const identity: IdentifyResponse = { sessionId: 'session-1', expiresIn: 300, knownPhone: null, registered: false };
  const service: ServiceClient = {
    profile: () => take(options.profile, ok(profile)),
    identify: (_pool, request) => {
      identified.push(request.loginCode);
      return take(options.identify, ok(identity));
    },
    issueTicket: (_pool, request) => {
      issued.push(request);
      return take(options.issue, ok(ticketResponse));
    },
  };
  const flow = new LoginFlow(
    {
      login: async () => {
        loginCount += 1;
        const scripted = options.login?.shift();
        return scripted ?? { ok: true, code: `login-code-${loginCount}` };
      },
      service,
      navigateBack: async (extMsg) => {
        returned.push(extMsg);
        return options.navigateBack ?? true;
      },
      privacyNeeded: async () => options.privacyNeeded ?? false,
      now: () => clock,
    },
    (state) => states.push(state),
    { demoPoolId: options.demoPoolId ?? null },
  );
  return {
    flow,
    issued,
    identified,
    returned,
    states,
    get logins() {
      return loginCount;
    },
    advance(ms: number) {
      clock += ms;
    },
    start: (query: RawQuery = APP_QUERY, scene = 1069) => flow.start(parseLaunchQuery(query, scene)),
    open: (query: RawQuery, scene: number) => flow.open(query, scene),
  };
}
