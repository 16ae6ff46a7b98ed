/** Bad launch parameters: a clear message on screen and, for an app, `code=422&message=参数错误：<name>`. */
import { expect, it } from 'vitest';
import { appPath, describeScenarios, launch, tapAndReturn, useStack } from './support/stack.ts';

const stack = useStack();

const POOL = '0123456789abcdef01234567';
const CASES: Array<[string, Record<string, string>, string]> = [
  ['userPoolId missing', { getPhone: '1', fromApp: '1', useSelfWxapp: '0' }, 'userPoolId'],
  ['userPoolId invalid', { userPoolId: 'not-a-pool', getPhone: '1', fromApp: '1', useSelfWxapp: '0' }, 'userPoolId'],
  ['fromApp missing (scene 1069)', { userPoolId: POOL, getPhone: '1', useSelfWxapp: '0' }, 'fromApp'],
  ['fromApp invalid', { userPoolId: POOL, getPhone: '1', fromApp: 'yes', useSelfWxapp: '0' }, 'fromApp'],
  ['useSelfWxapp missing', { userPoolId: POOL, getPhone: '1', fromApp: '1' }, 'useSelfWxapp'],
  ['useSelfWxapp invalid', { userPoolId: POOL, getPhone: '1', fromApp: '1', useSelfWxapp: '2' }, 'useSelfWxapp'],
];

describeScenarios('launch parameters', () => {
  it.each(CASES)('%s → 422 naming %s', async (_name, query, param) => {
    const device = await stack().device();
    const page = await launch(device, appPath(query));
    expect(await page.data('view')).toBe('failed');
    expect(await (await page.$('#error-message'))?.text()).toContain(param);
    expect(await page.$('#retry')).toBeNull();
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe(`code=422&message=参数错误：${param}`);
  });
});
