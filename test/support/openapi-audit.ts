/**
 * Every response a test receives from a ticket service is held to the service's own /openapi.json:
 * the operation exists, the status is one it documents, its documented headers are there and valid,
 * and the body validates against that status's schema (a PNG is checked by its content type). A test registers the services it starts
 * (`auditResponsesOf`); `test/setup-audit.ts` wraps `fetch` once and fails a test whose responses did
 * not match, naming each.
 */
import { Ajv, type ValidateFunction } from 'ajv';

interface Operation {
  responses: Record<
    string,
    { content?: Record<string, { schema?: unknown }>; headers?: Record<string, { required?: boolean; schema: object }> }
  >;
}
type Spec = { paths: Record<string, Record<string, Operation>> };

const origins = new Map<string, Promise<Spec>>();
const violations: string[] = [];
const ajv = new Ajv({ strict: false, allErrors: true });
/**
 * Keyed by the schema's text: every service a test starts serves its own copy of the same document,
 * and compiling each copy again made thousands of validator functions per worker.
 */
const validators = new Map<string, ValidateFunction>();

let originalFetch: typeof fetch = globalThis.fetch;

/** Audits what the service at `url` answers, from now on; its document is read now, while it runs. */
export async function auditResponsesOf(url: string): Promise<void> {
  const { origin } = new URL(url);
  const spec = originalFetch(`${origin}/openapi.json`).then((answer) => answer.json() as Promise<Spec>);
  origins.set(origin, spec);
  await spec;
}

export function takeViolations(): string[] {
  return violations.splice(0);
}

const ROUTE_NOT_FOUND: Operation['responses'] = {
  '404': {
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: { code: { const: 404 }, error: { const: 'route_not_found' }, message: { type: 'string' } },
          required: ['code', 'error', 'message'],
          additionalProperties: false,
        },
      },
    },
  },
};

function operationFor(spec: Spec, method: string, pathname: string): Operation | null {
  for (const [template, operations] of Object.entries(spec.paths)) {
    const literal = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(
      `^${template
        .split(/\{[^}]+\}/)
        .map(literal)
        .join('[^/]+')}$`,
    );
    if (pattern.test(pathname)) return operations[method.toLowerCase()] ?? null;
  }
  return null;
}

function validatorFor(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
}

async function audit(spec: Promise<Spec>, method: string, url: URL, response: Response): Promise<void> {
  const where = `${method} ${url.pathname} → ${response.status}`;
  const operation: Operation = operationFor(await spec, method, url.pathname) ?? { responses: ROUTE_NOT_FOUND };
  const documented = operation.responses[String(response.status)];
  if (!documented)
    return void violations.push(`${where}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`);
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    const value = response.headers.get(name);
    if (value === null) {
      if (header.required) violations.push(`${where}: header ${name} missing`);
      continue;
    }
    const validate = validatorFor(header.schema);
    if (!validate(/^\d+$/.test(value) ? Number(value) : value))
      violations.push(`${where}: header ${name}: ${ajv.errorsText(validate.errors)}`);
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0] ?? '';
  const content = documented.content?.[type];
  if (!content) return void violations.push(`${where}: content type ${type || '(none)'} not documented`);
  if (type !== 'application/json' || !content.schema) return;
  const body: unknown = await response.json();
  const validate = validatorFor(content.schema as object);
  if (!validate(body)) violations.push(`${where}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`);
}

let installed = false;

/** Wraps `fetch` (once per worker) so responses of registered services are audited; what the caller gets is untouched. */
export function installAudit(): void {
  if (installed) return;
  installed = true;
  const original = globalThis.fetch;
  originalFetch = original;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await original(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const spec = origins.get(url.origin);
    if (spec && url.pathname !== '/openapi.json') {
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
      await audit(spec, method, url, response.clone()).catch((error: unknown) =>
        violations.push(`${method} ${url.pathname}: the audit failed: ${String(error)}`),
      );
    }
    return response;
  };
}
