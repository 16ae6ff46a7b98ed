/**
 * The page's element tree as the HTML WeChat's webview holds: every component a `wx-` custom element
 * (`<wx-view>`, `<wx-button>` — the tags wcsc's compiled selectors name), with the attributes styles
 * look at. Event bindings and data-* stay behind: nothing runs in the rendering.
 */
import { escapeAttribute, escapeText, isElement, type VElement, type VNode } from '../wxml/vnode.ts';

/** Attributes that matter to layout and to the built-in components' looks, by their WXML spelling. */
const RENDERED_ATTRIBUTES = ['id', 'class', 'style', 'hidden', 'type', 'size', 'plain', 'disabled', 'loading', 'mode', 'open-type'];

/** Reads an image the page names (`/images/a.png`, `../a.png`) as a data: URL; null when it cannot be shown. */
export type ImageSource = (src: string) => string | null;

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_m, letter: string) => letter.toUpperCase());
}

/** An attribute's value as the webview sets it: `false`/absent → not set, `true` → present. */
function attributeText(element: VElement, name: string): string | null {
  const value = element.attrs[name] ?? element.attrs[camel(name)];
  if (value === undefined || value === null || value === false || value === 'false') return null;
  if (value === true) return '';
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** WeChat's `<image>` is a box whose picture is a background sized by `mode`. */
const IMAGE_MODES: Record<string, string> = {
  scaleToFill: 'background-size:100% 100%',
  aspectFit: 'background-size:contain;background-position:center',
  aspectFill: 'background-size:cover;background-position:center',
  widthFix: 'background-size:100% 100%',
  heightFix: 'background-size:100% 100%',
  center: 'background-position:center',
  top: 'background-position:center top',
};

function imageInner(element: VElement, images: ImageSource): string {
  const src = attributeText(element, 'src');
  const url = src ? images(src) : null;
  if (url === null) return '';
  const mode = IMAGE_MODES[attributeText(element, 'mode') ?? 'scaleToFill'] ?? IMAGE_MODES.scaleToFill;
  return `<div style="width:100%;height:100%;background-repeat:no-repeat;background-image:url(&quot;${escapeAttribute(url.replace(/"/g, '%22'))}&quot;);${mode}"></div>`;
}

function elementHtml(element: VElement, images: ImageSource): string {
  const tag = `wx-${element.tag}`;
  const attrs = RENDERED_ATTRIBUTES.map((name) => [name, attributeText(element, name)] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== null)
    .map(([name, value]) => (value === '' ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`))
    .join('');
  let inner = element.children.map((child) => nodeHtml(child, images)).join('');
  if (element.tag === 'image') inner = imageInner(element, images);
  if (element.tag === 'button' && attributeText(element, 'loading') !== null) inner = `<i class="wx-button-loading"></i>${inner}`;
  return `<${tag}${attrs}>${inner}</${tag}>`;
}

function nodeHtml(node: VNode, images: ImageSource): string {
  return isElement(node) ? elementHtml(node, images) : escapeText(node);
}

/** The body's content for a page's root (wcc's `wx-page`, which the webview's body stands for). */
export function pageBodyHtml(root: VElement, images: ImageSource): string {
  return root.children.map((child) => nodeHtml(child, images)).join('');
}
