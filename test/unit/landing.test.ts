/** Opened with no launch parameters (a WeChat reviewer, a search or recents entry): the landing page, never an error. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBareOpen } from '../../miniprogram/core/launch-query';
import { present } from '../../miniprogram/core/presenter';
import { POOL, harness } from './support/flow-harness';

const FROM_APP = 1069;
const RECENTS = 1001;

describe('a bare open', () => {
  it('is no query at all, from any entry but an app', () => {
    expect(isBareOpen({}, RECENTS)).toBe(true);
    expect(isBareOpen({}, 1011)).toBe(true);
    expect(isBareOpen({ userPoolId: undefined }, RECENTS)).toBe(true);
    expect(isBareOpen({}, FROM_APP)).toBe(false);
    expect(isBareOpen({ userPoolId: '' }, RECENTS)).toBe(false);
    expect(isBareOpen({ foo: 'bar' }, RECENTS)).toBe(false);
  });

  it('is never any query that carries a value', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((key) => key !== '__proto__'),
          fc.string(),
          { minKeys: 1 },
        ),
        fc.integer({ min: 1000, max: 1300 }),
        (query, scene) => {
          expect(isBareOpen(query, scene)).toBe(false);
        },
      ),
    );
  });
});

describe('the landing page', () => {
  it('explains itself with a demo login when the build names a demo pool, without calling the service', async () => {
    const h = harness({ demoPoolId: POOL });
    await h.open({}, RECENTS);
    expect(h.flow.state.view).toBe('landing');
    expect(h.flow.state.failure).toBeNull();
    expect(present(h.flow.state)).toMatchObject({ view: 'landing', demoAvailable: true, errorText: '', fromApp: false });
    expect(h.identified).toEqual([]);
    expect(h.logins).toBe(0);
  });

  it('the demo login is the try-it flow with phone against the demo pool, ending on the result page', async () => {
    const h = harness({ demoPoolId: POOL });
    await h.open({}, RECENTS);
    await h.flow.startDemo();
    expect(h.flow.state.view).toBe('ready');
    expect(h.flow.state.params).toMatchObject({ userPoolId: POOL, wantPhone: true, fromApp: false, source: 'demo' });
    await h.flow.phoneResult({ errMsg: 'getPhoneNumber:ok', code: 'phone-code' });
    expect(h.flow.state.view).toBe('done');
    expect(h.issued).toHaveLength(1);
    expect(h.returned).toEqual([]);
    expect(present(h.flow.state).resultPhone).toBe('176****6754');
  });

  it('without a demo pool: the explanation and no button, still no error', async () => {
    const h = harness();
    await h.open({}, RECENTS);
    expect(present(h.flow.state)).toMatchObject({ view: 'landing', demoAvailable: false, errorText: '' });
    await h.flow.startDemo();
    expect(h.flow.state.view).toBe('landing');
    expect(h.logins).toBe(0);
  });

  it('the demo login starts only from the landing page', async () => {
    const h = harness({ demoPoolId: POOL });
    await h.open({ userPoolId: POOL, getPhone: '0' }, 1011);
    expect(h.flow.state.view).toBe('ready');
    await h.flow.startDemo();
    expect(h.flow.state.params?.source).toBe('path');
  });

  it('an app launch without parameters keeps the 422 naming the first missing parameter', async () => {
    const h = harness({ demoPoolId: POOL });
    await h.open({}, FROM_APP);
    expect(h.flow.state.view).toBe('failed');
    expect(h.flow.state.failure?.text).toBe('启动参数 fromApp 缺失');
    await h.flow.cancel();
    expect(h.returned).toEqual(['code=422&message=参数错误：fromApp']);
  });

  it('bad parameters from any entry keep the failed view', async () => {
    const h = harness({ demoPoolId: POOL });
    await h.open({ userPoolId: 'not-a-pool' }, RECENTS);
    expect(h.flow.state.view).toBe('failed');
    expect(h.flow.state.failure?.text).toBe('启动参数 userPoolId 无效');
  });
});
