/**
 * Function mocks for `miniProgram.mockWxMethod(name, source, ...args)`. They run in the mini-program's
 * app service (DevTools rebuilds them from source text: closures are lost, only `args` and globals
 * reach them), so they are plain ES5 strings here — not TypeScript functions, whose `toString()`
 * would carry the transpiler's helpers. `this.origin` is the real wx method; exposed bindings are
 * globals (what `miniProgram.exposeFunction` installs).
 */

/** Binding names (`miniProgram.exposeFunction`) the mocks report through. */
export const BINDINGS = {
  appReturned: 'xdlE2eAppReturned',
  requestSettled: 'xdlE2eRequestSettled',
} as const;

/**
 * `wx.login`: the n-th call of this launch answers the n-th code minted by the sandbox, counted
 * under a global named `counterKey` (one per launch), and fails once they run out.
 */
export const LOGIN_WITH_MINTED_CODES = `function (options, codes, counterKey) {
  var used = globalThis[counterKey] || 0;
  globalThis[counterKey] = used + 1;
  if (used < codes.length) return { errMsg: 'login:ok', code: codes[used] };
  return { errMsg: 'login:fail the simulated user has no login code left (' + codes.length + ' minted)' };
}`;

/**
 * `wx.navigateBackApplication`: when WeChat lets the mini-program go back (an app opened it through
 * OpenSDK), hands `extraData` to the app — reported to the test — else WeChat's refusal.
 */
export const NAVIGATE_BACK_APPLICATION = `function (options, allowed) {
  if (!allowed) return { errMsg: 'navigateBackApplication:fail:not from opensdk' };
  var extraData = options ? options.extraData : undefined;
  ${BINDINGS.appReturned}(typeof extraData === 'string' ? extraData : JSON.stringify(extraData === undefined ? {} : extraData));
  return { errMsg: 'navigateBackApplication:ok' };
}`;

/**
 * `wx.request`: the real request (`this.origin`), each outcome reported to the test (method, URL
 * without query, status or fail text — never bodies); with `refusedErrMsg` the network refuses
 * every request instead, as when the service is down.
 */
export const REQUEST_RECORDED = `function (options, refusedErrMsg) {
  var origin = this.origin;
  var report = function (outcome) {
    ${BINDINGS.requestSettled}(String(options.method || 'GET').toUpperCase(), String(options.url).split('?')[0], outcome);
  };
  if (refusedErrMsg) {
    report(refusedErrMsg);
    return { errMsg: refusedErrMsg };
  }
  return new Promise(function (resolve) {
    var settle = function (result) {
      report(typeof result.statusCode === 'number' ? result.statusCode : String(result.errMsg));
      resolve(result);
    };
    origin(Object.assign({}, options, { success: settle, fail: settle }));
  });
}`;
