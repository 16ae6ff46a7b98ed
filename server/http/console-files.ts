/**
 * The console's built files (`npm run build` writes them to dist-console/), served under /admin/ once
 * an admin exists. A handful of files read once at start: no static-file plugin needed, and nothing
 * outside that folder can be named.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ServiceError } from '../errors.ts';

export const CONSOLE_DIR = fileURLToPath(new URL('../../dist-console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Same-origin only; no inline script; the console is never framed. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

interface ConsoleFile {
  body: Buffer;
  type: string;
}

function readConsole(dir: string): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type) files.set(name, { body: readFileSync(join(dir, name)), type });
  }
  return files;
}

export function registerConsoleFiles(app: FastifyInstance, gate: (request: FastifyRequest) => Promise<void>, dir = CONSOLE_DIR): void {
  const files = readConsole(dir);
  const send = (reply: FastifyReply, name: string) => {
    const file = files.get(name);
    if (!file)
      throw new ServiceError(
        'route_not_found',
        name === 'index.html' ? 'the console is not built (npm run build)' : `no console file ${name}`,
      );
    // Hashed asset names would allow long caching; the console is small, so it is revalidated instead.
    return reply
      .headers(SECURITY_HEADERS)
      .header('cache-control', name === 'index.html' ? 'no-store' : 'no-cache')
      .type(file.type)
      .send(file.body);
  };
  const contract = {
    summary: 'The operator console (docs/console.md); 404 until an admin exists',
    ok: { files: true },
    refusals: ['route_not_found', 'store_unavailable', 'uri_too_long'],
  } as const;
  // The page names its files from the root, so it works at /admin as well as at /admin/.
  for (const url of ['/admin/', '/admin'])
    app.get(url, { onRequest: gate, config: { contract } }, async (_request, reply) => send(reply, 'index.html'));
  app.get<{ Params: { file: string } }>(
    '/admin/:file',
    {
      onRequest: gate,
      schema: { params: Type.Object({ file: Type.String({ pattern: '^[a-z0-9-]{1,40}\\.(js|css|html)$' }) }) },
      config: { contract: { ...contract, refusals: [...contract.refusals, 'invalid_request'] } },
    },
    async (request, reply) => send(reply, request.params.file),
  );
}
