/**
 * The mini-program checks the service's answers by hand (it cannot carry a schema library), so those
 * checks are held to the contract's schemas: for a valid answer of each route, and for every way of
 * breaking one field at a time, the client accepts exactly what the schema accepts.
 */
import type { TObject } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { IdentifyResponse, IssueTicketResponse, PoolProfile } from '../../miniprogram/contract/schemas';
import { createServiceClient, type ServiceClient, type ServiceResult } from '../../miniprogram/core/service-client';

const valid = {
  profile: {
    poolId: '5e4cdd055df3df65dc58b97d',
    name: '示例',
    logo: null,
    connectionDisplayName: '微信',
    loginOnly: false,
    hasOwnWxapp: true,
    requireCodeChallenge: false,
  },
  identify: { sessionId: 'S'.repeat(43), expiresIn: 300, knownPhone: '176****6754', registered: true },
  issue: { ticket: 'T'.repeat(43), expiresIn: 120, expiresAt: '2026-11-27T10:00:00.000Z', maskedPhone: null, newUser: false },
};

const CALLS: [keyof typeof valid, TObject, (client: ServiceClient) => Promise<ServiceResult<unknown>>][] = [
  ['profile', PoolProfile, (client) => client.profile('p')],
  ['identify', IdentifyResponse, (client) => client.identify('p', { loginCode: 'c', useSelfWxapp: false })],
  ['issue', IssueTicketResponse, (client) => client.issueTicket('p', { sessionId: 's', useSelfWxapp: false, phone: { kind: 'none' } })],
];

/** Values that break a field: other types, null, edge numbers and strings. */
const REPLACEMENTS: unknown[] = [undefined, null, true, 0, -1, 1.5, 301, 100000, '', 'x', 'a&b', 'x'.repeat(33), 'x'.repeat(129), {}, []];

async function accepted(call: (client: ServiceClient) => Promise<ServiceResult<unknown>>, data: unknown): Promise<boolean> {
  const client = createServiceClient('https://xdl.example.com', async () => ({
    kind: 'response',
    status: 200,
    body: { code: 200, message: 'ok', data },
  }));
  return (await call(client)).ok;
}

describe.each(CALLS)('the client check of %s answers', (name, schema, call) => {
  it('accepts a valid answer', async () => {
    expect(Value.Check(schema, valid[name])).toBe(true);
    expect(await accepted(call, valid[name])).toBe(true);
  });

  it('agrees with the schema on every one-field change', async () => {
    const disagreements: string[] = [];
    for (const field of Object.keys(schema.properties)) {
      for (const replacement of REPLACEMENTS) {
        const data: Record<string, unknown> = { ...valid[name], [field]: replacement };
        if (replacement === undefined) delete data[field];
        const schemaSays = Value.Check(schema, data);
        if ((await accepted(call, data)) !== schemaSays)
          disagreements.push(`${field} = ${JSON.stringify(replacement)}: schema ${schemaSays ? 'accepts' : 'refuses'}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
