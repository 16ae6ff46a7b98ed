/** `Tool.*`: what DevTools itself answers, outside the mini-program. */
import { SDK_VERSION } from '../wx/system.ts';
import type { Handler } from './handler.ts';
import { ProtocolError } from './params.ts';

export const HOST_VERSION = '1.06.2405020-headless';

export const toolDomain: Record<string, Handler> = {
  'Tool.getInfo': () => ({ SDKVersion: SDK_VERSION, version: HOST_VERSION }),
  'Tool.close': () => ({}),
  'Tool.getTestAccounts': () => ({ accounts: [] }),
  'Tool.native': () => ({}),
  'Tool.enableRemoteDebug': () => {
    throw new ProtocolError('remote debugging needs a phone and real DevTools; the headless host has neither');
  },
  'Tool.stopAudits': () => ({ report: '', data: '{}' }),
  'Tool.getTicket': () => ({ ticket: '' }),
  'Tool.setTicket': () => ({}),
  'Tool.refreshTicket': () => ({}),
};
