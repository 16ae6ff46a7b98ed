import { describe, expect, it } from 'vitest';
import { buildTree, UidSource, type VElement } from '../../devtools-host/wxml/vnode.ts';
import { querySelector, querySelectorAll, SelectorError } from '../../devtools-host/wxml/selector.ts';
import { datasetOf } from '../../devtools-host/wxml/dataset.ts';
import { bindingsOf } from '../../devtools-host/wxml/bindings.ts';

function tree(): VElement {
  return buildTree(
    {
      tag: 'wx-page',
      children: [
        {
          tag: 'wx-view',
          attr: { class: 'page busy', 'data-page-id': 'explore', 'data-userPoolId': 'p1' },
          children: [
            { tag: 'wx-button', attr: { id: 'phone', class: 'btn primary', openType: 'getPhoneNumber', 'data-item-index': 3 }, children: ['手机号'] },
            { tag: 'virtual', children: [{ tag: 'wx-text', attr: { class: 'item', 'capture-bind:tap': 'onCap', 'catch:tap': 'onItem' }, children: ['a'] }] },
            { tag: 'wx-view', attr: { class: 'row' }, children: [{ tag: 'wx-button', attr: { id: 'cancel', class: 'btn' }, children: ['取消'] }] },
          ],
        },
      ],
    },
    null,
    new UidSource(),
  );
}

const ids = (elements: VElement[]): unknown[] => elements.map((e) => e.attrs.id ?? e.tag);

describe('selector engine', () => {
  const root = tree();

  it('matches tags by their WXML name (also the wx- DOM name), ids, classes and compounds', () => {
    expect(ids(querySelectorAll(root, 'button'))).toEqual(['phone', 'cancel']);
    expect(ids(querySelectorAll(root, 'wx-button'))).toEqual(['phone', 'cancel']);
    expect(querySelector(root, '#cancel')?.attrs.id).toBe('cancel');
    expect(ids(querySelectorAll(root, 'button.btn.primary'))).toEqual(['phone']);
    expect(ids(querySelectorAll(root, '.page'))).toEqual(['view']);
  });

  it('matches attributes by their WXML spelling, with operators', () => {
    expect(ids(querySelectorAll(root, '[open-type=getPhoneNumber]'))).toEqual(['phone']);
    expect(ids(querySelectorAll(root, "[open-type='getPhoneNumber']"))).toEqual(['phone']);
    expect(ids(querySelectorAll(root, '[data-item-index="3"]'))).toEqual(['phone']);
    expect(ids(querySelectorAll(root, '[class^=btn]'))).toEqual(['phone', 'cancel']);
    expect(ids(querySelectorAll(root, '[class~=primary]'))).toEqual(['phone']);
    expect(ids(querySelectorAll(root, '[id]'))).toEqual(['phone', 'cancel']);
  });

  it('handles descendant and child combinators and comma lists; virtual nodes are flattened', () => {
    expect(ids(querySelectorAll(root, '.page button'))).toEqual(['phone', 'cancel']);
    expect(ids(querySelectorAll(root, '.page > button'))).toEqual(['phone']);
    expect(ids(querySelectorAll(root, '.page > text'))).toEqual(['text']);
    expect(ids(querySelectorAll(root, '.row button, #phone'))).toEqual(['phone', 'cancel']);
    expect(querySelector(root, '.nothing')).toBeNull();
  });

  it('rejects unreadable selectors with a message naming the selector', () => {
    expect(() => querySelectorAll(root, 'button >')).toThrow(SelectorError);
    expect(() => querySelectorAll(root, '#')).toThrow(/invalid selector "#"/);
    expect(() => querySelectorAll(root, '[=x]')).toThrow(/attribute/);
  });
});

describe('dataset and bindings', () => {
  const root = tree();

  it('camel-cases data-* like WeChat, folding upper case', () => {
    const page = querySelector(root, '.page') as VElement;
    expect(datasetOf(page)).toEqual({ pageId: 'explore', userpoolid: 'p1' });
    expect(datasetOf(querySelector(root, '#phone') as VElement)).toEqual({ itemIndex: 3 });
  });

  it('reads every binding form', () => {
    expect(bindingsOf(querySelector(root, '.item') as VElement)).toEqual([
      { eventType: 'tap', handler: 'onCap', phase: 'capture', stops: false },
      { eventType: 'tap', handler: 'onItem', phase: 'bubble', stops: true },
    ]);
  });

  it('keeps node identity across re-renders of the same structure', () => {
    const uids = new UidSource();
    const raw = { tag: 'wx-page', children: [{ tag: 'wx-button', attr: { id: 'confirm' }, children: ['a'] }] };
    const first = buildTree(raw, null, uids);
    const second = buildTree({ ...raw, children: [{ tag: 'wx-button', attr: { id: 'confirm' }, children: ['b'] }] }, first, uids);
    expect(querySelector(second, '#confirm')?.uid).toBe(querySelector(first, '#confirm')?.uid);
  });
});
