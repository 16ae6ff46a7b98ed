/**
 * What each route answers, for the OpenAPI document: its success (an envelope around a data schema,
 * a bare JSON schema, or a PNG) and every refusal it can give, each refusal's status taken from the
 * contract's reason table. test/support/openapi-audit.ts holds every response the test suite sees to it.
 */
import { Type, type TSchema } from 'typebox';
import { REASON_STATUS, type ServiceErrorReason } from '../../miniprogram/contract/reasons.ts';

export interface RouteContract {
  summary: string;
  ok: { envelope: TSchema } | { json: TSchema } | { png: true } | { prometheus: true } | { files: true };
  refusals: readonly ServiceErrorReason[];
}

/** What any route may answer before or besides its own logic. */
const ANY_ROUTE: readonly ServiceErrorReason[] = ['bad_request', 'headers_too_large', 'internal'];
/** A route with a path parameter: the router refuses an over-long one. */
export const WITH_PATH_ID: readonly ServiceErrorReason[] = ['uri_too_long', 'invalid_request', 'pool_not_found', 'store_unavailable'];
/** A route with a JSON body. */
export const WITH_BODY: readonly ServiceErrorReason[] = ['payload_too_large', 'unsupported_media_type', 'invalid_request'];

/** Every 429 says when to come back: the end of the window that refused. */
const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds until the limit that refused lets the caller in again',
    required: true,
    schema: { type: 'integer', minimum: 1 },
  },
};

/** The envelope of a refusal, its `error` limited to the reasons given. */
function refusalEnvelope(status: number, reasons: readonly ServiceErrorReason[]): TSchema {
  return Type.Object(
    {
      code: Type.Literal(status),
      message: Type.String(),
      error: Type.Unsafe<ServiceErrorReason>({ type: 'string', enum: [...reasons].sort() }),
    },
    { additionalProperties: false },
  );
}

export function okEnvelope(data: TSchema): TSchema {
  return Type.Object({ code: Type.Literal(200), message: Type.String(), data }, { additionalProperties: false });
}

/** The route's OpenAPI `responses`: its success and one entry per refusal status. */
export function openApiResponses(contract: RouteContract): Record<string, unknown> {
  const json = (schema: TSchema) => ({ 'application/json': { schema } });
  const ok =
    'png' in contract.ok
      ? { description: 'The image', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } }
      : 'prometheus' in contract.ok
        ? { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } }
        : 'files' in contract.ok
          ? {
              description: "The operator console's files",
              content: Object.fromEntries(
                ['text/html', 'text/javascript', 'text/css'].map((type) => [type, { schema: { type: 'string' } }]),
              ),
            }
          : { description: 'Success', content: json('envelope' in contract.ok ? okEnvelope(contract.ok.envelope) : contract.ok.json) };
  const byStatus = new Map<number, ServiceErrorReason[]>();
  for (const reason of new Set([...ANY_ROUTE, ...contract.refusals])) {
    const status = REASON_STATUS[reason];
    byStatus.set(status, [...(byStatus.get(status) ?? []), reason]);
  }
  const responses: Record<string, unknown> = { 200: ok };
  for (const [status, reasons] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] = {
      description: `Refused: ${reasons.sort().join(', ')}`,
      ...(reasons.includes('rate_limited') ? { headers: RETRY_AFTER } : {}),
      content: json(refusalEnvelope(status, reasons)),
    };
  }
  return responses;
}
