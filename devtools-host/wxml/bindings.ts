/**
 * Reads event bindings off an element as wcc leaves them (`bindtap`, `bind:tap`, `catchtap`,
 * `catch:tap`, `capture-bind:tap`, `capture-catch:tap`, `mut-bind:tap`) — j-component's rule.
 */
import type { VElement } from './vnode.ts';

export interface Binding {
  eventType: string;
  handler: string;
  phase: 'capture' | 'bubble';
  stops: boolean;
}

const BINDING = /^(capture-)?(mut-)?(bind|catch)(?::)?(.+)$/;

export function bindingsOf(element: VElement): Binding[] {
  const bindings: Binding[] = [];
  for (const [name, value] of Object.entries(element.attrs)) {
    const match = BINDING.exec(name);
    if (!match || typeof value !== 'string' || value === '') continue;
    bindings.push({
      eventType: match[4].toLowerCase(),
      handler: value,
      phase: match[1] ? 'capture' : 'bubble',
      stops: match[3] === 'catch',
    });
  }
  return bindings;
}
