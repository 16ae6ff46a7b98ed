/**
 * What operators see: Prometheus metrics behind a token or on a port of their own, the paid phone
 * verifications per pool beside the ones the known-phone path saved, and a log line for every failed
 * WeChat call that names the API, the outcome and the latency — never the code it carried.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { routes } from '../../miniprogram/contract/api.ts';
import { loginTicket, startStack, type Stack } from './helpers.ts';

const TOKEN = 'metrics-token-0123456789';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** The value of one sample of the Prometheus text, or 0 when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const [, labelText = '', value = ''] = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line) ?? [];
    const present = labelText.split(/,(?=\w+=")/);
    if (wanted.every((pair) => present.includes(pair))) return Number(value);
  }
  return 0;
}

describe('metrics', () => {
  it('need the bearer token on the service listener, and count logins, exchanges, refusals, phone costs and WeChat calls', async () => {
    stack = await startStack('embedded', { metrics: { token: TOKEN } });
    const scrape = async (authorization?: string) => {
      const response = await fetch(`${stack!.service.url}/metrics`, { headers: authorization ? { authorization } : {} });
      return { status: response.status, text: await response.text() };
    };
    expect(JSON.parse((await scrape()).text)).toMatchObject({ code: 401, error: 'metrics_token_invalid' });
    expect((await scrape('Bearer wrong-token-0123456789')).status).toBe(401);

    const person = stack.person('13700001111');
    const ticket = await loginTicket(stack, person, { kind: 'code', code: person.phoneDetail().code });
    await loginTicket(stack, person, { kind: 'known' });
    const exchange = () => stack!.post(routes.exchange(stack!.poolId), { ticket, secret: stack!.secret });
    expect((await exchange()).status).toBe(200);
    expect((await exchange()).status).toBe(409);

    const { status, text } = await scrape(`Bearer ${TOKEN}`);
    expect(status).toBe(200);
    const pool = { pool: stack.poolId };
    expect(sample(text, 'xdl_tickets_issued_total', pool)).toBe(2);
    expect(sample(text, 'xdl_phone_verifications_total', pool)).toBe(1);
    expect(sample(text, 'xdl_phone_verifications_saved_total', pool)).toBe(1);
    expect(sample(text, 'xdl_tickets_exchanged_total', pool)).toBe(1);
    expect(sample(text, 'xdl_exchanges_refused_total', { reason: 'ticket_used' })).toBe(1);
    expect(sample(text, 'xdl_wechat_calls_total', { api: 'jscode2session', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'xdl_wechat_calls_total', { api: 'getuserphonenumber', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'xdl_http_requests_total', { route: '/oauth/app2wxapp/auth/:userPoolId', method: 'POST', status: '409' })).toBe(1);
    expect(sample(text, 'xdl_http_request_duration_seconds_count', { route: '/oauth/app2wxapp/auth/:userPoolId', method: 'POST' })).toBe(2);
    expect(text).toContain('xdl_process_cpu_seconds_total');
  });

  it('count tickets that expired unused when they are purged', async () => {
    stack = await startStack('embedded', { metrics: { token: TOKEN } });
    await loginTicket(stack, stack.person());
    await loginTicket(stack, stack.person());
    stack.clock.advance(121_000);
    await stack.service.purgeExpired();
    const text = await (await fetch(`${stack.service.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(sample(text, 'xdl_tickets_expired_total')).toBe(2);
  });

  it('can live on a listener of their own, and then not on the service listener', async () => {
    stack = await startStack('embedded', { metrics: { port: 0 } });
    expect(stack.service.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const own = await fetch(stack.service.metricsUrl!);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('# TYPE xdl_tickets_issued_total counter');
    expect((await stack.get('/metrics')).body).toMatchObject({ code: 404, error: 'route_not_found' });
  });
});

describe('a failed WeChat call', () => {
  it('is logged with the API, the outcome and the latency, never the code it carried, and counted', async () => {
    let logs = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs += String(chunk);
        done();
      },
    });
    stack = await startStack('embedded', { logger: { level: 'warn', stream: sink }, metrics: { token: TOKEN }, wechatRetries: 0 });
    stack.sandbox.faults.add({ api: 'jscode2session', kind: 'rate_limit', times: 1 });
    const code = stack.person().loginCode();
    const refused = await stack.post(routes.identify(stack.poolId), { loginCode: code, useSelfWxapp: false });
    expect(refused.body).toMatchObject({ code: 503, error: 'wechat_unavailable' });
    const line = logs.split('\n').find((entry) => entry.includes('WeChat call failed'));
    expect(JSON.parse(line!)).toMatchObject({ wechat: 'jscode2session', outcome: 'errcode_45011', ms: expect.any(Number) });
    expect(logs).not.toContain(code);
    const text = await (await fetch(`${stack.service.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(sample(text, 'xdl_wechat_calls_total', { api: 'jscode2session', outcome: 'errcode_45011' })).toBe(1);
  });
});
