/**
 * `xiaodenglu qrcode --pool <id>`: the try-it 普通链接二维码 for a pool, printed to the terminal and
 * written as PNG. The URL lives under the operator's registered prefix (--prefix or XDL_TRY_URL_PREFIX).
 */
import path from 'node:path';
import { DEFAULT_TRY_PREFIX, terminalQr, tryItUrl, writeQrPng } from '../try-link.ts';
import { UsageError, defineCommand } from './command.ts';

export default defineCommand({
  summary: 'print and write the try-it QR code (普通链接二维码) of a pool',
  usage: `--pool <poolId> [--prefix https://your.domain/try] [--out .data/try-<poolId>.png]
  --pool <id>      the user pool the code opens
  --prefix <url>   the 普通链接二维码 rule registered for the mini-program (also XDL_TRY_URL_PREFIX; default ${DEFAULT_TRY_PREFIX})
  --out <file>     where to write the PNG`,
  options: { pool: { type: 'string' }, prefix: { type: 'string' }, out: { type: 'string' } },
  async run({ values }, io) {
    const poolId = values.pool;
    if (poolId === undefined) throw new UsageError('--pool: required');
    const prefix = values.prefix ?? (io.env.XDL_TRY_URL_PREFIX || DEFAULT_TRY_PREFIX);
    const link = tryItUrl(prefix, poolId);
    const out = values.out ?? path.join('.data', `try-${poolId}.png`);
    await writeQrPng(link, out);
    io.out(await terminalQr(link));
    io.out(`${link}\nPNG written to ${out}`);
    return 0;
  },
});
