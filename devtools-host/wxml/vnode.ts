/**
 * The element model the host queries and dispatches on: wcc's tree with `wx-` stripped from tags,
 * `virtual` wrappers flattened, parents linked, and a node identity (`uid`) that survives re-renders
 * so an automator Element keeps pointing at "the same" button after a setData.
 */
import type { RawElement, RawNode } from './compile.ts';
import { isRawElement } from './compile.ts';

export interface VElement {
  uid: number;
  /** Bare lowercase tag as WXML spells it (`button`, `view`, a custom component's tag). */
  tag: string;
  attrs: Record<string, unknown>;
  children: VNode[];
  parent: VElement | null;
}
export type VNode = VElement | string;

export function isElement(node: VNode): node is VElement {
  return typeof node !== 'string';
}

function bareTag(tag: string): string {
  return tag.startsWith('wx-') ? tag.slice(3) : tag;
}

/** wcc expands `block`/`wx:if`/templates into `virtual` nodes in some modes; the DOM never shows them. */
function flattenChildren(children: readonly RawNode[] | undefined): RawNode[] {
  const out: RawNode[] = [];
  for (const child of children ?? []) {
    if (isRawElement(child) && child.tag === 'virtual') out.push(...flattenChildren(child.children));
    else if (typeof child === 'string' || isRawElement(child)) out.push(child);
  }
  return out;
}

export class UidSource {
  private next = 1;
  take(): number {
    return this.next++;
  }
}

function sameKind(raw: RawElement, old: VElement): boolean {
  return bareTag(raw.tag) === old.tag && (raw.attr?.id ?? null) === (old.attrs.id ?? null);
}

/** Builds the element tree from a wcc render, reusing the uid of the node at the same place in `previous`. */
export function buildTree(raw: RawElement, previous: VElement | null, uids: UidSource): VElement {
  const build = (node: RawElement, old: VElement | null, parent: VElement | null): VElement => {
    const element: VElement = {
      uid: old && sameKind(node, old) ? old.uid : uids.take(),
      tag: bareTag(node.tag),
      attrs: { ...(node.attr ?? {}) },
      children: [],
      parent,
    };
    const oldChildren = old && sameKind(node, old) ? old.children.filter(isElement) : [];
    let oldIndex = 0;
    for (const child of flattenChildren(node.children)) {
      if (typeof child === 'string') {
        element.children.push(child);
        continue;
      }
      const candidate = oldChildren[oldIndex] ?? null;
      oldIndex++;
      element.children.push(build(child, candidate, element));
    }
    return element;
  };
  return build(raw, previous, null);
}

export function* descendants(root: VElement): Generator<VElement> {
  for (const child of root.children) {
    if (!isElement(child)) continue;
    yield child;
    yield* descendants(child);
  }
}

export function findByUid(root: VElement, uid: number): VElement | null {
  if (root.uid === uid) return root;
  for (const element of descendants(root)) if (element.uid === uid) return element;
  return null;
}

export function textContent(node: VNode): string {
  if (!isElement(node)) return node;
  return node.children.map(textContent).join('');
}

/** What DOM `innerText` gives for our purposes: the text with runs of whitespace collapsed. */
export function innerText(element: VElement): string {
  return textContent(element).replace(/\s+/g, ' ').trim();
}

/** WXML spells attributes with dashes (`open-type`); wcc camel-cases all but `data-*`. */
export function attributeKey(name: string): string {
  if (name.startsWith('data-')) return name;
  return name.replace(/-([a-z])/g, (_m, letter: string) => letter.toUpperCase());
}

export function attributeValue(element: VElement, name: string): unknown {
  if (name in element.attrs) return element.attrs[name];
  return element.attrs[attributeKey(name)];
}

function dashName(key: string): string {
  if (key.startsWith('data-')) return key;
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function outerWxml(node: VNode): string {
  if (!isElement(node)) return escapeText(node);
  const attrs = Object.entries(node.attrs)
    .filter(([, value]) => value !== undefined && value !== null && value !== false)
    .map(([key, value]) => ` ${dashName(key)}="${escapeAttribute(typeof value === 'string' ? value : JSON.stringify(value))}"`)
    .join('');
  return `<${node.tag}${attrs}>${innerWxml(node)}</${node.tag}>`;
}

export function innerWxml(element: VElement): string {
  return element.children.map(outerWxml).join('');
}
