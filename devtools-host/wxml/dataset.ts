import type { VElement } from './vnode.ts';

/** WeChat's rule: `data-item-index` → `itemIndex`, and upper case is folded (`data-userPoolId` → `userpoolid`). */
export function datasetKey(attributeName: string): string {
  return attributeName
    .slice('data-'.length)
    .toLowerCase()
    .replace(/-([a-z0-9])/g, (_m, char: string) => char.toUpperCase());
}

export function datasetOf(element: VElement): Record<string, unknown> {
  const dataset: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(element.attrs)) {
    if (name.startsWith('data-')) dataset[datasetKey(name)] = value;
  }
  return dataset;
}
