/**
 * The preview's QR code. WeChat answers the preview with a JPEG of the code (miniprogram-ci writes it as a
 * `data:image/jpeg;base64,…` file); reading the code's text back (ZXing, run from the package's own
 * WebAssembly) lets the terminal show it and the PNG be written crisply at a known size, as
 * `xiaodenglu qrcode` does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let prepared = false;

function prepare(): void {
  if (prepared) return;
  // zxing-wasm fetches its binary from a CDN unless given one: give it the copy the package installed.
  const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  prepareZXingModule({ overrides: { wasmBinary: new Uint8Array(readFileSync(wasmPath)).buffer }, fireImmediately: true });
  prepared = true;
}

/** The image bytes of a `data:image/…;base64,…` text (or of bare base64). */
export function imageOfDataUri(text: string): Uint8Array {
  const base64 = text.trim().replace(/^data:image\/[a-z+]+;base64,/i, '');
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** The text of the QR code in a PNG or JPEG, or null when none can be read. */
export async function readQrText(image: Uint8Array): Promise<string | null> {
  prepare();
  const [found] = await readBarcodes(image, { formats: ['QRCode'] });
  return found?.isValid ? found.text : null;
}
