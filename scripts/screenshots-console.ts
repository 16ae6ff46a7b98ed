/**
 * `npm run screenshots:console`: the console's main screens as docs/images/console-*.png, taken in
 * Debian's Chromium (CHROMIUM_PATH) from a service with an in-memory store, fed by the WeChat sandbox
 * with a few days of logins, exchanges and refusals. Run after `npm run build`.
 */
import { mkdir } from 'node:fs/promises';
import { chromium, type Page } from 'playwright-core';
import { CLI_ACTOR } from '../server/admin/audit.ts';
import { manualClock } from '../server/clock.ts';
import { startService } from '../server/index.ts';
import { startSandbox } from '../server/sandbox/index.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = 'docs/images';
const HOSTED = { appid: 'wx00000000000000a1', secret: 'a'.repeat(32) };
const PASSWORD = 'screenshots only, not a real password';
const HOUR = 3_600_000;

const clock = manualClock(Date.UTC(2026, 10, 20, 2));
const sandbox = await startSandbox({ apps: [HOSTED], clock });
const service = await startService({
  port: 0,
  wechatBaseUrl: sandbox.url,
  hostedApp: HOSTED,
  clock,
  logger: false,
  store: 'embedded',
  console: { statsFlushMs: 0 },
});

async function post(path: string, body: unknown): Promise<{ status: number; data: Record<string, unknown> }> {
  const response = await fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const envelope = (await response.json()) as { data?: Record<string, unknown> };
  return { status: response.status, data: envelope.data ?? {} };
}

/** One login through the mini-program routes; a paid phone proof the first time, the known phone after. */
async function login(poolId: string, userId: string, firstTime: boolean): Promise<string | null> {
  const identify = await post(`/api/v1/pools/${poolId}/sessions`, {
    loginCode: sandbox.state.mintLoginCode(HOSTED.appid, userId),
    useSelfWxapp: false,
  });
  const phone = firstTime ? { kind: 'code', code: sandbox.state.mintPhoneCode(HOSTED.appid, userId)!.code } : { kind: 'known' };
  const issue = await post(`/api/v1/pools/${poolId}/tickets`, { sessionId: identify.data.sessionId, useSelfWxapp: false, phone });
  return issue.status === 200 ? (issue.data.ticket as string) : null;
}

try {
  await service.admins.create('ops', PASSWORD, CLI_ACTOR);
  const shop = await service.pools.create({ name: '小店商城', connectionDisplayName: '微信一键登录', ticketExpiresAfter: 180 });
  await service.pools.create({ name: 'Demo app', loginOnly: true });
  const people = Array.from({ length: 12 }, (_, i) => sandbox.state.createUser({ phoneNumber: `1380013${String(8000 + i)}` }));
  const seen = new Set<string>();
  for (let hour = 0; hour < 30; hour++) {
    for (const [i, person] of people.entries()) {
      // Busier in the day than at night, so the chart has a shape.
      if ((i * 7 + hour * 3) % 12 >= 2 + Math.round(5 + 5 * Math.sin((hour / 24) * 2 * Math.PI))) continue;
      const ticket = await login(shop.poolId, person.userId, !seen.has(person.userId));
      seen.add(person.userId);
      if (ticket) await post(`/oauth/app2wxapp/auth/${shop.poolId}`, { ticket, secret: hour % 7 === 0 ? 'wrong' : shop.secret });
    }
    // An expired wx.login code now and then: WeChat says 40029.
    if (hour % 5 === 0) await post(`/api/v1/pools/${shop.poolId}/sessions`, { loginCode: 'spent-code', useSelfWxapp: false });
    clock.advance(HOUR);
  }

  await mkdir(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    const shoot = async (page: Page, name: string) => {
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `${OUT}/console-${name}.png`, fullPage: true });
      console.log(`${OUT}/console-${name}.png`);
    };
    const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${service.url}/admin/`);
    await page.getByRole('button', { name: '登录' }).waitFor();
    await shoot(page, 'sign-in');
    await page.getByLabel('账号', { exact: true }).fill('ops');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('cell', { name: '小店商城' }).waitFor();
    await shoot(page, 'pools');
    await page.getByRole('link', { name: '小店商城' }).click();
    await page.getByTestId('total-logins').waitFor();
    await shoot(page, 'pool');
    await page.goto(`${service.url}/admin/#/users`);
    await page.getByLabel('用户池').selectOption(shop.poolId);
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByRole('cell', { name: '138****8000' }).waitFor();
    await shoot(page, 'users');
    await page.locator('td a').first().click();
    await page.getByTestId('user-status').waitFor();
    await shoot(page, 'user');
    await page.goto(`${service.url}/admin/#/audit`);
    await page.getByRole('cell', { name: 'session.sign_in' }).first().waitFor();
    await shoot(page, 'audit');

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      colorScheme: 'dark',
      locale: 'en-US',
      timezoneId: 'Asia/Shanghai',
      storageState: {
        cookies: await context.cookies(),
        origins: [{ origin: service.url, localStorage: [{ name: 'xdl-lang', value: 'en' }] }],
      },
    });
    const small = await phone.newPage();
    await small.goto(`${service.url}/admin/#/pools/${shop.poolId}`);
    await small.getByTestId('total-logins').waitFor();
    await shoot(small, 'phone-dark');
  } finally {
    await browser.close();
  }
} finally {
  await service.close();
  await sandbox.close();
}
