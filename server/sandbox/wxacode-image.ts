/**
 * What the sandbox's `getwxacodeunlimit` draws. WeChat's real 小程序码 is a round, proprietary code
 * that only WeChat scans; a sandbox cannot draw one, so it draws a standard QR code (ISO/IEC 18004,
 * error correction M) of a URL naming the mini-program, the page and the scene. Tests and people can
 * read it with any QR decoder; WeChat itself would not open it.
 *
 * Modules are drawn a whole number of pixels wide, centred in a quiet zone of at least four modules:
 * `qrcode`'s own PNG renderer stretches modules to fractional widths and exposes no pixels to check.
 */
import QRCode from 'qrcode';
import { PNG } from 'pngjs';

/** WeChat's `width` range for getwxacodeunlimit, in pixels; 430 when not given. */
export const WXACODE_WIDTH = { min: 280, max: 1280, default: 430 } as const;
const QUIET_ZONE_MODULES = 4;

export interface Raster {
  width: number;
  height: number;
  /** RGBA, row by row. */
  data: Uint8ClampedArray;
}

export function wxaCodeText(appid: string, page: string, scene: string): string {
  return `https://mp.weixin.qq.com/a/${appid}?page=${page}&scene=${scene}`;
}

/** A square black-on-white raster of `width` pixels (clamped to WeChat's range). */
export function drawWxaCode(text: string, width: number = WXACODE_WIDTH.default): Raster {
  const side = Math.min(Math.max(Math.round(width), WXACODE_WIDTH.min), WXACODE_WIDTH.max);
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const moduleSize = Math.floor(side / (modules.size + 2 * QUIET_ZONE_MODULES));
  if (moduleSize < 1) throw new Error(`a ${side} px code cannot hold ${modules.size} modules`);
  const offset = Math.floor((side - modules.size * moduleSize) / 2);
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let y = 0; y < moduleSize; y++) {
        const start = ((offset + row * moduleSize + y) * side + offset + col * moduleSize) * 4;
        for (let x = 0; x < moduleSize * 4; x += 4) data.fill(0, start + x, start + x + 3);
      }
    }
  }
  return { width: side, height: side, data };
}

export function encodePng(raster: Raster): Buffer {
  const png = new PNG({ width: raster.width, height: raster.height });
  png.data = Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.byteLength);
  return PNG.sync.write(png);
}
