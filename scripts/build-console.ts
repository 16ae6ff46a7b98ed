/**
 * Builds the operator console into dist-console/ (served under /admin/ by the service): Preact
 * bundled and minified by esbuild, with the page and its stylesheet. Part of `npm run build`.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

export const CONSOLE_SOURCE = 'console';
export const CONSOLE_OUT = 'dist-console';

export async function buildConsole(root = '.'): Promise<void> {
  const out = join(root, CONSOLE_OUT);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await build({
    entryPoints: [join(root, CONSOLE_SOURCE, 'main.tsx')],
    outfile: join(out, 'console.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome100', 'safari15', 'firefox100'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
  });
  await copyFile(join(root, CONSOLE_SOURCE, 'index.html'), join(out, 'index.html'));
  await copyFile(join(root, CONSOLE_SOURCE, 'console.css'), join(out, 'console.css'));
}

if (import.meta.url === `file://${process.argv[1]}`) await buildConsole();
