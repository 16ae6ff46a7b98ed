import { describe, expect, it } from 'vitest';
import { compileTemplates } from '../../devtools-host/wxml/compile.ts';
import { buildTree, innerText, UidSource } from '../../devtools-host/wxml/vnode.ts';
import { querySelector, querySelectorAll } from '../../devtools-host/wxml/selector.ts';

const FIXTURE = new URL('../fixtures/mini-app', import.meta.url).pathname;

describe('WXML through WeChat’s wcc', () => {
  const templates = compileTemplates(FIXTURE, () => undefined);

  it('renders wx:if, wx:for and data-* with JS types kept', () => {
    const data = {
      view: 'ready',
      title: 'T',
      items: [
        { id: 'a', label: 'one' },
        { id: 'b', label: 'two' },
      ],
      error: '',
      appParameter: 'x',
    };
    const root = buildTree(templates.render('routes/explore/index.wxml', data)!, null, new UidSource());
    expect(querySelectorAll(root, '.item').map(innerText)).toEqual(['one', 'two']);
    expect(querySelector(root, '#confirm')?.attrs['data-item-index']).toBe(7);
    expect(querySelector(root, '#phone')?.attrs.openType).toBe('getPhoneNumber');
    expect(querySelector(root, '#back-to-app')?.attrs.appParameter).toBe('x');
    expect(querySelector(root, '#error-message')).toBeNull();
  });

  it('follows <include> (the /routers/explore page) and hides what wx:if turns off', () => {
    const root = buildTree(
      templates.render('routers/explore/index.wxml', { view: 'loading', items: [], error: 'boom' })!,
      null,
      new UidSource(),
    );
    expect(querySelector(root, '#confirm')).toBeNull();
    expect(innerText(querySelector(root, '#error-message')!)).toBe('boom');
  });

  it('knows which templates exist', () => {
    expect(templates.has('pages/second/index.wxml')).toBe(true);
    expect(templates.render('nope/index.wxml', {})).toBeUndefined();
  });
});
