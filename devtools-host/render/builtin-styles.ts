/**
 * The looks WeChat gives its built-in components before any page style: the base library's component
 * styles, close to what DevTools shows (the `style: v2` overrides apply when app.json asks for them,
 * dark variants when app.json sets `darkmode`). Written here, not copied: a headless host has no base
 * library to take them from. Selectors keep WeChat's specificity (tag, tag+attribute) so page
 * classes win exactly as they do on a phone.
 */

/**
 * The phone's system font (PingFang SC on iOS) is not on Linux: Noto Sans CJK (Debian's fonts-noto-cjk)
 * stands in under the names pages ask for, so CJK text and its weights render.
 */
const SYSTEM_FONT_NAMES = ['PingFang SC', '-apple-system', '-apple-system-font', 'BlinkMacSystemFont', 'Helvetica Neue', 'system-ui'];
const SYSTEM_FONT_FACES = SYSTEM_FONT_NAMES.map(
  (name) =>
    `@font-face{font-family:"${name}";font-weight:100 500;src:local("Noto Sans CJK SC"),local("NotoSansCJKsc-Regular"),local("WenQuanYi Micro Hei")}` +
    `@font-face{font-family:"${name}";font-weight:600 900;src:local("NotoSansCJKsc-Bold"),local("Noto Sans CJK SC Bold"),local("WenQuanYi Micro Hei")}`,
).join('\n');

const BASE = `
html,body{margin:0;padding:0}
body{font-family:-apple-system-font,"Helvetica Neue",sans-serif;font-size:16px;-webkit-text-size-adjust:none;-webkit-font-smoothing:antialiased}
[hidden]{display:none!important}
wx-view,wx-navigator,wx-scroll-view,wx-swiper,wx-form,wx-label{display:block}
wx-text{display:inline;white-space:pre-wrap}
wx-image{display:inline-block;position:relative;overflow:hidden;width:320px;height:240px}
wx-icon{display:inline-block}
wx-button{position:relative;display:block;margin-left:auto;margin-right:auto;padding-left:14px;padding-right:14px;box-sizing:border-box;
  font-size:18px;text-align:center;text-decoration:none;line-height:2.55555556;border-radius:5px;overflow:hidden;color:#000;background-color:#f8f8f8}
wx-button::after{content:" ";width:200%;height:200%;position:absolute;top:0;left:0;border:1px solid rgba(0,0,0,.2);transform:scale(.5);
  transform-origin:0 0;box-sizing:border-box;border-radius:10px}
wx-button[type=primary]{color:#fff;background-color:#1aad19}
wx-button[type=warn]{color:#fff;background-color:#e64340}
wx-button[disabled]{color:rgba(255,255,255,.6)}
wx-button[disabled]:not([type]),wx-button[disabled][type=default]{color:rgba(0,0,0,.3);background-color:#f7f7f7}
wx-button[disabled][type=primary]{background-color:#9ed99d}
wx-button[size=mini]{display:inline-block;line-height:2.3;font-size:13px;padding:0 1.34em}
wx-button[plain]{color:#353535;border:1px solid #353535;background-color:transparent}
.wx-button-loading{display:inline-block;vertical-align:middle;width:1em;height:1em;margin:-.2em .34em 0 0;box-sizing:border-box;
  border-radius:50%;border:2px solid currentColor;border-right-color:transparent;opacity:.8}
`;

/** The "v2" component style (app.json `"style": "v2"`): WeUI 2 buttons. */
const V2 = `
wx-button{width:184px;padding:8px 24px;font-size:17px;font-weight:700;line-height:1.41176471;border-radius:4px;color:#06ae56;background-color:#f2f2f2}
wx-button::after{border:0}
wx-button[type=primary]{color:#fff;background-color:#07c160}
wx-button[disabled]:not([type]),wx-button[disabled][type=default]{color:rgba(0,0,0,.18);background-color:rgba(0,0,0,.05)}
wx-button[disabled][type=primary]{color:rgba(0,0,0,.18);background-color:rgba(0,0,0,.05)}
wx-button[size=mini]{width:auto;padding:0 .75em;font-size:16px;line-height:2}
`;

/** What a `darkmode: true` mini-program's components turn into when the phone is dark. */
const DARK = `
@media (prefers-color-scheme:dark){
body{color:rgba(255,255,255,.8)}
wx-button{color:rgba(255,255,255,.8);background-color:rgba(255,255,255,.08)}
wx-button::after{border-color:rgba(255,255,255,.2)}
wx-button[disabled]:not([type]),wx-button[disabled][type=default],wx-button[disabled][type=primary]{color:rgba(255,255,255,.2);background-color:rgba(255,255,255,.08)}
}
`;

export interface ComponentStyleOptions {
  /** app.json `"style": "v2"`. */
  v2: boolean;
  /** app.json `"darkmode": true`. */
  darkmode: boolean;
}

export function builtinStyles(options: ComponentStyleOptions): string {
  return [SYSTEM_FONT_FACES, BASE, options.v2 ? V2 : '', options.darkmode ? DARK : ''].join('\n');
}

/** The same font stand-ins, for the window frame around the page. */
export const SYSTEM_FONTS = SYSTEM_FONT_FACES;
