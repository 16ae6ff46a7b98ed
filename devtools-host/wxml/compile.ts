/**
 * Compiles a mini-program's WXML with WeChat's own `wcc` (shipped by `miniprogram-compiler`) and
 * loads the result into its own `vm` context, like the webview half of DevTools does.
 */
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { isFunction, isPlainObject } from '../guards.ts';

export interface RawElement {
  tag: string;
  attr?: Record<string, unknown>;
  children?: RawNode[];
}
export type RawNode = RawElement | string;

export interface TemplateSet {
  /** Renders `path` (e.g. `routes/explore.wxml`) with `data`; undefined when wcc knows no such file. */
  render(path: string, data: Record<string, unknown>): RawElement | undefined;
  has(path: string): boolean;
}

interface MiniprogramCompiler {
  wxmlToJs(rootPath: string, options?: { maxBuffer?: number }): string;
}

const require = createRequire(import.meta.url);

function loadCompiler(): MiniprogramCompiler {
  const loaded: unknown = require('miniprogram-compiler');
  if (!isPlainObject(loaded) || !isFunction(loaded.wxmlToJs)) {
    throw new Error('miniprogram-compiler: wxmlToJs not found; is the package installed?');
  }
  const wxmlToJs = loaded.wxmlToJs;
  return { wxmlToJs: (rootPath, options) => String(wxmlToJs.call(loaded, rootPath, options)) };
}

export function isRawElement(node: unknown): node is RawElement {
  return isPlainObject(node) && typeof node.tag === 'string';
}

/** @param warn receives wcc runtime warnings (e.g. a recursive template), as WeChat prints them. */
export function compileTemplates(rootPath: string, warn: (message: string) => void): TemplateSet {
  const source = loadCompiler().wxmlToJs(rootPath, { maxBuffer: 64 * 1024 * 1024 });
  const console = { warn, log: warn, error: warn, info: warn, debug: warn };
  const context: Record<string, unknown> = { console };
  context.window = context;
  vm.createContext(context);
  const gwx: unknown = vm.runInContext(`(function(){${source}\n})()`, context, { filename: 'wcc-output.js' });
  if (!isFunction(gwx)) throw new Error('wcc output did not define $gwx');
  const generatorOf = (path: string): ((data: unknown, env: unknown) => unknown) | undefined => {
    const generator = gwx.call(undefined, path);
    return isFunction(generator) ? (data, env) => generator.call(undefined, data, env) : undefined;
  };
  return {
    has: (path) => generatorOf(path) !== undefined,
    render(path, data) {
      const generator = generatorOf(path);
      if (!generator) return undefined;
      // WeChat hands the webview a serialized copy of the data; functions and undefined do not cross.
      const tree = generator(JSON.parse(JSON.stringify(data)), {});
      if (!isRawElement(tree)) throw new Error(`wcc render of ${path} returned no tree`);
      return tree;
    },
  };
}
