/**
 * One HTML document that looks like the phone's screen: the status bar, WeChat's navigation bar with
 * its capsule, and the page below in an iframe as tall as the page's window — so `100vh` and
 * `position: fixed` mean what they mean in the mini-program's webview.
 */
import { builtinStyles, SYSTEM_FONTS } from './builtin-styles.ts';
import { escapeAttribute, escapeText } from '../wxml/vnode.ts';
import type { WindowLook } from './window-look.ts';

export interface ScreenGeometry {
  width: number;
  statusBarHeight: number;
  navigationBarHeight: number;
  windowHeight: number;
}

export interface PageContent {
  /** The page's elements as HTML (pageBodyHtml). */
  body: string;
  /** app.wxss then the page's wxss, compiled by wcsc with rpx converted for the screen's width. */
  styles: string[];
  look: WindowLook;
}

/** The id of the iframe that holds the page: probes look inside it. */
export const PAGE_FRAME_ID = 'page';

/** `</style` inside a stylesheet would end it early. */
function styleBlock(css: string): string {
  return `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>`;
}

function pageHtml(content: PageContent): string {
  const styles = [builtinStyles(content.look), ...content.styles].map(styleBlock).join('');
  return `<!doctype html><html><head><meta charset="utf-8">${styles}</head><body>${content.body}</body></html>`;
}

/** The frame's own looks: iOS status bar (a fixed 9:41, so captures do not change by the minute) and WeChat's bar. */
function frameCss(screen: ScreenGeometry, look: WindowLook): string {
  const ink = look.barText === 'white' ? '#ffffff' : '#000000';
  const capsuleBg = look.barText === 'white' ? 'rgba(0,0,0,.15)' : 'rgba(255,255,255,.6)';
  const capsuleLine = look.barText === 'white' ? 'rgba(255,255,255,.25)' : 'rgba(0,0,0,.12)';
  return `${SYSTEM_FONTS}
html,body{margin:0;padding:0;overflow:hidden;width:${screen.width}px;background:${look.pageBackground};
  font-family:-apple-system,"PingFang SC",sans-serif;-webkit-font-smoothing:antialiased}
.bars{background:${look.barBackground};color:${ink}}
.status{height:${screen.statusBarHeight}px;display:flex;align-items:center;justify-content:space-between;padding:0 28px 0 34px;box-sizing:border-box;
  font-size:16px;font-weight:600}
.battery{width:24px;height:11px;border:1.5px solid ${ink};border-radius:3.5px;opacity:.9;position:relative;box-sizing:border-box}
.battery::before{content:"";position:absolute;inset:1.5px;right:5px;background:${ink};border-radius:1.5px}
.nav{height:${screen.navigationBarHeight}px;position:relative;display:flex;align-items:center;justify-content:center}
.title{font-size:17px;font-weight:600;max-width:55%;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.capsule{position:absolute;right:7px;top:${(screen.navigationBarHeight - 32) / 2}px;width:87px;height:32px;box-sizing:border-box;border-radius:16px;
  border:.5px solid ${capsuleLine};background:${capsuleBg};display:flex;align-items:center}
.capsule span{flex:1;display:flex;align-items:center;justify-content:center;height:100%}
.capsule .sep{flex:none;width:.5px;height:19px;background:${capsuleLine}}
.dots{gap:3.5px}
.dots i{width:4.5px;height:4.5px;border-radius:50%;background:${ink}}
.ring{width:15px;height:15px;border:2px solid ${ink};border-radius:50%;box-sizing:border-box;position:relative}
.ring::after{content:"";position:absolute;inset:3px;background:${ink};border-radius:50%}
#${PAGE_FRAME_ID}{display:block;border:0;width:${screen.width}px;height:${screen.windowHeight}px;background:${look.pageBackground}}`;
}

export function screenDocument(screen: ScreenGeometry, content: PageContent): string {
  const { look } = content;
  return (
    `<!doctype html><html><head><meta charset="utf-8">${styleBlock(frameCss(screen, look))}</head><body>` +
    `<div class="bars"><div class="status"><span>9:41</span><span class="battery"></span></div>` +
    `<div class="nav"><span class="title">${escapeText(look.title)}</span>` +
    `<div class="capsule"><span class="dots"><i></i><i></i><i></i></span><span class="sep"></span><span><i class="ring"></i></span></div></div></div>` +
    `<iframe id="${PAGE_FRAME_ID}" srcdoc="${escapeAttribute(pageHtml(content))}"></iframe></body></html>`
  );
}
