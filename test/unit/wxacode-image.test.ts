/**
 * The sandbox's 小程序码 is a standard QR code that independent decoders read for every pool id — at
 * WeChat's smallest width, where modules are fewest pixels. (A decoder of the ZXing-Java lineage, as in
 * miniprogram-automator's `decodeQrCode`, is not one of them: see docs/server.md.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawWxaCode, encodePng, WXACODE_WIDTH, wxaCodeText } from '../../server/sandbox/wxacode-image.ts';
import { zbarRead, zxingRead } from '../support/qr-decoders.ts';

const poolId = fc.stringMatching(/^[0-9a-f]{24}$/);

describe('the sandbox 小程序码', () => {
  it('is read by ZXing-C++ and by ZBar for 1,000 random pool ids at the smallest width', async () => {
    await fc.assert(
      fc.asyncProperty(poolId, async (id) => {
        const text = wxaCodeText('wxd0000000000000de', 'routes/explore', id);
        const raster = drawWxaCode(text, WXACODE_WIDTH.min);
        expect(await zxingRead(raster)).toBe(text);
        expect(await zbarRead(raster)).toBe(text);
      }),
      { numRuns: 1000, seed: 20261127 },
    );
  }, 60_000);

  it("is drawn at the width asked for, within WeChat's range, with square whole-pixel modules", () => {
    for (const [asked, side] of [
      [100, 280],
      [430, 430],
      [5000, 1280],
      [281.4, 281],
    ] as const) {
      const raster = drawWxaCode('x', asked);
      expect([raster.width, raster.height]).toEqual([side, side]);
      expect(raster.data.length).toBe(side * side * 4);
    }
    const white = drawWxaCode('x', 280).data.subarray(0, 4);
    expect([...white]).toEqual([255, 255, 255, 255]);
  });

  it('encodes a PNG the decoders read back', async () => {
    const text = wxaCodeText('wxd0000000000000de', 'routes/explore', 'f'.repeat(24));
    expect(await zxingRead(encodePng(drawWxaCode(text)))).toBe(text);
  });
});
