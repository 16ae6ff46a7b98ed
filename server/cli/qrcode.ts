/**
 * `xiaodenglu qrcode --pool <id>`: the try-it 普通链接二维码 for a pool, printed to the terminal and
 * written as PNG. The URL lives under the operator's registered prefix (--prefix or XDL_TRY_URL_PREFIX).
 */
import path from 'node:path';
import { parseFlags } from '../../devtools-host/cli-flags.ts';
import { DEFAULT_TRY_PREFIX, terminalQr, tryItUrl, writeQrPng } from '../try-link.ts';
import { errorMessage } from '../../devtools-host/guards.ts';
import type { CliIo } from './io.ts';

export const usage = `xiaodenglu qrcode --pool <poolId> [--prefix https://your.domain/try] [--out .data/try-<poolId>.png]
  The prefix must be the 普通链接二维码 rule registered for the mini-program (env XDL_TRY_URL_PREFIX).`;

/** The CLI table's entry. */
export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    await runQrcode(args, io);
    return 0;
  } catch (error) {
    io.err(`xiaodenglu qrcode: ${errorMessage(error)}`);
    return 1;
  }
}

export async function runQrcode(args: readonly string[], io: CliIo): Promise<void> {
  const flags = parseFlags(args, ['pool', 'prefix', 'out']);
  const poolId = flags.get('pool');
  if (poolId === undefined) throw new Error(`--pool is required\n${usage}`);
  const prefix = flags.get('prefix') ?? (io.env.XDL_TRY_URL_PREFIX || DEFAULT_TRY_PREFIX);
  const link = tryItUrl(prefix, poolId);
  const out = flags.get('out') ?? path.join('.data', `try-${poolId}.png`);
  await writeQrPng(link, out);
  io.out(await terminalQr(link));
  io.out(`${link}\nPNG written to ${out}`);
}
