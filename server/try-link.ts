/**
 * The try-it 普通链接二维码: an https URL under the operator's configured prefix (the rule registered
 * in the mini-program admin console), whose query carries the pool. WeChat opens the launcher with
 * that URL in `q`; the page reads the pool from it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import QRCode from 'qrcode';
import { POOL_ID_PATTERN } from '../miniprogram/contract/launch.ts';

export const DEFAULT_TRY_PREFIX = 'https://xiaodenglu.example.com/try';

export class TryLinkError extends Error {}

export function tryItUrl(prefix: string, poolId: string): string {
  if (!POOL_ID_PATTERN.test(poolId)) throw new TryLinkError(`pool id: 24 lowercase hex characters expected, got ${JSON.stringify(poolId)}`);
  let url: URL;
  try {
    url = new URL(prefix);
  } catch {
    throw new TryLinkError(`QR prefix: not a URL: ${JSON.stringify(prefix)}`);
  }
  if (url.protocol !== 'https:') throw new TryLinkError(`QR prefix: WeChat only opens https links, got ${url.protocol}`);
  if (url.search || url.hash) throw new TryLinkError('QR prefix: must not carry a query or fragment (the pool goes in the query)');
  url.search = `userPoolId=${poolId}&getPhone=1`;
  return url.toString();
}

export function terminalQr(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
}

export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', width: 512, margin: 2, errorCorrectionLevel: 'M' });
}

export async function writeQrPng(text: string, file: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, await qrPng(text));
}
