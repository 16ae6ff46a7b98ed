import type { FastifyInstance, RouteOptions } from 'fastify';

interface RouteDoc {
  method: string;
  url: string;
  schema: Record<string, unknown>;
  summary: string;
}

/** Collects every route with its JSON schema and serves them as an OpenAPI 3.1 document. */
export function collectOpenApi(app: FastifyInstance): () => Record<string, unknown> {
  const routes: RouteDoc[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const config = (route.config ?? {}) as { summary?: string };
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({
        method: method.toLowerCase(),
        url: route.url,
        schema: (route.schema ?? {}) as Record<string, unknown>,
        summary: config.summary ?? '',
      });
    }
  });
  return () => {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of routes) {
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const parameters = [...parametersOf(route.schema.params, 'path'), ...parametersOf(route.schema.querystring, 'query')];
      paths[path] ??= {};
      paths[path][route.method] = {
        summary: route.summary,
        parameters,
        ...(route.schema.body ? { requestBody: { content: { 'application/json': { schema: route.schema.body } } } } : {}),
        responses: { default: { description: 'Envelope { code, message, error?, data? }; HTTP status equals code' } },
      };
    }
    return { openapi: '3.1.0', info: { title: 'xiaodenglu ticket service', version: '1' }, paths };
  };
}

function parametersOf(schema: unknown, where: 'path' | 'query'): Record<string, unknown>[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const { properties = {}, required = [] } = schema as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: property,
  }));
}
