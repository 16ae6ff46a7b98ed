/**
 * A phone with WeChat for one test: an automator connection plus the simulated user on it, and a
 * way to know when the mini-program has finished reacting. Two kinds, same protocol use:
 *
 * - `hostDevice`: a headless host of its own (devtools-host/); settles on the host's
 *   `whenIdle` (no timer, callback or request pending) — an event, no polling;
 * - `endpointDevice`: whatever listens at a ws endpoint (real DevTools); DevTools has no idle
 *   event, so it settles when the page's data stops changing and is past its transient states.
 */
import automator from 'miniprogram-automator';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';
import { setTimeout as delay } from 'node:timers/promises';
import { startDevtoolsHost, type DevtoolsHost } from '../../../devtools-host/host.ts';
import { SandboxClient } from '../../../devtools-host/sandbox-client.ts';
import { SimulatedWechatUser } from './simulated-wechat-user.ts';

export interface Device {
  miniProgram: MiniProgram;
  user: SimulatedWechatUser;
  /** Resolves once the mini-program has finished reacting to the last launch or tap. */
  settled(page: Page): Promise<void>;
  close(): Promise<void>;
}

export interface SandboxIdentity {
  sandboxUrl: string;
  /** The AppID login codes and phone proofs are minted for (the service's hosted mini-program). */
  appid: string;
}

export async function hostDevice(options: SandboxIdentity & { projectRoot: string; origins: Record<string, string> }): Promise<Device> {
  const host: DevtoolsHost = await startDevtoolsHost({
    projectRoot: options.projectRoot,
    appid: options.appid,
    sandboxUrl: options.sandboxUrl,
    origins: options.origins,
  });
  const miniProgram = await automator.connect({ wsEndpoint: host.wsEndpoint });
  const user = await SimulatedWechatUser.attach(miniProgram, new SandboxClient(options.sandboxUrl, options.appid));
  return {
    miniProgram,
    user,
    async settled(page) {
      await host.control.whenIdle();
      // One round trip: events the host sent before it (bindings: what the app received, requests) are in.
      await page.data('view');
    },
    async close() {
      miniProgram.disconnect();
      await host.close();
    },
  };
}

export async function endpointDevice(options: SandboxIdentity & { wsEndpoint: string }): Promise<Device> {
  const miniProgram = await automator.connect({ wsEndpoint: options.wsEndpoint });
  const user = await SimulatedWechatUser.attach(miniProgram, new SandboxClient(options.sandboxUrl, options.appid));
  return {
    miniProgram,
    user,
    settled: (page) => pageSettled(page),
    async close() {
      await user.restore();
      miniProgram.disconnect();
    },
  };
}

const POLL_INTERVAL_MS = 50;
const SETTLE_TIMEOUT_MS = 15_000;

/** The launcher's transient screens (docs/launcher.md): still loading, or a request in flight. */
function isTransient(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return true;
  const { view, submitting } = data as { view?: unknown; submitting?: unknown };
  return view === 'loading' || submitting === true;
}

/** Two reads of the page data `POLL_INTERVAL_MS` apart agree, and neither is transient. */
export async function pageSettled(page: Page): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let previous: string | null = null;
  for (;;) {
    const data: unknown = await page.data();
    const snapshot = JSON.stringify(data);
    if (snapshot === previous && !isTransient(data)) return;
    if (Date.now() > deadline)
      throw new Error(`${page.path} did not settle within ${SETTLE_TIMEOUT_MS} ms; its data: ${snapshot.slice(0, 400)}`);
    previous = snapshot;
    await delay(POLL_INTERVAL_MS);
  }
}
