/**
 * The pool's 小程序码 (server/wxacode.ts): a real PNG from WeChat's `wxa/getwxacodeunlimit` (the
 * sandbox), scene = pool id, page = routes/explore, fetched from WeChat once per pool and AppID.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOSTED, OWN, STORE_KINDS, startStack } from './helpers.ts';
import type { Stack } from './helpers.ts';
import { zxingRead } from '../support/qr-decoders.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Sequential: the sandbox's call count and faults are shared by the whole stack.
describe.sequential.each(STORE_KINDS)('小程序码 of a pool: %s store', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(kind);
  });
  afterAll(() => stack.close());
  afterEach(() => stack.sandbox.faults.clear());

  const wxacode = async (poolId: string, query = ''): Promise<{ status: number; type: string; body: Buffer }> => {
    const response = await fetch(`${stack.service.url}/api/v1/pools/${poolId}/wxacode.png${query}`);
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
  };
  const sandboxCalls = (): number => stack.sandbox.faults.callsTo('getwxacodeunlimit');
  /** What the sandbox drew into the QR code: the mini-program, its page and the scene. */
  const decoded = async (png: Buffer): Promise<URL> => {
    const text = await zxingRead(png);
    if (text === null) throw new Error('the 小程序码 PNG does not decode');
    return new URL(text);
  };

  it('is a PNG from getwxacodeunlimit that opens routes/explore with scene = pool id', async () => {
    const { poolId } = await stack.newPool();
    const before = sandboxCalls();
    const code = await wxacode(poolId);
    expect(code.status).toBe(200);
    expect(code.type).toBe('image/png');
    expect(code.body.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(sandboxCalls() - before).toBe(1);
    const url = await decoded(code.body);
    expect(url.pathname).toBe(`/a/${HOSTED.appid}`);
    expect(url.searchParams.get('page')).toBe('routes/explore');
    expect(url.searchParams.get('scene')).toBe(poolId);
  });

  it("with useSelfWxapp=1 is the pool's own mini-program's code, cached apart; 403 for a pool without one", async () => {
    const { poolId } = await stack.newPool({ appid: OWN.appid, appSecret: OWN.secret });
    const hosted = await wxacode(poolId);
    const own = await wxacode(poolId, '?useSelfWxapp=1');
    expect(own.status).toBe(200);
    const url = await decoded(own.body);
    expect(url.pathname).toBe(`/a/${OWN.appid}`);
    expect(url.searchParams.get('scene')).toBe(poolId);
    expect((await decoded(hosted.body)).pathname).toBe(`/a/${HOSTED.appid}`);
    const before = sandboxCalls();
    expect((await wxacode(poolId, '?useSelfWxapp=1')).body.equals(own.body)).toBe(true);
    expect(sandboxCalls()).toBe(before);
    const refused = await stack.get(`/api/v1/pools/${stack.poolId}/wxacode.png?useSelfWxapp=1`);
    expect(refused.body).toMatchObject({ code: 403, error: 'self_wxapp_unavailable' });
    expect((await stack.get(`/api/v1/pools/${poolId}/wxacode.png?useSelfWxapp=yes`)).body).toMatchObject({
      code: 422,
      error: 'invalid_request',
      message: expect.stringContaining('querystring.useSelfWxapp'),
    });
  });

  it('is fetched from WeChat once: a second request is served from the cache, even with WeChat failing', async () => {
    const { poolId } = await stack.newPool();
    const first = await wxacode(poolId);
    expect(first.status).toBe(200);
    const before = sandboxCalls();
    stack.sandbox.faults.add({ api: 'getwxacodeunlimit', kind: 'system_error' });
    const second = await wxacode(poolId);
    expect(second.status).toBe(200);
    expect(second.body.equals(first.body)).toBe(true);
    expect(sandboxCalls()).toBe(before);
    // Another pool is not in the cache: the fault is live, so the cache above really answered.
    const { poolId: other } = await stack.newPool();
    expect((await wxacode(other)).status).toBe(503);
  });

  it('a fault on getwxacodeunlimit is a 503 wechat_unavailable, and is not cached', async () => {
    const { poolId } = await stack.newPool();
    stack.sandbox.faults.add({ api: 'getwxacodeunlimit', kind: 'system_error' });
    expect((await stack.get(`/api/v1/pools/${poolId}/wxacode.png`)).body).toMatchObject({ code: 503, error: 'wechat_unavailable' });
    stack.sandbox.faults.clear();
    expect((await wxacode(poolId)).status).toBe(200);
  });

  it('unknown pool: 404 in the service envelope, WeChat not asked', async () => {
    const before = sandboxCalls();
    const response = await fetch(`${stack.service.url}/api/v1/pools/0123456789abcdef01234567/wxacode.png`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ code: 404, error: 'pool_not_found', message: expect.any(String) });
    expect(sandboxCalls()).toBe(before);
  });
});
