/** `App.*`: the app-service side (routes, wx calls and mocks, evaluate, bindings, console). */
import { errorMessage, isPlainObject, type PlainObject } from '../guards.ts';
import { ROUTE_METHODS, type RouteMethod } from '../runtime/app-service.ts';
import { compileFunction } from '../wx/mocks.ts';
import type { PageInstance } from '../runtime/page-instance.ts';
import type { Handler } from './handler.ts';
import { arrayParam, ProtocolError, stringParam, toWire } from './params.ts';

export function pageSummary(page: PageInstance): PlainObject {
  return { pageId: page.webviewId, path: page.route, query: { ...page.query } };
}

function isRouteMethod(method: string): method is RouteMethod {
  return (ROUTE_METHODS as readonly string[]).includes(method);
}

export const appDomain: Record<string, Handler> = {
  'App.getCurrentPage': (_params, target) => {
    const page = target.service().currentPage();
    return page ? pageSummary(page) : { pageId: 0, path: '', query: {} };
  },
  'App.getPageStack': (_params, target) => ({ pageStack: target.service().stack.map(pageSummary) }),
  'App.callWxMethod': async (params, target) => {
    const method = stringParam(params, 'method');
    if (params.pluginId !== undefined && params.pluginId !== null)
      throw new ProtocolError('plugins are not supported by the headless host');
    const args = arrayParam(params, 'args');
    const service = target.service();
    if (isRouteMethod(method)) {
      const options = isPlainObject(args[0]) ? args[0] : {};
      try {
        // The automator's reLaunch stands for the app (or a scan) opening the mini-program at that URL.
        return { result: service.route(method, options, method === 'reLaunch') };
      } catch (error) {
        throw new ProtocolError(errorMessage(error));
      }
    }
    return { result: toWire(await service.wxMethods.call(method, args)) };
  },
  'App.mockWxMethod': (params, target) => {
    const method = stringParam(params, 'method');
    if (params.pluginId !== undefined && params.pluginId !== null)
      throw new ProtocolError('plugins are not supported by the headless host');
    target.service().wxMethods.mock({ method, result: params.result, functionDeclaration: params.functionDeclaration, args: params.args });
    return {};
  },
  'App.callFunction': async (params, target) => {
    const service = target.service();
    const fn = compileFunction(stringParam(params, 'functionDeclaration'), service.context);
    return { result: toWire(await fn(...arrayParam(params, 'args'))) };
  },
  'App.addBinding': (params, target) => {
    target.exposeBinding(stringParam(params, 'name'));
    return {};
  },
  'App.enableLog': (_params, _target, connection) => {
    connection.logEnabled = true;
    return {};
  },
  'App.captureScreenshot': async (_params, target) => ({ data: (await target.control.screenshot()).png.toString('base64') }),
  'App.exit': () => ({}),
};
