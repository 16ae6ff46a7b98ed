/**
 * WeChat's event dispatch on the element tree: capture phase down to the target, then the target's
 * own bindings and, for bubbling events, each ancestor's, until a `catch` binding stops it.
 * Handlers are page methods named by the binding; the event object has WeChat's shape.
 */
import { bindingsOf } from '../wxml/bindings.ts';
import { datasetOf } from '../wxml/dataset.ts';
import type { VElement } from '../wxml/vnode.ts';
import type { PageInstance } from './page-instance.ts';
import type { Reporter } from './reporter.ts';
import type { Scheduler } from './scheduler.ts';

/** Touch-derived events bubble; component events (getphonenumber, launchapp…) do not. */
const BUBBLING = new Set(['tap', 'longpress', 'longtap', 'touchstart', 'touchmove', 'touchend', 'touchcancel']);

export interface DispatchOptions {
  detail: unknown;
  touches?: unknown;
  changedTouches?: unknown;
}

function targetInfo(element: VElement): Record<string, unknown> {
  const id = element.attrs.id;
  return { id: typeof id === 'string' ? id : '', dataset: datasetOf(element), offsetLeft: 0, offsetTop: 0 };
}

export function dispatchEvent(
  page: PageInstance,
  target: VElement,
  type: string,
  options: DispatchOptions,
  scheduler: Scheduler,
  reporter: Reporter,
): void {
  const eventType = type.toLowerCase();
  const path: VElement[] = [];
  for (let node: VElement | null = target; node !== null; node = node.parent) path.push(node);
  const bubbles = BUBBLING.has(eventType);
  const timeStamp = Math.round(performance.now());
  let stopped = false;

  const fire = (element: VElement, phase: 'capture' | 'bubble'): void => {
    for (const binding of bindingsOf(element)) {
      if (binding.eventType !== eventType || binding.phase !== phase) continue;
      const event = {
        type: eventType,
        timeStamp,
        target: targetInfo(target),
        currentTarget: targetInfo(element),
        mark: {},
        detail: options.detail,
        touches: options.touches ?? [],
        changedTouches: options.changedTouches ?? [],
        mut: false,
        _userTap: eventType === 'tap',
      };
      const handler = page.method(binding.handler);
      if (handler) scheduler.guard(() => handler.call(page.self, event));
      else
        reporter.emit('log', {
          type: 'warn',
          args: [`Component "${page.route}" does not have a method "${binding.handler}" to handle event "${eventType}".`],
        });
      if (binding.stops) stopped = true;
    }
  };

  for (const element of [...path].reverse()) {
    if (stopped) return;
    fire(element, 'capture');
  }
  for (const element of bubbles ? path : [target]) {
    if (stopped) return;
    fire(element, 'bubble');
  }
}
