import { parseArgs } from 'node:util';
import { formatDataKey, generateDataKey } from '../secret-box.ts';
import type { CliIo } from './io.ts';

/** Prints a fresh key for XDL_DATA_KEYS; it is printed only, never stored. */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { kid: { type: 'string' } }, strict: true });
  const kid = values.kid ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
  io.out(formatDataKey(generateDataKey(kid)));
  return 0;
}
