import type { Command } from './command.ts';

/** `xiaodenglu <command>`: one line per command; each module's default export is its Command. */
export interface CommandEntry {
  summary: string;
  load(): Promise<Command>;
}

const lazy = (load: () => Promise<{ default: Command }>) => async () => (await load()).default;

export const COMMANDS: Record<string, CommandEntry> = {
  serve: { summary: 'start the ticket service (and, in development, the WeChat sandbox)', load: lazy(() => import('./serve.ts')) },
  pool: { summary: 'create | list | show | update | rotate-secret user pools', load: lazy(() => import('./pool.ts')) },
  admin: {
    summary: 'create | passwd | list | delete console admins; token create | list | revoke admin API tokens',
    load: lazy(() => import('./admin.ts')),
  },
  'signing-key': { summary: 'list | rotate the keys that sign exchange tokens', load: lazy(() => import('./signing-key.ts')) },
  'data-key': { summary: 'print a new random data key (kid:key) for XDL_DATA_KEYS', load: lazy(() => import('./data-key.ts')) },
  sandbox: { summary: 'start only the WeChat sandbox', load: lazy(() => import('./sandbox.ts')) },
  devtools: {
    summary: 'start the headless DevTools host (automator endpoint) on the built mini-program',
    load: lazy(() => import('./devtools.ts')),
  },
  release: {
    summary: 'build for production and preview | upload the mini-program with miniprogram-ci',
    load: lazy(() => import('./release.ts')),
  },
  qrcode: { summary: 'print and write the try-it QR code (普通链接二维码) of a pool', load: lazy(() => import('./qrcode.ts')) },
};
