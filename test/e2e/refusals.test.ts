/** The user says no, or the service refuses: the app learns why; nothing to exchange. */
import { expect, it } from 'vitest';
import { buildLaunchPath } from '../../sdk/launch-path.ts';
import type { PoolSettings } from '../../server/pools.ts';
import {
  createPool,
  createWechatUser,
  describeScenarios,
  exchange,
  launch,
  tap,
  tapAndReturn,
  textOf,
  ticketOf,
  useStack,
} from './support/stack.ts';
import type { WechatUserProfile } from './support/simulated-wechat-user.ts';

const stack = useStack();

const UNKNOWN_POOL = '0123456789abcdef01234567';
const launchPath = (poolId: string, wantPhone: boolean): string => buildLaunchPath({ userPoolId: poolId, wantPhone, useSelfWxapp: false });

interface Refusal {
  /** The pool the app names: one created with these settings, or one that does not exist. */
  pool: Partial<PoolSettings> | 'unknown';
  wantPhone: boolean;
  /** How this (new) WeChat user behaves, beyond the defaults. */
  user: Omit<WechatUserProfile, 'sandboxUserId'>;
  /** The screen after start-up, the buttons it offers, and the one the user taps; null: it refuses at start-up. */
  tap: { view: string; offers: string[]; selector: string } | null;
  /** The screen after the refusal: its view and what it says. */
  then: { view: 'denied' | 'failed'; message: string };
  /** What the app receives when the user leaves (`#cancel`). */
  extMsg: string;
}

const REFUSALS: Array<[name: string, Refusal]> = [
  [
    'the user denies the phone sheet, then leaves: 400 用户取消授权',
    {
      pool: {},
      wantPhone: true,
      user: { phone: 'deny' },
      tap: { view: 'ready', offers: ['#phone'], selector: '#phone' },
      then: { view: 'denied', message: '你拒绝了手机号授权' },
      extMsg: 'code=400&message=用户取消授权',
    },
  ],
  [
    'privacy refused on the privacy screen: 400 after leaving',
    {
      pool: {},
      wantPhone: true,
      user: { privacyAgreed: false },
      tap: { view: 'privacy', offers: ['#agree-privacy', '#disagree-privacy'], selector: '#disagree-privacy' },
      then: { view: 'denied', message: '需要同意隐私保护指引才能使用手机号' },
      extMsg: 'code=400&message=用户取消授权',
    },
  ],
  [
    'unknown pool: 404 用户池不存在',
    {
      pool: 'unknown',
      wantPhone: true,
      user: {},
      tap: null,
      then: { view: 'failed', message: '用户池不存在，请联系 App 开发者' },
      extMsg: 'code=404&message=用户池不存在',
    },
  ],
  [
    'login-only pool and a new user: 403 账号不存在',
    {
      pool: { loginOnly: true },
      wantPhone: false,
      user: {},
      tap: { view: 'ready', offers: ['#confirm'], selector: '#confirm' },
      then: { view: 'failed', message: '该账号不存在，请先在 App 中注册' },
      extMsg: 'code=403&message=账号不存在',
    },
  ],
];

describeScenarios('refusals', () => {
  it.each(REFUSALS)('%s', async (_name, refusal) => {
    const device = await stack().device();
    const poolId = refusal.pool === 'unknown' ? UNKNOWN_POOL : (await createPool(stack(), refusal.pool)).poolId;
    const page = await launch(device, launchPath(poolId, refusal.wantPhone), {
      sandboxUserId: await createWechatUser(stack()),
      ...refusal.user,
    });
    if (refusal.tap !== null) {
      expect(await page.data('view')).toBe(refusal.tap.view);
      for (const offered of refusal.tap.offers) expect(await page.$(offered), offered).not.toBeNull();
      await tap(device, page, refusal.tap.selector);
    }
    expect(await page.data('view')).toBe(refusal.then.view);
    expect(await textOf(page, '#error-message')).toBe(refusal.then.message);
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe(refusal.extMsg);
  });

  it('privacy agreed on the privacy screen, then the phone: a ticket', async () => {
    const device = await stack().device();
    const { poolId, secret } = await createPool(stack());
    const page = await launch(device, launchPath(poolId, true), {
      sandboxUserId: await createWechatUser(stack(), '17655556754'),
      privacyAgreed: false,
    });
    await tap(device, page, '#agree-privacy');
    expect(await page.data('view')).toBe('ready');
    const ticket = ticketOf(await tapAndReturn(device, page, '#phone'));
    expect((await exchange(stack(), poolId, ticket, secret)).body.data).toMatchObject({ phone: '17655556754' });
  });

  it('blocked user: 403 账号已被禁用', async () => {
    const device = await stack().device();
    const { poolId, secret } = await createPool(stack());
    const userId = await createWechatUser(stack());
    const path = launchPath(poolId, false);
    const first = ticketOf(await tapAndReturn(device, await launch(device, path, { sandboxUserId: userId }), '#confirm'));
    const user = (await exchange(stack(), poolId, first, secret)).body.data as { _id: string };
    await stack().service.store.setAccountBlocked(poolId, user._id, true);

    const page = await launch(device, path, { sandboxUserId: userId });
    // The block is found at the tap, not at start-up: the page offers the login first.
    expect(await page.data('view')).toBe('ready');
    await tap(device, page, '#confirm');
    expect(await page.data('view')).toBe('failed');
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe('code=403&message=账号已被禁用');
  });
});
