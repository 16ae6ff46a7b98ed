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
            {
              tag: 'wx-button',
              attr: { id: 'phone', class: 'btn primary', openType: 'getPhoneNumber', 'data-item-index': 3 },
              children: ['手机号'],
            },
            {
              tag: 'virtual',
              children: [{ tag: 'wx-text', attr: { class: 'item', 'capture-bind:tap': 'onCap', 'catch:tap': 'onItem' }, children: ['a'] }],
            },
            {
              tag: 'wx-view',
              attr: { class: 'row' },
              children: [{ tag: 'wx-button', attr: { id: 'cancel', class: 'btn' }, children: ['取消'] }],
            },
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
  const matches = (selector: string): unknown[] => ids(querySelectorAll(root, selector));

  describe('matches tags by their WXML name (also the wx- DOM name), ids, classes and compounds', () => {
    it.each([
      ['button', ['phone', 'cancel']],
      ['wx-button', ['phone', 'cancel']],
      ['#cancel', ['cancel']],
      ['button.btn.primary', ['phone']],
      ['.page', ['view']],
    ])('%s → %j', (selector, expected) => {
      expect(matches(selector)).toEqual(expected);
    });
  });

  describe('matches attributes by their WXML spelling, with operators', () => {
    it.each([
      ['[open-type=getPhoneNumber]', ['phone']],
      ["[open-type='getPhoneNumber']", ['phone']],
      ['[data-item-index="3"]', ['phone']],
      ['[class^=btn]', ['phone', 'cancel']],
      ['[class~=primary]', ['phone']],
      ['[id]', ['phone', 'cancel']],
    ])('%s → %j', (selector, expected) => {
      expect(matches(selector)).toEqual(expected);
    });
  });

  describe('handles descendant and child combinators and comma lists; virtual nodes are flattened', () => {
    it.each([
      ['.page button', ['phone', 'cancel']],
      ['.page > button', ['phone']],
      ['.page > text', ['text']],
      ['.row button, #phone', ['phone', 'cancel']],
      ['.nothing', []],
    ])('%s → %j', (selector, expected) => {
      expect(matches(selector)).toEqual(expected);
    });
  });

  it('querySelector gives the first match, or null', () => {
    expect(querySelector(root, '#cancel')?.attrs.id).toBe('cancel');
    expect(querySelector(root, 'button')?.attrs.id).toBe('phone');
    expect(querySelector(root, '.nothing')).toBeNull();
  });

  it.each([
    ['button >', 'nothing after ">"'],
    ['#', 'a name must follow "#"'],
    ['[=x]', 'unreadable attribute test at "[=x]"'],
  ])('rejects the unreadable selector %s with a message naming it', (selector, reason) => {
    expect(() => querySelectorAll(root, selector)).toThrow(SelectorError);
    expect(() => querySelectorAll(root, selector)).toThrow(`invalid selector "${selector}": ${reason}`);
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
