/**
 * Two QR decoders of independent lineage, both run in-process from the packages' own WebAssembly:
 * ZXing-C++ (zxing-wasm) and ZBar (@undecaf/zbar-wasm). Each answers the text it read, or null.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { scanGrayBuffer } from '@undecaf/zbar-wasm';
import type { Raster } from '../../server/sandbox/wxacode-image.ts';

// zxing-wasm fetches its binary from a CDN unless given one: give it the copy the package installed.
const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
prepareZXingModule({ overrides: { wasmBinary: new Uint8Array(readFileSync(wasmPath)).buffer }, fireImmediately: true });

const imageData = (raster: Raster) => ({ data: raster.data, width: raster.width, height: raster.height, colorSpace: 'srgb' as const });

/** ZXing-C++: reads a raster, or the bytes of a PNG. */
export async function zxingRead(image: Raster | Uint8Array): Promise<string | null> {
  const input = image instanceof Uint8Array ? image : imageData(image);
  const [found] = await readBarcodes(input, { formats: ['QRCode'], tryHarder: false });
  return found?.isValid ? found.text : null;
}

/** ZBar: reads a raster (as grey levels: its own RGBA path converts in JavaScript, more slowly). */
export async function zbarRead(raster: Raster): Promise<string | null> {
  const grey = new Uint8Array(raster.width * raster.height);
  for (let pixel = 0; pixel < grey.length; pixel++) grey[pixel] = raster.data[pixel * 4] ?? 255;
  const [found] = await scanGrayBuffer(grey.buffer, raster.width, raster.height);
  return found ? found.decode() : null;
}
