import { describe, expect, it } from 'vitest';
import { createServiceClient, type HttpOutcome, type HttpRequest } from '../../miniprogram/core/service-client';
import { ticketResponse } from './support/flow-harness';

function clientReplying(outcome: HttpOutcome) {
  const requests: HttpRequest[] = [];
  const client = createServiceClient('https://xdl.example.com/base/', async (request) => {
    requests.push(request);
    return outcome;
  });
  return { client, requests };
}

describe('service client', () => {
  it('calls the contract routes under the base URL', async () => {
    const { client, requests } = clientReplying({
      kind: 'response',
      status: 200,
      body: { code: 200, message: 'ok', data: ticketResponse },
    });
    await client.issueTicket('abc', { sessionId: 's', useSelfWxapp: false, phone: { kind: 'none' } });
    await client.profile('abc');
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST https://xdl.example.com/base/api/v1/pools/abc/tickets',
      'GET https://xdl.example.com/base/api/v1/pools/abc/profile',
    ]);
  });

  it('accepts a well-formed ticket response', async () => {
    const { client } = clientReplying({ kind: 'response', status: 200, body: { code: 200, message: 'ok', data: ticketResponse } });
    expect(await client.issueTicket('p', { sessionId: 's', useSelfWxapp: false, phone: { kind: 'none' } })).toEqual({
      ok: true,
      data: ticketResponse,
    });
  });

  it('rejects a 200 whose ticket would break the app parsers', async () => {
    const body = { code: 200, message: 'ok', data: { ...ticketResponse, ticket: 'a&b' } };
    const { client } = clientReplying({ kind: 'response', status: 200, body });
    expect(await client.issueTicket('p', { sessionId: 's', useSelfWxapp: false, phone: { kind: 'none' } })).toEqual({
      ok: false,
      kind: 'service',
      status: 502,
      reason: 'internal',
    });
  });

  it.each([
    [{ kind: 'response', status: 200, body: 'not json' }],
    [{ kind: 'response', status: 200, body: { code: 200, data: null } }],
    [{ kind: 'response', status: 200, body: { code: 200, data: { poolId: 1 } } }],
  ] as [HttpOutcome][])('treats a garbled success as a service error: %j', async (outcome) => {
    const { client } = clientReplying(outcome);
    expect(await client.profile('p')).toMatchObject({ ok: false, kind: 'service', reason: 'internal' });
  });

  it('passes the service error reason through', async () => {
    const { client } = clientReplying({ kind: 'response', status: 404, body: { code: 404, message: 'no pool', error: 'pool_not_found' } });
    expect(await client.profile('p')).toEqual({ ok: false, kind: 'service', status: 404, reason: 'pool_not_found' });
  });

  it('an error page without an envelope still counts by its status', async () => {
    const { client } = clientReplying({ kind: 'response', status: 502, body: '<html>Bad Gateway</html>' });
    expect(await client.profile('p')).toEqual({ ok: false, kind: 'service', status: 502, reason: undefined });
  });

  it('network failures stay network failures', async () => {
    const { client } = clientReplying({ kind: 'network', errMsg: 'request:fail timeout' });
    expect(await client.profile('p')).toEqual({ ok: false, kind: 'network', errMsg: 'request:fail timeout' });
  });
});
