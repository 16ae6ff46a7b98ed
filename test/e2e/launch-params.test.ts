/** Bad launch parameters: a clear message on screen and, for an app, `code=422&message=参数错误：<name>`. */
import { expect, it } from 'vitest';
import { appLaunchQuery, appPath, describeScenarios, launch, tapAndReturn, useStack } from './support/stack.ts';

const stack = useStack();

/** What an app sends: every case below breaks exactly one of its parameters. */
const VALID_QUERY = appLaunchQuery('0123456789abcdef01234567', true);
type CheckedParam = 'userPoolId' | 'fromApp' | 'useSelfWxapp';

/** The query, the parameter the page must name, and what it says on screen (the launcher's own wording). */
type BadLaunch = [name: string, param: CheckedParam, query: Record<string, string>, screen: string];

function missing(param: CheckedParam): BadLaunch {
  const query = { ...VALID_QUERY };
  delete query[param];
  return [`${param} missing`, param, query, `启动参数 ${param} 缺失`];
}

function invalid(param: CheckedParam, value: string): BadLaunch {
  return [`${param}=${value}`, param, { ...VALID_QUERY, [param]: value }, `启动参数 ${param} 无效`];
}

const BAD_LAUNCHES: BadLaunch[] = [
  missing('userPoolId'),
  invalid('userPoolId', 'not-a-pool'),
  // Missing fromApp is an error only because the entry is an app's (scene 1069, the default entry).
  missing('fromApp'),
  invalid('fromApp', 'yes'),
  missing('useSelfWxapp'),
  invalid('useSelfWxapp', '2'),
];

describeScenarios('launch parameters (opened by an app)', () => {
  it.each(BAD_LAUNCHES)('%s → 422 naming %s', async (_name, param, query, screen) => {
    const device = await stack().device();
    const page = await launch(device, appPath(query));
    expect(await page.data('view')).toBe('failed');
    expect(await (await page.$('#error-message'))?.text()).toBe(screen);
    expect(await page.$('#retry')).toBeNull();
    expect((await tapAndReturn(device, page, '#cancel')).extMsg).toBe(`code=422&message=参数错误：${param}`);
  });
});
