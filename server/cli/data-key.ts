import { formatDataKey, generateDataKey } from '../secret-box.ts';
import { defineCommand } from './command.ts';

/** Prints a fresh key for XDL_DATA_KEYS; it is printed only, never stored. */
export default defineCommand({
  summary: 'print a new random data key (kid:key) for XDL_DATA_KEYS',
  usage: `[--kid <id>]
  --kid <id>   the key's id (default: k<today>, e.g. k20261127)
Prints the key only; nothing is stored. Every replica on one database needs the same XDL_DATA_KEYS.`,
  options: { kid: { type: 'string' } },
  async run({ values }, io) {
    const kid = values.kid ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    io.out(formatDataKey(generateDataKey(kid)));
    return 0;
  },
});
