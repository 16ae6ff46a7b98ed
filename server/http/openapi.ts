import type { FastifyInstance, RouteOptions } from 'fastify';
import { openApiResponses, type RouteContract } from './route-contract.ts';

interface RouteDoc {
  method: string;
  url: string;
  schema: Record<string, unknown>;
  contract: RouteContract;
}

/** Collects every route with its JSON schema and serves them as an OpenAPI 3.1 document. */
export function collectOpenApi(app: FastifyInstance): () => Record<string, unknown> {
  const routes: RouteDoc[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const { contract } = (route.config ?? {}) as { contract?: RouteContract };
    // Fastify's own routes (none today) would have no contract: only ours are documented, all of them.
    if (!contract) throw new Error(`route ${route.url} has no contract (config.contract)`);
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({
        method: method.toLowerCase(),
        url: route.url,
        schema: (route.schema ?? {}) as Record<string, unknown>,
        contract,
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
        summary: route.contract.summary,
        parameters,
        ...(route.schema.body ? { requestBody: { content: { 'application/json': { schema: route.schema.body } } } } : {}),
        responses: openApiResponses(route.contract),
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
