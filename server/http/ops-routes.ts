import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/types.ts';
import { StoreUnavailableError, asStoreError } from '../store/unavailable.ts';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
import type { TokenSigner } from '../token-signer.ts';

export function registerOpsRoutes(
  app: FastifyInstance,
  deps: { store: Store; signer: TokenSigner; isDraining: () => boolean; openApi: () => Record<string, unknown> },
): void {
  app.get('/healthz', { config: { summary: 'The process is alive' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { summary: 'The store answers and the process is not draining' } }, async (request, reply) => {
    if (deps.isDraining()) return reply.code(503).send({ status: 'draining' });
    try {
      await deps.store.ping();
      return { status: 'ready', store: deps.store.kind };
    } catch (error) {
      const failure = asStoreError(error);
      // The kind and message only: a driver's error can carry its connection (and cancel key).
      request.log.warn(
        { store: failure instanceof StoreUnavailableError ? failure.kind : 'error', reason: messageOf(failure) },
        'store not ready',
      );
      return reply.code(503).send({ status: 'store unavailable' });
    }
  });

  app.get('/.well-known/jwks.json', { config: { summary: 'Public keys verifying the exchange token' } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return deps.signer.jwks();
  });

  app.get('/openapi.json', { config: { summary: 'This document' } }, async () => deps.openApi());
}
