import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../miniprogram/contract/api.ts';
import { startStack } from './helpers.ts';
import type { Stack } from './helpers.ts';

/** Bodies that look like ours (right field names, wrong or odd values) and bodies that are anything at all. */
const field = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.object({ maxDepth: 1 }),
);
const phone = fc.oneof(
  fc.record(
    { kind: fc.constantFrom('none', 'known', 'code', 'encrypted', 'other'), code: field, encryptedData: field, iv: field },
    { requiredKeys: ['kind'] },
  ),
  field,
);
const bodies = fc.oneof(
  fc.record({ loginCode: field, useSelfWxapp: field, sessionId: field, phone, ticket: field, secret: field }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 3 }),
);
const rawBodies = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  bodies.map((value) => JSON.stringify(value) ?? ''),
);

describe('fuzzing request bodies', () => {
  let stack: Stack;
  let paths: string[];
  beforeAll(async () => {
    stack = await startStack('embedded');
    paths = [routes.identify(stack.poolId), routes.issueTicket(stack.poolId), `/oauth/app2wxapp/auth/${stack.poolId}`];
  });
  afterAll(() => stack.close());

  const expectClear4xx = (status: number, body: { code?: number; error?: string; message?: string }) => {
    expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(body.code).toBe(status);
    expect(body.error).toEqual(expect.any(String));
    expect(body.message).toEqual(expect.any(String));
  };

  it('answers any JSON body with a clear 4xx, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1, 2), bodies, async (route, body) => {
        const response = await fetch(`${stack.service.url}${paths[route]}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expectClear4xx(response.status, (await response.json()) as Record<string, string>);
      }),
      { numRuns: 150 },
    );
  });

  it('answers any raw bytes with a clear 4xx, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1, 2), rawBodies, async (route, body) => {
        const response = await fetch(`${stack.service.url}${paths[route]}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expectClear4xx(response.status, (await response.json()) as Record<string, string>);
      }),
      { numRuns: 100 },
    );
  });
});
