import type { FastifyError, FastifyInstance } from 'fastify';
import type { ServiceErrorReason } from '../../miniprogram/contract/reasons.ts';
import type { ServiceEnvelope } from '../../miniprogram/contract/schemas.ts';
import { ServiceError } from '../errors.ts';
import { StoreUnavailableError, asStoreError } from '../store/unavailable.ts';

export function ok<T>(data: T, message = 'ok'): ServiceEnvelope<T> {
  return { code: 200, message, data };
}

export function failure(code: number, error: ServiceErrorReason, message: string): ServiceEnvelope<never> {
  return { code, message, error };
}

interface ValidationIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "body.phone.kind: must be equal to one of the allowed values" — names the field, as the rules ask. */
export function describeValidation(context: string | undefined, issues: ValidationIssue[]): string {
  const issue = issues[0];
  if (!issue) return `${context ?? 'request'}: invalid`;
  const path = [context ?? 'request', ...issue.instancePath.split('/').filter(Boolean)];
  const missing = issue.params.missingProperty;
  const extra = issue.params.additionalProperty;
  if (typeof missing === 'string') return `${[...path, missing].join('.')}: required`;
  if (typeof extra === 'string') return `${[...path, extra].join('.')}: not allowed`;
  return `${path.join('.')}: ${issue.message ?? 'invalid'}`;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ServiceError, request, reply) => {
    if (error instanceof ServiceError) {
      request.log.info({ reason: error.reason }, 'request refused');
      return reply.code(error.status).send(failure(error.status, error.reason, error.message));
    }
    const storeFailure = asStoreError(error);
    if (storeFailure instanceof StoreUnavailableError) {
      request.log.warn({ store: storeFailure.kind, reason: storeFailure.message }, 'store unavailable');
      return reply.code(503).send(failure(503, 'store_unavailable', 'the service cannot reach its database right now; try again'));
    }
    if (error.validation) {
      const message = describeValidation(error.validationContext, error.validation as ValidationIssue[]);
      return reply.code(422).send(failure(422, 'invalid_request', message));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message =
        status === 413 ? 'body: too large' : status === 415 ? 'content-type: must be application/json' : `body: ${error.message}`;
      return reply.code(status).send(failure(status, 'invalid_request', message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(failure(500, 'internal', 'internal error'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(failure(404, 'invalid_request', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
