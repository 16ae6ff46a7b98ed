import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REASON_STATUS, type ServiceErrorReason } from '../../miniprogram/contract/reasons.ts';
import type { ServiceEnvelope } from '../../miniprogram/contract/schemas.ts';
import { RateLimitedError, ServiceError } from '../errors.ts';
import { StoreUnavailableError, asStoreError } from '../store/unavailable.ts';

export function ok<T>(data: T, message = 'ok'): ServiceEnvelope<T> {
  return { code: 200, message, data };
}

/** The envelope of a refusal, with the status its reason has in the contract. */
export function failure(error: ServiceErrorReason, message: string): ServiceEnvelope<never> & { code: number } {
  return { code: REASON_STATUS[error], message, error };
}

const send = (reply: FastifyReply, error: ServiceErrorReason, message: string) =>
  reply.code(REASON_STATUS[error]).send(failure(error, message));

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

/** Fastify's own refusals of a request, each as the contract's reason. */
const FASTIFY_REFUSALS: Record<number, [ServiceErrorReason, string]> = {
  400: ['bad_request', 'body: not valid JSON'],
  413: ['payload_too_large', 'body: too large'],
  415: ['unsupported_media_type', 'content-type: must be application/json'],
};

/** A request the service could not read as its JSON: `__proto__` and `constructor` keys are named (they could poison objects). */
export class ForbiddenKeyError extends Error {}

function handleError(error: FastifyError | ServiceError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ServiceError) {
    request.log.info({ reason: error.reason }, 'request refused');
    if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterS));
    return send(reply, error.reason, error.message);
  }
  if (error instanceof ForbiddenKeyError) return send(reply, 'invalid_request', error.message);
  const storeFailure = asStoreError(error);
  if (storeFailure instanceof StoreUnavailableError) {
    request.log.warn({ store: storeFailure.kind, reason: storeFailure.message }, 'store unavailable');
    return send(reply, 'store_unavailable', 'the service cannot reach its database right now; try again');
  }
  if (error.validation)
    return send(reply, 'invalid_request', describeValidation(error.validationContext, error.validation as ValidationIssue[]));
  const refusal = FASTIFY_REFUSALS[error.statusCode ?? 500];
  if (refusal) return send(reply, ...refusal);
  request.log.error({ err: error }, 'request failed');
  return send(reply, 'internal', 'internal error');
}

/**
 * What the router refuses before a route runs (Fastify's `frameworkErrors`): a path segment longer
 * than the router allows, or a URL that does not decode.
 */
export function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return send(reply, 'uri_too_long', 'path: a segment is longer than any id the service knows');
  if (error.code === 'FST_ERR_BAD_URL') return send(reply, 'bad_request', 'path: not a valid URL');
  return send(reply, 'internal', 'internal error');
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request (Fastify's `clientErrorHandler`):
 * headers too large, or bytes that are not HTTP. Written as the envelope on the raw socket.
 */
export function clientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const [reason, message]: [ServiceErrorReason, string] =
    error.code === 'HPE_HEADER_OVERFLOW' ? ['headers_too_large', 'headers: too large'] : ['bad_request', 'request: not HTTP'];
  const body = JSON.stringify(failure(reason, message));
  const status = REASON_STATUS[reason];
  const text = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => send(reply, 'route_not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
}
