/**
 * `Host.*`: methods real DevTools does not have, for driving the simulated user over the wire
 * (e.g. from a test process that did not start the host). See docs/devtools-host.md.
 */
import { parseUserPatch } from '../simulated-user/host-user.ts';
import type { Handler } from './handler.ts';
import { objectParam } from './params.ts';

export const hostDomain: Record<string, Handler> = {
  'Host.setSimulatedUser': (params, target) => ({ user: target.control.setUser(parseUserPatch(objectParam(params, 'user'))) }),
  'Host.getAppReturns': (_params, target) => ({ appReturns: target.control.appReturns() }),
  'Host.reset': (_params, target) => {
    target.control.reset();
    return {};
  },
};
