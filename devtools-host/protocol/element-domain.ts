/** `Element.*`: one element of a page (`elementId` = the node's uid, stable across re-renders). */
import type { PlainObject } from '../guards.ts';
import { attributeKey, attributeValue, findByUid, innerText, innerWxml, outerWxml, type VElement } from '../wxml/vnode.ts';
import { querySelector, querySelectorAll } from '../wxml/selector.ts';
import type { PageInstance } from '../runtime/page-instance.ts';
import type { Handler, ProtocolTarget } from './handler.ts';
import { elementSummary, found, pageOf } from './page-domain.ts';
import { arrayParam, numberParam, ProtocolError, stringArrayParam, stringParam } from './params.ts';

interface Located {
  page: PageInstance;
  element: VElement;
}

function locate(params: PlainObject, target: ProtocolTarget): Located {
  const page = pageOf(params, target);
  const element = findByUid(page.root(), numberParam(params, 'elementId'));
  if (!element) throw new ProtocolError('element destroyed');
  return { page, element };
}

function domProperty(element: VElement, name: string): unknown {
  switch (name) {
    case 'innerText':
    case 'textContent':
      return innerText(element);
    case 'innerHTML':
      return innerWxml(element);
    case 'outerHTML':
      return outerWxml(element);
    case 'tagName':
      return `WX-${element.tag.toUpperCase()}`;
    case 'offsetWidth':
    case 'offsetHeight':
    case 'scrollTop':
    case 'scrollLeft':
      return 0;
    default:
      return attributeValue(element, name) ?? null;
  }
}

function attributeText(element: VElement, name: string): string | null {
  const value = attributeValue(element, name);
  if (value === undefined || value === null || value === false) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function styleOf(element: VElement, name: string): string {
  const style = typeof element.attrs.style === 'string' ? element.attrs.style : '';
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon > 0 && declaration.slice(0, colon).trim() === name) return declaration.slice(colon + 1).trim();
  }
  return '';
}

function publicProperties(element: VElement): PlainObject {
  const props: PlainObject = {};
  for (const key of Object.keys(element.attrs)) if (!key.startsWith('data-')) props[key] = true;
  if (element.tag === 'input' || element.tag === 'textarea') props.value = true;
  return props;
}

function inputValue(located: Located, target: ProtocolTarget, value: unknown): void {
  const { page, element } = located;
  element.attrs.value = value;
  target.service().dispatch(page, element, 'input', { detail: { value, cursor: String(value).length, keyCode: 0 } });
}

const FORWARDED_TOUCHES = ['touchstart', 'touchmove', 'touchend'] as const;

export const elementDomain: Record<string, Handler> = {
  'Element.getElement': (params, target) => found(querySelector(locate(params, target).element, stringParam(params, 'selector'))),
  'Element.getElements': (params, target) => ({
    elements: querySelectorAll(locate(params, target).element, stringParam(params, 'selector')).map(elementSummary),
  }),
  'Element.getDOMProperties': (params, target) => {
    const { element } = locate(params, target);
    return { properties: stringArrayParam(params, 'names').map((name) => domProperty(element, name)) };
  },
  'Element.getProperties': (params, target) => {
    const { element } = locate(params, target);
    return {
      properties: stringArrayParam(params, 'names').map((name) =>
        name === '__propPublic' ? publicProperties(element) : (element.attrs[attributeKey(name)] ?? null),
      ),
    };
  },
  'Element.getAttributes': (params, target) => {
    const { element } = locate(params, target);
    return { attributes: stringArrayParam(params, 'names').map((name) => attributeText(element, name)) };
  },
  'Element.getStyles': (params, target) => {
    const { element } = locate(params, target);
    return { styles: stringArrayParam(params, 'names').map((name) => styleOf(element, name)) };
  },
  'Element.getOffset': (params, target) => {
    locate(params, target);
    return { left: 0, top: 0 };
  },
  'Element.getWXML': (params, target) => {
    const { element } = locate(params, target);
    return { wxml: params.type === 'outer' ? outerWxml(element) : innerWxml(element) };
  },
  'Element.tap': (params, target) => {
    const { page, element } = locate(params, target);
    void target.service().tap(page, element);
    return {};
  },
  'Element.longpress': (params, target) => {
    const { page, element } = locate(params, target);
    target.service().dispatch(page, element, 'longpress', { detail: { x: 0, y: 0 } });
    return {};
  },
  ...Object.fromEntries(
    FORWARDED_TOUCHES.map((type): [string, Handler] => [
      `Element.${type}`,
      (params, target) => {
        const { page, element } = locate(params, target);
        target.service().dispatch(page, element, type, { detail: {}, touches: params.touches, changedTouches: params.changedTouches });
        return {};
      },
    ]),
  ),
  'Element.triggerEvent': (params, target) => {
    const { page, element } = locate(params, target);
    target.service().dispatch(page, element, stringParam(params, 'type'), { detail: params.detail ?? {} });
    return {};
  },
  'Element.dispatchEvent': (params, target) => {
    const { page, element } = locate(params, target);
    const type = stringParam(params, 'eventName');
    if (type === 'tap') void target.service().tap(page, element);
    else
      target
        .service()
        .dispatch(page, element, type, { detail: params.detail ?? {}, touches: params.touches, changedTouches: params.changedTouches });
    return {};
  },
  'Element.callFunction': (params, target) => {
    const located = locate(params, target);
    const name = stringParam(params, 'functionName');
    const args = arrayParam(params, 'args');
    if (name === 'input.input' || name === 'textarea.input') {
      inputValue(located, target, args[0]);
      return { result: null };
    }
    if (name === 'switch.tap') {
      void target.service().tap(located.page, located.element);
      return { result: null };
    }
    throw new ProtocolError(`${name} is not supported by the headless host`);
  },
  'Element.setData': () => {
    throw new ProtocolError('custom component instances are not supported by the headless host');
  },
  'Element.getData': () => {
    throw new ProtocolError('custom component instances are not supported by the headless host');
  },
  'Element.callMethod': () => {
    throw new ProtocolError('custom component instances are not supported by the headless host');
  },
  'Element.callContextMethod': () => {
    throw new ProtocolError('id is not provided');
  },
};
