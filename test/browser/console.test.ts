/**
 * The operator console end to end in Debian's Chromium (playwright-core, no downloaded browser)
 * against the real service on each store: sign in, create a pool, edit it, rotate its secret, find the
 * user a login created, block them and see their next exchange refused, sign out; and the refusals
 * (wrong password, expired session, a change without the CSRF token).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLI_ACTOR } from '../../server/admin/audit.ts';
import { DEFAULT_SESSION_LIFETIMES } from '../../server/admin/auth.ts';
import { CONSOLE_DIR } from '../../server/http/console-files.ts';
import { CHROMIUM_PATH } from '../support/tiers.ts';
import { STORE_KINDS, loginTicket, startStack, type Stack } from '../server/helpers.ts';

const PASSWORD = 'correct horse battery staple';
/** The properties under test do not depend on the cost; test/unit/admin-passwords.test.ts covers the default. */
const CHEAP_HASHING = { N: 2 ** 10, r: 8, p: 1 };

describe.skipIf(!inject('tiers').chromium)('operator console in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(join(CONSOLE_DIR, 'index.html'))) throw new Error(`the console is not built in ${CONSOLE_DIR}: run npm run build`);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
  });
  afterAll(() => browser?.close());

  describe.each(STORE_KINDS)('%s store', (kind) => {
    let stack: Stack;
    let page: Page;
    beforeAll(async () => {
      stack = await startStack(kind, { console: { statsFlushMs: 0, passwordHashing: CHEAP_HASHING } });
      await stack.service.admins.create('ops', PASSWORD, CLI_ACTOR);
    });
    afterAll(async () => {
      await page?.context().close();
      await stack?.close();
    });

    const signIn = async (password = PASSWORD) => {
      await page.getByLabel('账号', { exact: true }).fill('ops');
      await page.getByLabel('密码', { exact: true }).fill(password);
      await page.getByRole('button', { name: '登录', exact: true }).click();
    };

    it('signs in (after refusing a wrong password), creates, edits and rotates a pool, blocks a user, signs out', async () => {
      page = await (await browser.newContext()).newPage();
      // A step that cannot happen fails before the test's timeout, with the step named.
      page.setDefaultTimeout(15_000);
      page.on('dialog', (dialog) => void dialog.accept());
      await page.goto(`${stack.service.url}/admin/`);
      await signIn('not the password at all');
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('账号或密码错误');
      await signIn();
      await page.getByRole('link', { name: '用户池' }).waitFor();

      await page.getByRole('button', { name: '新建用户池' }).click();
      await page.getByLabel('名称', { exact: true }).fill('Browser pool');
      await page.getByLabel('连接标识').fill('browser-test');
      await page.getByRole('button', { name: '创建' }).click();
      const firstSecret = await page.getByTestId('pool-secret').textContent();
      const pool = (await stack.store.listPools()).find((p) => p.name === 'Browser pool')!;
      expect(pool.connectionIdentifier).toBe('browser-test');

      await page.getByRole('link', { name: 'Browser pool' }).click();
      await page.getByLabel('登录按钮显示名称').fill('微信一键登录');
      await page.getByLabel('仅允许已有用户登录').check();
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
      expect(await stack.store.getPool(pool.id)).toMatchObject({ connectionDisplayName: '微信一键登录', loginOnly: true });
      await page.getByLabel('仅允许已有用户登录').uncheck();
      await page.getByRole('button', { name: '保存' }).click();
      await expect.poll(async () => (await stack.store.getPool(pool.id))?.loginOnly).toBe(false);

      await page.getByRole('button', { name: '重置密钥' }).click();
      const secret = (await page.getByTestId('pool-secret').textContent())!;
      expect(secret).not.toBe(firstSecret);

      // A login through the mini-program routes: one ticket exchanged, one kept for after the block.
      const person = stack.person('13700001234');
      const phone = { kind: 'code', code: person.phoneDetail().code };
      const exchanged = await stack.post(`/oauth/app2wxapp/auth/${pool.id}`, {
        ticket: await loginTicket(stack, person, phone, pool.id),
        secret,
      });
      expect(exchanged.status).toBe(200);
      const kept = await loginTicket(stack, person, { kind: 'known' }, pool.id);

      await page.getByRole('link', { name: '用户', exact: true }).click();
      await page.getByLabel('用户池').selectOption(pool.id);
      await page.getByLabel('搜索方式').selectOption('phone');
      await page.getByRole('searchbox').fill('13700001234');
      await page.getByRole('button', { name: '搜索' }).click();
      await page.getByRole('cell', { name: '137****1234' }).waitFor();
      await page.locator('td a').first().click();
      await page.getByRole('button', { name: '显示完整手机号' }).click();
      await expect.poll(() => page.getByTestId('user-phone').textContent()).toBe('13700001234');
      await page.getByRole('button', { name: '封禁' }).click();
      await expect.poll(() => page.getByTestId('user-status').textContent()).toBe('已封禁');

      const refused = await stack.post(`/oauth/app2wxapp/auth/${pool.id}`, { ticket: kept, secret });
      expect(refused).toMatchObject({ status: 403, body: { error: 'account_blocked' } });

      await page.getByRole('link', { name: '审计日志' }).click();
      await page.getByRole('cell', { name: 'user.block' }).waitFor();

      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByRole('button', { name: '登录', exact: true }).waitFor();
      const afterSignOut = await page.evaluate(async () => (await fetch('/admin/api/pools')).status);
      expect(afterSignOut).toBe(401);
    }, 60_000);

    it('refuses a change without the CSRF token, and sends an idle session back to sign-in', async () => {
      await signIn();
      // The first test left the audit log open: wait for its load, so no request of it is still on its
      // way when the session's idle time passes below.
      await page.getByRole('cell', { name: 'user.block' }).first().waitFor();
      const withoutToken = await page.evaluate(async () => {
        const answer = await fetch('/admin/api/pools', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Forged' }),
        });
        return { status: answer.status, body: (await answer.json()) as { error: string } };
      });
      expect(withoutToken).toMatchObject({ status: 403, body: { error: 'csrf_token_invalid' } });

      stack.clock.advance(DEFAULT_SESSION_LIFETIMES.idleMs + 1000);
      // Another screen asks the service again.
      await page.getByRole('link', { name: '用户池' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('登录已过期，请重新登录');
    });
  });
});
