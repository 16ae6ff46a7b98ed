/**
 * Route changes through the unmodified automator client without its fixed sleep: the client's
 * `miniProgram.reLaunch(url)` is `callWxMethod('reLaunch', { url })` followed by `sleep(3000)`. This makes
 * the same call, then waits until WeChat reports a new page at the target route — at once on the
 * headless host, which answers the call after the page opened; by asking again on real DevTools.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';

export type RouteChange = 'reLaunch' | 'redirectTo' | 'navigateTo';

const ASK_EVERY_MS = 25;
const DEFAULT_TIMEOUT_MS = 10_000;

/** `routes/explore` for `/routes/explore?userPoolId=…`: how WeChat names the page the URL opens. */
export function routeOf(url: string): string {
  return url.replace(/^\//, '').replace(/[?#].*$/, '');
}

export async function changeRoute(
  miniProgram: MiniProgram,
  method: RouteChange,
  url: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Page> {
  // The client keeps one Page object per page id: a new object is a new page, even on the same route.
  const before = await miniProgram.currentPage();
  await miniProgram.callWxMethod(method, { url });
  const route = routeOf(url);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = await miniProgram.currentPage();
    if (page !== undefined && page !== before && page.path === route) return page;
    if (Date.now() > deadline)
      throw new Error(`${method} ${url}: no new page at ${route} within ${timeoutMs} ms (current: ${page?.path ?? 'none'})`);
    await delay(ASK_EVERY_MS);
  }
}
