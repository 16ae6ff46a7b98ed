import type { CliIo } from './io.ts';

/** `xiaodenglu <command>`: one line per command; each module exports `run(args, io)` returning the exit code. */
export interface CliCommand {
  summary: string;
  load(): Promise<{ run(args: string[], io: CliIo): Promise<number> }>;
}

export const COMMANDS: Record<string, CliCommand> = {
  serve: { summary: 'start the ticket service (and, in development, the WeChat sandbox)', load: () => import('./serve.ts') },
  pool: { summary: 'create|list|show|update|rotate-secret user pools', load: () => import('./pool.ts') },
  'data-key': { summary: 'print a new random data key (kid:key) for XDL_DATA_KEYS', load: () => import('./data-key.ts') },
  sandbox: { summary: 'start only the WeChat sandbox', load: () => import('./sandbox.ts') },
  devtools: { summary: 'start the headless DevTools host (automator endpoint) on the built mini-program', load: () => import('./devtools.ts') },
  qrcode: { summary: 'print and write the try-it QR code (普通链接二维码) of a pool', load: () => import('./qrcode.ts') },
};
