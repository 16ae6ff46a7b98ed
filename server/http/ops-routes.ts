import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { RouteContract } from './route-contract.ts';
import type { Store } from '../store/types.ts';
import { failure } from './envelope.ts';
import { StoreUnavailableError, asStoreError } from '../store/unavailable.ts';
import { JWKS_MAX_AGE_S } from '../signing-keys.ts';
import type { TokenSigner } from '../token-signer.ts';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function registerOpsRoutes(
  app: FastifyInstance,
  deps: { store: Store; signer: TokenSigner; isDraining: () => boolean; openApi: () => Record<string, unknown> },
): void {
  app.get(
    '/healthz',
    { config: { contract: { summary: 'The process is alive', ok: { json: Type.Object({ status: Type.Literal('ok') }) }, refusals: [] } } },
    async () => ({ status: 'ok' }),
  );

  const readyzContract: RouteContract = {
    summary: 'The store answers and writes, and the process is not draining',
    ok: { json: Type.Object({ status: Type.Literal('ready'), store: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]) }) },
    refusals: ['draining', 'store_unavailable'],
  };
  app.get('/readyz', { config: { contract: readyzContract } }, async (request, reply) => {
    if (deps.isDraining()) return reply.code(503).send(failure('draining', 'stopping: finishing requests in flight, taking no new ones'));
    try {
      await deps.store.ping();
      return { status: 'ready', store: deps.store.kind };
    } catch (error) {
      const problem = asStoreError(error);
      // The kind and message only: a driver's error can carry its connection (and cancel key).
      request.log.warn(
        { store: problem instanceof StoreUnavailableError ? problem.kind : 'error', reason: messageOf(problem) },
        'store not ready',
      );
      return reply.code(503).send(failure('store_unavailable', 'the store does not answer or cannot write'));
    }
  });

  const jwksContract: RouteContract = {
    summary:
      'Public keys verifying the exchange token: the signing key, one published ahead of a rotation, and retired ones until their tokens expire',
    ok: {
      json: Type.Object({
        keys: Type.Array(Type.Object({ kty: Type.String(), kid: Type.String(), alg: Type.String(), use: Type.String() })),
      }),
    },
    // Served from memory: the keys are reread in the background.
    refusals: [],
  };
  app.get('/.well-known/jwks.json', { config: { contract: jwksContract } }, async (_request, reply) => {
    reply.header('cache-control', `public, max-age=${JWKS_MAX_AGE_S}`);
    return deps.signer.jwks();
  });

  app.get(
    '/openapi.json',
    { config: { contract: { summary: 'This document', ok: { json: Type.Object({ openapi: Type.String() }) }, refusals: [] } } },
    async () => deps.openApi(),
  );
}
