/** `Page.*`: queries, data and methods of one page (`pageId` = its webview id). */
import { isFunction, type PlainObject } from '../guards.ts';
import type { PageInstance } from '../runtime/page-instance.ts';
import { getAtPath } from '../runtime/data-path.ts';
import { querySelector, querySelectorAll } from '../wxml/selector.ts';
import type { VElement } from '../wxml/vnode.ts';
import type { Handler, ProtocolTarget } from './handler.ts';
import { arrayParam, numberParam, objectParam, ProtocolError, stringArrayParam, stringParam, toWire } from './params.ts';

export function pageOf(params: PlainObject, target: ProtocolTarget): PageInstance {
  const page = target.service().pageById(numberParam(params, 'pageId'));
  if (!page) throw new ProtocolError('page destroyed');
  return page;
}

export function elementSummary(element: VElement): PlainObject {
  return { elementId: String(element.uid), tagName: element.tag };
}

export function found(element: VElement | null): PlainObject {
  if (!element) throw new ProtocolError('no such element');
  return elementSummary(element);
}

function dataOf(page: PageInstance, params: PlainObject): PlainObject {
  const copy = toWire(page.data);
  return { data: typeof params.path === 'string' ? toWire(getAtPath(copy, params.path)) : copy };
}

export const pageDomain: Record<string, Handler> = {
  'Page.getElement': (params, target) => found(querySelector(pageOf(params, target).root(), stringParam(params, 'selector'))),
  'Page.getElements': (params, target) => ({
    elements: querySelectorAll(pageOf(params, target).root(), stringParam(params, 'selector')).map(elementSummary),
  }),
  'Page.getElementByXpath': () => {
    throw new ProtocolError('XPath queries are not supported by the headless host; use a CSS selector');
  },
  'Page.getElementsByXpath': () => {
    throw new ProtocolError('XPath queries are not supported by the headless host; use a CSS selector');
  },
  'Page.getData': (params, target) => dataOf(pageOf(params, target), params),
  'Page.setData': (params, target) => {
    pageOf(params, target).setData(objectParam(params, 'data'));
    return {};
  },
  'Page.callMethod': async (params, target) => {
    const page = pageOf(params, target);
    const name = stringParam(params, 'method');
    const method = page.method(name);
    if (!isFunction(method)) throw new ProtocolError(`page.${name} not exists`);
    return { result: toWire(await method.apply(page.self, arrayParam(params, 'args'))) };
  },
  'Page.getWindowProperties': (params) => ({ properties: stringArrayParam(params, 'names').map(() => 0) }),
};
