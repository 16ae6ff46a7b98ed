/**
 * The pool's 小程序码 (server/wxacode.ts): a real PNG from WeChat's `wxa/getwxacodeunlimit` (the
 * sandbox), scene = pool id, page = routes/explore, fetched from WeChat once per pool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQrCode } from 'miniprogram-automator/out/util.js';
import { createPool, startStack, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function wxacode(poolId: string): Promise<{ status: number; type: string; body: Buffer }> {
  const response = await fetch(`${stack.service.url}/api/v1/pools/${poolId}/wxacode.png`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
}

const sandboxCalls = (): number => stack.sandbox.faults.callsTo('getwxacodeunlimit');

// Sequential: the sandbox's call count and faults are shared by the whole file.
describe.sequential('小程序码 of a pool', () => {
  it('is a PNG from getwxacodeunlimit that opens routes/explore with scene = pool id', async () => {
    const { poolId } = await createPool(stack);
    const before = sandboxCalls();
    const code = await wxacode(poolId);
    expect(code.status).toBe(200);
    expect(code.type).toBe('image/png');
    expect(code.body.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(sandboxCalls() - before).toBe(1);
    // The sandbox draws what WeChat encodes: the mini-program, its page and the scene.
    const url = new URL(await decodeQrCode(code.body.toString('base64')));
    expect(url.pathname).toBe(`/a/${stack.hostedApp.appid}`);
    expect(url.searchParams.get('page')).toBe('routes/explore');
    expect(url.searchParams.get('scene')).toBe(poolId);
  });

  it('is fetched from WeChat once: a second request is served from the cache, even with WeChat failing', async () => {
    const { poolId } = await createPool(stack);
    const first = await wxacode(poolId);
    expect(first.status).toBe(200);
    const before = sandboxCalls();
    stack.sandbox.faults.add({ api: 'getwxacodeunlimit', kind: 'system_error' });
    try {
      const second = await wxacode(poolId);
      expect(second.status).toBe(200);
      expect(second.body.equals(first.body)).toBe(true);
      expect(sandboxCalls()).toBe(before);
      // Another pool is not in the cache: the fault is live, so the cache above really answered.
      const { poolId: other } = await createPool(stack);
      expect((await wxacode(other)).status).toBe(503);
    } finally {
      stack.sandbox.faults.clear();
    }
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
