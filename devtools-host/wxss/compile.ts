/**
 * Compiles a mini-program's WXSS with WeChat's own `wcsc` (from `miniprogram-compiler`) and runs the
 * result as the webview half of DevTools does, to get each file's CSS with `rpx` converted for a
 * device width (750 rpx = the screen's width, rounded down as WeChat rounds). The package's own
 * `wxssToJs` hides the per-page styles behind a wrapper that cannot be run outside a webview, so this
 * calls its `src/wcsc` (the compiler's output, one entry per file) directly.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { readdirSync } from 'node:fs';
import { isFunction } from '../guards.ts';

type WcscOutput = Record<string, string>;
type Wcsc = (rootPath: string, files: string[], options?: { maxBuffer?: number }) => WcscOutput | Error;

const require = createRequire(import.meta.url);

export interface StyleSet {
  /** The CSS of one file (e.g. `routes/explore.wxss`), its imports included; undefined when wcsc knows no such file. */
  css(file: string): string | undefined;
}

/** Every .wxss under `root`, without the extension: the list wcsc wants. */
function stylesheetsOf(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.wxss'))
    .map((file) => file.slice(0, -'.wxss'.length));
}

/**
 * @param deviceWidth CSS pixels of the screen the page is laid out for (375: an iPhone 8).
 * @param device its pixel ratio and whether it is an iPhone: there a sub-pixel rpx value becomes 0.5px, not 1px.
 */
export function compileStyles(
  root: string,
  deviceWidth = 375,
  device: { pixelRatio: number; iPhone: boolean } = { pixelRatio: 2, iPhone: false },
): StyleSet {
  const wcsc = require('miniprogram-compiler/src/wcsc') as Wcsc;
  const unescape = require('unescape-js') as (text: string) => string;
  const output = wcsc(path.resolve(root), stylesheetsOf(root), { maxBuffer: 16 * 1024 * 1024 });
  if (output instanceof Error) throw output;
  let injected = '';
  const styleElement = () => ({
    childNodes: [] as { nodeValue: string }[],
    setAttribute() {},
    appendChild(node: { nodeValue: string }) {
      injected += node.nodeValue;
    },
  });
  const context = vm.createContext({
    navigator: { userAgent: device.iPhone ? 'iPhone' : '' },
    window: { screen: { width: deviceWidth, height: Math.round((deviceWidth * 16) / 9) }, devicePixelRatio: device.pixelRatio },
    document: { head: { appendChild() {} }, createElement: styleElement, createTextNode: (text: string) => ({ nodeValue: text }) },
  });
  vm.runInContext(unescape(output.comm ?? ''), context, { filename: 'wcsc-common.js' });
  return {
    css(file) {
      const source = output[file];
      if (source === undefined) return undefined;
      const rewrite: unknown = vm.runInContext(unescape(source), context, { filename: file });
      if (!isFunction(rewrite)) throw new Error(`wcsc output for ${file} is not a style rewriter`);
      injected = '';
      rewrite.call(undefined);
      // -db annotations (wxcs_*) tell DevTools where a rule came from; they are not styles.
      return injected.replace(/;?\s*wxcs_[a-z_-]+\s*:[^;}]*/g, '');
    },
  };
}
