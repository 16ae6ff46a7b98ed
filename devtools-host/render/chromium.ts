/**
 * Lays a screen document out in headless Chromium (Debian's `chromium`, driven by playwright-core;
 * no browser is ever downloaded) and captures it as PNG. Chromium starts at the first capture, is
 * shared by every later one, and stops on close(): a host that never takes a screenshot never needs it.
 */
import { existsSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { errorMessage } from '../guards.ts';
import type { Theme } from '../simulated-user/vocabulary.ts';
import { PAGE_FRAME_ID } from './page-document.ts';

/** Debian's chromium unless CHROMIUM_PATH names another. */
export function chromiumPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export class ScreenshotUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(`screenshot: ${message}`, options);
    this.name = 'ScreenshotUnavailableError';
  }
}

export interface Viewport {
  width: number;
  height: number;
  pixelRatio: number;
  theme: Theme;
}

export interface ElementProbe {
  /** CSS pixels from the screen's top-left corner. */
  box: { x: number; y: number; width: number; height: number } | null;
  /** What the element shows (DOM innerText). */
  text: string;
}

export interface Capture {
  png: Buffer;
  /** Per selector asked for: the first element inside the page that matches, or null. */
  probes: Record<string, ElementProbe | null>;
}

const RENDER_TIMEOUT_MS = 15_000;
const FONTS_READY = 'document.fonts.ready.then(() => true)';

export class ChromiumScreen {
  private browser: Promise<Browser> | null = null;
  /** One tab per pixel ratio (a context's device scale is fixed), reused: a capture only sets new content. */
  private readonly tabs = new Map<number, Promise<Page>>();
  /** Captures take turns: they share the tabs. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly executablePath: string) {}

  capture(html: string, viewport: Viewport, probeSelectors: readonly string[] = []): Promise<Capture> {
    const turn = this.queue.then(() => this.captureNow(html, viewport, probeSelectors));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  async close(): Promise<void> {
    this.closed = true;
    const launching = this.browser;
    this.browser = null;
    this.tabs.clear();
    if (launching) await launching.then((browser) => browser.close()).catch(() => undefined);
  }

  private async captureNow(html: string, viewport: Viewport, probeSelectors: readonly string[]): Promise<Capture> {
    const page = await this.tab(viewport);
    await page.emulateMedia({ colorScheme: viewport.theme, reducedMotion: 'reduce' });
    await page.setContent(html, { waitUntil: 'load' });
    const frame = await (await page.$(`#${PAGE_FRAME_ID}`))?.contentFrame();
    if (!frame) throw new Error('the page frame did not load');
    // Text is laid out once the stand-in system fonts (local faces) are loaded.
    await page.evaluate(FONTS_READY);
    await frame.evaluate(FONTS_READY);
    const probes: Record<string, ElementProbe | null> = {};
    for (const selector of probeSelectors) probes[selector] = await probe(frame, selector);
    const png = await page.screenshot({ type: 'png', animations: 'disabled', caret: 'hide' });
    return { png, probes };
  }

  private tab(viewport: Viewport): Promise<Page> {
    let tab = this.tabs.get(viewport.pixelRatio);
    if (!tab) {
      tab = this.launch().then(async (browser) => {
        const context = await browser.newContext({
          viewport: { width: viewport.width, height: viewport.height },
          deviceScaleFactor: viewport.pixelRatio,
        });
        // The document is self-contained: nothing a page names may reach the network.
        await context.route('**/*', (route) => route.abort());
        const page = await context.newPage();
        page.setDefaultTimeout(RENDER_TIMEOUT_MS);
        return page;
      });
      tab.catch(() => this.tabs.delete(viewport.pixelRatio));
      this.tabs.set(viewport.pixelRatio, tab);
    }
    return tab.then(async (page) => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      return page;
    });
  }

  private launch(): Promise<Browser> {
    if (this.closed) return Promise.reject(new ScreenshotUnavailableError('the host is closed'));
    this.browser ??= startChromium(this.executablePath).catch((error: unknown) => {
      this.browser = null; // a later capture tries again (e.g. once chromium is installed)
      throw error;
    });
    return this.browser;
  }
}

async function probe(frame: Frame, selector: string): Promise<ElementProbe | null> {
  const element = await frame.$(selector);
  if (!element) return null;
  return { box: await element.boundingBox(), text: await element.innerText() };
}

async function startChromium(executablePath: string): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new ScreenshotUnavailableError(
      `needs Chromium, and there is none at ${executablePath}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`,
    );
  }
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (error) {
    throw new ScreenshotUnavailableError('needs the npm package playwright-core to drive Chromium: npm install playwright-core', {
      cause: error,
    });
  }
  try {
    return await playwright.chromium.launch({ executablePath, headless: true, args: ['--font-render-hinting=none'] });
  } catch (error) {
    throw new ScreenshotUnavailableError(`Chromium at ${executablePath} did not start: ${errorMessage(error).split('\n')[0]}`, {
      cause: error,
    });
  }
}
