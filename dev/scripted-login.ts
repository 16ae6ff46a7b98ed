/**
 * One launch as an app would do it, with the unmodified automator client: reLaunch the launch path
 * (scene 1069), tap the phone button, take what the app receives, exchange the ticket.
 */
import automator from 'miniprogram-automator';
import { buildLaunchPath } from '../sdk/launch-path.ts';
import { parseExtMsg } from '../sdk/ext-msg.ts';
import type { DevtoolsHost } from '../devtools-host/host.ts';
import { changeRoute } from './automator-route.ts';
import type { TimedAppReturn } from '../devtools-host/runtime/reporter.ts';
import { DEFAULT_ENTRY } from '../devtools-host/simulated-user/vocabulary.ts';

export interface ScriptedLogin {
  appReturn: TimedAppReturn;
  user: Record<string, unknown> | null;
  exchangeStatus: number | null;
  timings: {
    /** Host time from the reLaunch arriving to the page's last start-up request answered. */
    relaunchToReadyMs: number;
    /** From the tap leaving the client to the extMsg reaching the app. */
    tapToAppReturnMs: number;
    /** Service round trips between the tap and the app return (the contract says 1). */
    requestsAfterTap: number;
  };
}

export async function scriptedLogin(
  host: DevtoolsHost,
  serviceUrl: string,
  pool: { poolId: string; secret: string },
  sandboxUserId: string,
): Promise<ScriptedLogin> {
  host.control.setUser({ sandboxUserId, phone: 'allow', privacy: { agreed: true }, entry: { ...DEFAULT_ENTRY } });
  host.control.reset();
  const miniProgram = await automator.connect({ wsEndpoint: host.wsEndpoint });
  try {
    let relaunchedAt = 0;
    host.reporter.once('route', ({ at }) => {
      relaunchedAt = at;
    });
    const page = await changeRoute(
      miniProgram,
      'reLaunch',
      buildLaunchPath({ userPoolId: pool.poolId, wantPhone: true, useSelfWxapp: false }),
    );
    await host.control.whenIdle();
    const startup = host.control.requests();
    const readyAt = Math.max(relaunchedAt, ...startup.map((request) => request.endedAt));
    const phone = await page.$('#phone');
    if (!phone) throw new Error(`the page shows no phone button (view: ${String(await page.data('view'))})`);
    const tappedAt = Date.now();
    const before = host.control.requests().length;
    await phone.tap();
    const appReturn = await host.control.nextAppReturn();
    const tapToAppReturnMs = appReturn.at - tappedAt;
    const requestsAfterTap = host.control.requests().length - before;
    const parsed = parseExtMsg(appReturn.extMsg);
    let user: Record<string, unknown> | null = null;
    let exchangeStatus: number | null = null;
    if (parsed.kind === 'success') {
      const response = await fetch(`${serviceUrl}/oauth/app2wxapp/auth/${pool.poolId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: parsed.ticket, secret: pool.secret }),
      });
      exchangeStatus = response.status;
      const body = (await response.json()) as { data?: Record<string, unknown> };
      user = body.data ?? null;
    }
    return { appReturn, user, exchangeStatus, timings: { relaunchToReadyMs: readyAt - relaunchedAt, tapToAppReturnMs, requestsAfterTap } };
  } finally {
    miniProgram.disconnect();
  }
}
