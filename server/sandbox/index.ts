import Fastify from 'fastify';
import { systemClock } from '../clock.ts';
import type { Clock } from '../clock.ts';
import { registerControlRoutes } from './control-routes.ts';
import { FaultTable } from './faults.ts';
import { SandboxState } from './state.ts';
import type { SandboxApp } from './state.ts';
import { registerWechatRoutes } from './wechat-routes.ts';

export type { Fault } from './faults.ts';
export type { SandboxApp, SandboxUser } from './state.ts';
export { SandboxState } from './state.ts';

/** Every sandbox answer carries this header; a production service refuses answers that do. */
export const SANDBOX_HEADER = 'x-wechat-sandbox';

export interface SandboxOptions {
  port?: number;
  apps?: SandboxApp[];
  clock?: Clock;
}

export interface Sandbox {
  url: string;
  /** In-process access to the simulated WeChat (same thing the /__sandbox routes drive). */
  state: SandboxState;
  faults: FaultTable;
  close(): Promise<void>;
}

export class SandboxInProductionError extends Error {}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  if (process.env.NODE_ENV === 'production') {
    throw new SandboxInProductionError('the WeChat sandbox refuses to run with NODE_ENV=production');
  }
  const state = new SandboxState(opts.clock ?? systemClock);
  for (const app of opts.apps ?? []) state.registerApp(app);
  const faults = new FaultTable();
  const held = new Set<() => void>();

  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addHook('onSend', async (_request, reply) => {
    reply.header(SANDBOX_HEADER, '1');
  });
  // WeChat answers its own error codes for bodies that are not JSON, so take any body as text first.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(String(body)));
    } catch {
      done(null, undefined);
    }
  });
  registerWechatRoutes(app, state, faults, {
    hold: () =>
      new Promise<never>((_resolve, reject) => {
        const release = () => reject(new Error('sandbox closed'));
        held.add(release);
      }),
  });
  registerControlRoutes(app, state, faults);

  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    faults,
    async close() {
      for (const release of held) release();
      held.clear();
      await app.close();
    },
  };
}
