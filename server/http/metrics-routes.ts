/**
 * Where operators read the metrics: on the service's own listener behind a bearer token, or on a
 * listener of their own (`metrics.port`) that only they can reach.
 */
import { createServer, type Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../metrics.ts';
import { failure } from './envelope.ts';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function registerMetricsRoute(app: FastifyInstance, metrics: ServiceMetrics, token: string): void {
  app.get(
    '/metrics',
    {
      config: {
        contract: {
          summary: 'Prometheus metrics (Authorization: Bearer <metrics token>)',
          ok: { prometheus: true },
          refusals: ['metrics_token_invalid'],
        },
      },
    },
    async (request, reply) => {
      const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (!sameToken(given, token))
        return reply.code(401).send(failure('metrics_token_invalid', 'authorization: a bearer token for /metrics is required'));
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );
}

/** A listener of its own, serving GET /metrics only; resolves once it listens. */
/** What a metrics listener serves: a registry, or the primary's view over its cluster's workers. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

export async function startMetricsListener(
  source: MetricsSource,
  host: string,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    source.metrics().then(
      (text) => response.writeHead(200, { 'content-type': source.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { url: `http://${host}:${bound}/metrics`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
