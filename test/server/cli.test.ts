import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../server/cli/main.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('xiaodenglu pool', () => {
  let dataDir: string;
  const run = async (...args: string[]) => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const code = await main(['pool', ...args]);
      return { code, stdout: out.mock.calls.map((c) => String(c[0])).join('\n'), stderr: err.mock.calls.map((c) => String(c[0])).join('\n') };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  };
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'xdl-cli-'));
    vi.stubEnv('XDL_DATA_DIR', dataDir);
    vi.stubEnv('DATABASE_URL', undefined);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses bad values before touching the store, naming the flag', async () => {
    expect(await run('create', '--name', 'X', '--identifier', 'Has_Upper')).toMatchObject({ code: 1, stderr: expect.stringContaining('connectionIdentifier') });
    expect(await run('create', '--name', 'X', '--ticket-expires-after', 'soon')).toMatchObject({ code: 1, stderr: expect.stringContaining('--ticket-expires-after') });
    expect(await run('create', '--name', 'X', '--appid', 'wx0123456789abcdef')).toMatchObject({ code: 1, stderr: expect.stringContaining('together') });
    expect(await run('create')).toMatchObject({ code: 1, stderr: expect.stringContaining('--name: required') });
    expect(await run('frobnicate')).toMatchObject({ code: 2 });
  });

  it('creates (secret shown once), updates, rotates and lists a pool', async () => {
    const created = await run('create', '--name', 'Demo', '--identifier', 'demo-app', '--login-only', 'true');
    expect(created.code).toBe(0);
    const pool = JSON.parse(created.stdout) as { id: string; secret: string; loginOnly: boolean };
    expect(pool).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{24}$/), loginOnly: true, secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(await run('update', pool.id, '--identifier', 'other')).toMatchObject({ code: 1, stderr: expect.stringContaining('immutable') });
    const updated = await run('update', pool.id, '--ticket-expires-after', '60', '--exchange-needs-secret', 'false');
    expect(JSON.parse(updated.stdout)).toMatchObject({ ticketExpiresAfter: 60, ticketExchangeUserInfoNeedSecret: false, connectionIdentifier: 'demo-app' });
    const rotated = JSON.parse((await run('rotate-secret', pool.id)).stdout) as { secret: string };
    expect(rotated.secret).not.toBe(pool.secret);
    const listed = (await run('list')).stdout;
    expect(listed).toContain(pool.id);
    expect(listed).not.toContain(pool.secret);
    expect(await run('show', 'f'.repeat(24))).toMatchObject({ code: 1, stderr: expect.stringContaining('no pool') });
  });

  it('never prints a pool AppSecret, and keeps it sealed with the data folder key', async () => {
    const appSecret = '0123456789abcdef'.repeat(2);
    const created = await run('create', '--name', 'Own', '--appid', 'wx0123456789abcdef', '--app-secret', appSecret);
    expect(created.code).toBe(0);
    const pool = JSON.parse(created.stdout) as { id: string; appSecret: string };
    expect(pool.appSecret).toBe('(set)');
    const keyFile = join(dataDir, 'data-key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');
    for (const output of [created, await run('show', pool.id), await run('list'), await run('update', pool.id, '--name', 'Own 2')]) {
      expect(output.code).toBe(0);
      expect(`${output.stdout}${output.stderr}`).not.toContain(appSecret);
      expect(`${output.stdout}${output.stderr}`).not.toContain(key.trim().split(':')[1]);
    }
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
  });
});

describe('xiaodenglu data-key', () => {
  it('prints a fresh key that XDL_DATA_KEYS accepts', async () => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main(['data-key', '--kid', 'k2025'])).toBe(0);
      expect(await main(['data-key', '--kid', 'k2025'])).toBe(0);
      const [first, second] = out.mock.calls.map((c) => String(c[0]));
      expect(loadConfig({ XDL_DATA_KEYS: first }).dataKeys[0]?.kid).toBe('k2025');
      expect(first).not.toBe(second);
    } finally {
      out.mockRestore();
    }
  });
});

describe('configuration', () => {
  it('defaults to development with an in-process sandbox and the embedded store', () => {
    expect(loadConfig({}, undefined)).toMatchObject({ production: false, port: 8787, wechatBaseUrl: null, sandboxPort: 8788, dataDir: '.data', databaseUrl: null });
  });

  it('talks to WeChat in production and demands the hosted credentials', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'production', XDL_HOSTED_APPID: 'wx1', XDL_HOSTED_APP_SECRET: 's' }).wechatBaseUrl).toBe('https://api.weixin.qq.com');
  });

  it('names a bad value', () => {
    expect(() => loadConfig({ XDL_PORT: 'eighty' })).toThrow('port: must be a whole number');
    expect(() => loadConfig({ XDL_CONFIG: '/nonexistent/x.json' })).toThrow('does not exist');
  });
});
