/**
 * The build's WXML and WXSS minifiers (scripts/minify-markup.ts) produce what WeChat's own compilers
 * accept — wcc and wcsc from miniprogram-compiler, as DevTools uses them — and change nothing the user
 * sees: the page renders the same element tree from the minified WXML as from the source, in every view.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { minify as minifyCss } from 'csso';
import { afterAll, describe, expect, it } from 'vitest';
import { INITIAL_STATE, type FlowState, type View } from '../../miniprogram/core/login-flow';
import { present } from '../../miniprogram/core/presenter';
import { compileTemplates, type RawNode } from '../../devtools-host/wxml/compile';
import { compileStyles } from '../../devtools-host/wxss/compile';
import { minifyWxml, minifyWxss } from '../../scripts/minify-markup';

const SOURCE = path.resolve('miniprogram');
const copy = mkdtempSync(path.join(tmpdir(), 'xdl-minified-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const filesOf = (extension: string): string[] =>
  readdirSync(SOURCE, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith(extension));

cpSync(SOURCE, copy, { recursive: true });
for (const file of filesOf('.wxml')) writeFileSync(path.join(copy, file), await minifyWxml(readFileSync(path.join(SOURCE, file), 'utf8')));
for (const file of filesOf('.wxss')) writeFileSync(path.join(copy, file), minifyWxss(readFileSync(path.join(SOURCE, file), 'utf8'), file));

/** Text runs collapsed and trimmed, whitespace-only ones dropped: what WXML renders either way. */
function normalised(node: RawNode | undefined): unknown {
  if (node === undefined) return undefined;
  if (typeof node === 'string') {
    const text = node.replace(/\s+/g, ' ').trim();
    return text === '' ? null : text;
  }
  return { tag: node.tag, attr: node.attr ?? {}, children: (node.children ?? []).map(normalised).filter((child) => child !== null) };
}

const VIEWS: View[] = ['loading', 'privacy', 'ready', 'denied', 'failed', 'returned', 'fallback', 'done'];
const stateIn = (view: View): FlowState => ({
  ...INITIAL_STATE,
  view,
  fromApp: true,
  notice: view === 'fallback' ? '请点击下方按钮返回 App' : '',
  extMsg: 'code=200&message=授权成功&ticket=abc',
  knownPhone: view === 'ready' ? '176****6754' : null,
});

describe('minified WXML', () => {
  const source = compileTemplates(SOURCE, () => undefined);
  const minified = compileTemplates(copy, () => undefined);

  it.each(filesOf('.wxml'))('%s: wcc compiles it and it renders the tree of the source in every view', (file) => {
    expect(minified.has(file)).toBe(true);
    for (const view of VIEWS) {
      const data = { ...present(stateIn(view)) };
      expect(normalised(minified.render(file, data)), view).toEqual(normalised(source.render(file, data)));
    }
  });
});

describe('minified WXSS', () => {
  const source = compileStyles(SOURCE);
  const minified = compileStyles(copy);
  /** wcsc's CSS, normalised by the same minifier (idempotent): equal output means equal styles. */
  const canonical = (css: string | undefined): string => minifyCss(css ?? '', { restructure: false }).css;

  it.each(filesOf('.wxss'))('%s: wcsc compiles it to the styles of the source', (file) => {
    const css = minified.css(file);
    expect(css?.length ?? 0).toBeGreaterThan(0);
    expect(canonical(css)).toBe(canonical(source.css(file)));
  });
});
