/**
 * What `App.captureScreenshot` shows: the page on top of the stack, rendered for real — its wcc tree
 * as WeChat's `wx-` elements, its WXSS through wcsc with rpx converted for the simulated phone, the
 * built-in components' default looks, the navigation bar — laid out in headless Chromium at the
 * phone's size, in the phone's theme.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileStyles, type StyleSet } from '../wxss/compile.ts';
import { DEVICE_SCREEN, WINDOW_HEIGHT } from '../wx/system.ts';
import type { PageInstance } from '../runtime/page-instance.ts';
import type { Theme } from '../simulated-user/vocabulary.ts';
import { pageBodyHtml, type ImageSource } from './html.ts';
import { screenDocument } from './page-document.ts';
import { windowLook } from './window-look.ts';
import { ChromiumScreen, ScreenshotUnavailableError, type ElementProbe } from './chromium.ts';

export interface ScreenshotOptions {
  /** Default: the simulated user's theme. */
  theme?: Theme;
  /** Device pixels per CSS pixel; default the simulated phone's (3). Docs use 2 to keep files small. */
  pixelRatio?: number;
  /** CSS selectors (on WeChat's `wx-` tags, e.g. `#confirm`, `wx-button`) to measure in the same render. */
  probes?: readonly string[];
}

export interface Screenshot {
  png: Buffer;
  /** CSS pixels; the PNG is these times pixelRatio. */
  width: number;
  height: number;
  pixelRatio: number;
  theme: Theme;
  probes: Record<string, ElementProbe | null>;
}

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

/** Images from the package itself are inlined; remote ones are not fetched (the box stays empty). */
function packageImages(root: string, route: string): ImageSource {
  return (src) => {
    if (src.startsWith('data:')) return src;
    if (/^[a-z][a-z0-9+.-]*:/i.test(src)) return null;
    const file = src.startsWith('/') ? path.join(root, src) : path.join(root, path.dirname(route), src);
    const type = IMAGE_TYPES[path.extname(file).toLowerCase()];
    if (!type || path.relative(root, file).startsWith('..')) return null;
    try {
      return `data:${type};base64,${readFileSync(file).toString('base64')}`;
    } catch {
      return null;
    }
  };
}

export class PageCamera {
  private styles: StyleSet | null = null;
  private readonly screen: ChromiumScreen;

  constructor(
    private readonly root: string,
    executablePath: string,
  ) {
    this.screen = new ChromiumScreen(executablePath);
  }

  async capture(page: PageInstance | null, theme: Theme, options: ScreenshotOptions = {}): Promise<Screenshot> {
    if (!page) throw new ScreenshotUnavailableError('no page is open: launch one (reLaunch) first');
    const chosenTheme = options.theme ?? theme;
    const pixelRatio = options.pixelRatio ?? DEVICE_SCREEN.pixelRatio;
    // Taken now, synchronously: what the page shows at the moment of the call.
    const body = pageBodyHtml(page.root(), packageImages(this.root, page.route));
    const styles = this.styleSet();
    const html = screenDocument(
      {
        width: DEVICE_SCREEN.width,
        statusBarHeight: DEVICE_SCREEN.statusBarHeight,
        navigationBarHeight: DEVICE_SCREEN.navigationBarHeight,
        windowHeight: WINDOW_HEIGHT,
      },
      {
        body,
        styles: [styles.css('app.wxss') ?? '', styles.css(`${page.route}.wxss`) ?? ''],
        look: windowLook(this.root, page.route, chosenTheme),
      },
    );
    const viewport = { width: DEVICE_SCREEN.width, height: DEVICE_SCREEN.height, pixelRatio, theme: chosenTheme };
    const { png, probes } = await this.screen.capture(html, viewport, options.probes ?? []);
    return { png, width: viewport.width, height: viewport.height, pixelRatio, theme: chosenTheme, probes };
  }

  close(): Promise<void> {
    return this.screen.close();
  }

  private styleSet(): StyleSet {
    this.styles ??= compileStyles(this.root, DEVICE_SCREEN.width, { pixelRatio: DEVICE_SCREEN.pixelRatio, iPhone: true });
    return this.styles;
  }
}
