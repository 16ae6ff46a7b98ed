/**
 * Each state of the login page (dev/page-states.ts, the table `npm run screenshots` captures) rendered
 * by the host in Chromium, light and dark: a real picture of that state — not blank, the state's
 * elements present with their text, on screen, and drawn (their pixels are not the page's background).
 * Not a pixel comparison: the page may change its looks without breaking this.
 */
import { PNG } from 'pngjs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDir } from '../../devtools-host/built-app.ts';
import { DEVICE_SCREEN, WINDOW_HEIGHT } from '../../devtools-host/wx/system.ts';
import { THEMES, type Theme } from '../../devtools-host/simulated-user/vocabulary.ts';
import type { Screenshot } from '../../devtools-host/render/camera.ts';
import { generateDataKey, SecretBox } from '../../server/secret-box.ts';
import { SqlStore } from '../../server/store/sql-store.ts';
import { PAGE_STATES, startStage, type Stage } from '../../dev/page-states.ts';
import { takeEmbedded } from '../support/embedded-pool.ts';

const PIXEL_RATIO = 1;
const TOP_BARS = DEVICE_SCREEN.statusBarHeight + DEVICE_SCREEN.navigationBarHeight;

type Rgb = readonly [number, number, number];

function pixelAt(png: PNG, x: number, y: number): Rgb {
  const i = (Math.floor(y) * png.width + Math.floor(x)) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
}

function distance(a: Rgb, b: Rgb): number {
  return Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]);
}

function luminance([r, g, b]: Rgb): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Device pixels of a CSS-pixel box, sampled every other device pixel. */
function* pixelsIn(png: PNG, box: { x: number; y: number; width: number; height: number }): Generator<Rgb> {
  for (let y = box.y * PIXEL_RATIO; y < (box.y + box.height) * PIXEL_RATIO; y += 2)
    for (let x = box.x * PIXEL_RATIO; x < (box.x + box.width) * PIXEL_RATIO; x += 2) yield pixelAt(png, x, y);
}

const chromium = inject('tiers').chromium;

describe.skipIf(!chromium)('page screenshots (Chromium)', () => {
  let stage: Stage;
  let store: SqlStore;

  beforeAll(async () => {
    store = await SqlStore.open(await takeEmbedded(), new SecretBox([generateDataKey('screenshots')]));
    stage = await startStage({ projectRoot: buildDir(path.resolve(import.meta.dirname, '../..')), store });
  });
  afterAll(async () => {
    await stage?.close();
    await store?.close();
  });

  it.each(PAGE_STATES.map((state) => [state.name, state] as const))(
    '%s: a real rendering of the state, light and dark',
    async (_name, state) => {
      await state.reach(stage);
      const shots = new Map<Theme, Screenshot>();
      for (const theme of THEMES) {
        shots.set(
          theme,
          await stage.host.control.screenshot({
            theme,
            pixelRatio: PIXEL_RATIO,
            probes: state.evidence.map((evidence) => evidence.selector),
          }),
        );
      }
      for (const [theme, shot] of shots) {
        const png = PNG.sync.read(shot.png);
        expect([png.width, png.height]).toEqual([DEVICE_SCREEN.width * PIXEL_RATIO, DEVICE_SCREEN.height * PIXEL_RATIO]);
        // The page's background, just under the navigation bar at the left edge (inside the page's padding).
        const background = pixelAt(png, 2, (TOP_BARS + 4) * PIXEL_RATIO);
        if (theme === 'light') expect(luminance(background)).toBeGreaterThan(200);
        else expect(luminance(background)).toBeLessThan(60);

        for (const evidence of state.evidence) {
          const seen = shot.probes[evidence.selector];
          expect(seen, `${theme}: ${evidence.selector} rendered`).not.toBeNull();
          if (typeof evidence.text === 'string') expect(seen!.text.trim()).toBe(evidence.text);
          else expect(seen!.text.trim()).toMatch(evidence.text);
          const box = seen!.box!;
          expect(box.width * box.height, `${theme}: ${evidence.selector} has an area`).toBeGreaterThan(0);
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(DEVICE_SCREEN.width);
          expect(box.y).toBeGreaterThanOrEqual(TOP_BARS);
          expect(box.y + box.height).toBeLessThanOrEqual(TOP_BARS + WINDOW_HEIGHT);
          const pixels = [...pixelsIn(png, box)];
          const drawn = pixels.filter((pixel) => distance(pixel, background) > 60).length;
          expect(drawn / pixels.length, `${theme}: ${evidence.selector} drawn over the background`).toBeGreaterThan(0.01);
          // Its text is visible on whatever it sits on: two clearly different colours inside its box.
          const first = pixels[0]!;
          expect(
            pixels.some((pixel) => distance(pixel, first) > 150),
            `${theme}: ${evidence.selector} shows its text`,
          ).toBe(true);
        }
      }
      // The theme changes the picture, not the state.
      expect(shots.get('light')!.png.equals(shots.get('dark')!.png)).toBe(false);
    },
  );

  it("miniProgram.screenshot() (App.captureScreenshot) is the same rendering, base64, at the phone's pixel ratio and theme", async () => {
    await PAGE_STATES[0]!.reach(stage);
    stage.host.control.setUser({ theme: 'dark' });
    let data: string | void;
    let direct: Screenshot;
    try {
      data = await stage.miniProgram.screenshot();
      direct = await stage.host.control.screenshot();
    } finally {
      stage.host.control.setUser({ theme: 'light' });
    }
    expect(typeof data).toBe('string');
    const viaProtocol = Buffer.from(String(data), 'base64');
    expect(viaProtocol.equals(direct.png)).toBe(true);
    const png = PNG.sync.read(viaProtocol);
    expect([png.width, png.height]).toEqual([
      DEVICE_SCREEN.width * DEVICE_SCREEN.pixelRatio,
      DEVICE_SCREEN.height * DEVICE_SCREEN.pixelRatio,
    ]);
    expect(luminance(pixelAt(png, 2, (TOP_BARS + 4) * DEVICE_SCREEN.pixelRatio))).toBeLessThan(60);
  });
});
