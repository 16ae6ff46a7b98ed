import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../server/cli/io.ts';
import { main } from '../../server/cli/main.ts';
import { systemClock } from '../../server/clock.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { ROTATION_LEAD_MS } from '../../server/signing-keys.ts';
import { openStore } from '../../server/store/open.ts';
import { TokenSigner } from '../../server/token-signer.ts';
import { COMMANDS_IN_A_ROW } from './helpers.ts';

/** Runs a command with its own environment and output, as a shell would, touching nothing global. */
async function runCli(env: Record<string, string | undefined>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { env, out: (text) => out.push(text), err: (text) => err.push(text), stopRequested: () => new Promise(() => {}) };
  const code = await main(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('xiaodenglu pool', () => {
  let dataDir: string;
  const run = (...args: string[]) => runCli({ XDL_DATA_DIR: dataDir }, 'pool', ...args);
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'xdl-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses bad values before touching the store, naming the flag', async () => {
    const refusals: [string[], string][] = [
      [
        ['create', '--name', 'X', '--identifier', 'Has_Upper'],
        'connectionIdentifier (--identifier): must be lowercase letters, digits and "-" only, under 32 characters, got "Has_Upper"',
      ],
      [
        ['create', '--name', 'X', '--ticket-expires-after', 'soon'],
        'ticketExpiresAfter (--ticket-expires-after): must be a whole number of seconds from 10 to 3600, got "soon"',
      ],
      [
        ['create', '--name', 'X', '--ticket-expires-after', '0x3e8'],
        'ticketExpiresAfter (--ticket-expires-after): must be a whole number of seconds from 10 to 3600, got "0x3e8"',
      ],
      [
        ['create', '--name', 'X', '--ticket-expires-after', '5'],
        'ticketExpiresAfter (--ticket-expires-after): must be a whole number of seconds from 10 to 3600, got 5',
      ],
      [['create', '--name', 'X', '--login-only', 'yes'], 'loginOnly (--login-only): must be true or false, got "yes"'],
      [
        ['create', '--name', 'X', '--appid', 'wx0123456789abcdef'],
        'appSecret (--app-secret): appid and appSecret must be set (or cleared) together',
      ],
      [['create'], '--name: required'],
      [
        ['update', 'f'.repeat(24), '--logo', 'http://insecure.example/logo.png'],
        'logo (--logo): must be an https URL (≤ 512 characters) or null',
      ],
      [['update', 'f'.repeat(24)], 'update: give at least one setting to change'],
      [['show'], 'show: the pool id is required'],
      [['frobnicate'], 'unknown action "frobnicate"'],
      [['list', '--colour', 'red'], "Unknown option '--colour'"],
    ];
    for (const [args, message] of refusals) {
      const { code, stderr } = await run(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toContain(`xiaodenglu pool: ${message}`);
      expect(stderr, args.join(' ')).toContain('usage: xiaodenglu pool <create|list|show|update|rotate-secret>');
    }
    // Nothing was opened: no database, no generated data key, no lock file.
    expect(readdirSync(dataDir)).toEqual([]);
  });

  // One scenario, each command opening the folder's store as a separate run would: half a second each
  // on an idle machine, many times that on a loaded one.
  it(
    'creates (secret shown once), updates, rotates, shows and lists a pool, never printing its AppSecret or the data key',
    COMMANDS_IN_A_ROW,
    async () => {
      const appSecret = '0123456789abcdef'.repeat(2);
      const created = await run(
        'create',
        '--name',
        'Demo',
        '--identifier',
        'demo-app',
        '--login-only',
        'true',
        '--appid',
        'wx0123456789abcdef',
        '--app-secret',
        appSecret,
      );
      expect(created.code).toBe(0);
      const pool = JSON.parse(created.stdout) as { id: string; secret: string };
      expect(pool).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        loginOnly: true,
        appSecret: '(set)',
        secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      const keyFile = join(dataDir, 'data-key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const key = readFileSync(keyFile, 'utf8');

      expect(await run('update', pool.id, '--identifier', 'other')).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('connectionIdentifier (--identifier): is immutable once the pool exists'),
      });
      const updated = await run('update', pool.id, '--name', 'Demo 2', '--ticket-expires-after', '60', '--exchange-needs-secret', 'false');
      expect(JSON.parse(updated.stdout)).toMatchObject({
        name: 'Demo 2',
        ticketExpiresAfter: 60,
        ticketExchangeUserInfoNeedSecret: false,
        connectionIdentifier: 'demo-app',
      });
      const rotated = await run('rotate-secret', pool.id);
      expect((JSON.parse(rotated.stdout) as { secret: string }).secret).not.toBe(pool.secret);
      const listed = await run('list');
      expect(listed.stdout).toContain(pool.id);
      expect(listed.stdout).not.toContain(pool.secret);
      const shown = await run('show', pool.id);
      expect(JSON.parse(shown.stdout)).toMatchObject({ id: pool.id, appid: 'wx0123456789abcdef', appSecret: '(set)' });
      for (const output of [created, updated, rotated, listed, shown]) {
        expect(output.code).toBe(0);
        expect(`${output.stdout}${output.stderr}`).not.toContain(appSecret);
        expect(`${output.stdout}${output.stderr}`).not.toContain(key.trim().split(':')[1]);
      }
      expect(readFileSync(keyFile, 'utf8')).toBe(key);
      expect(await run('show', 'f'.repeat(24))).toMatchObject({ code: 1, stderr: `xiaodenglu pool: no pool with id ${'f'.repeat(24)}` });
    },
  );
});

describe('xiaodenglu data-key', () => {
  it('prints a fresh key that XDL_DATA_KEYS accepts', async () => {
    const first = await runCli({}, 'data-key', '--kid', 'k2025');
    const second = await runCli({}, 'data-key', '--kid', 'k2025');
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(loadConfig({ XDL_DATA_KEYS: first.stdout }).dataKeys[0]?.kid).toBe('k2025');
    expect(first.stdout).not.toBe(second.stdout);
  });
});

describe('xiaodenglu signing-key', () => {
  let dataDir: string;
  const run = (...args: string[]) => runCli({ XDL_DATA_DIR: dataDir }, 'signing-key', ...args);
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'xdl-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rotates: the new key waits, the list says which signs; never printing a private key', COMMANDS_IN_A_ROW, async () => {
    expect(await run('rotate')).toMatchObject({ code: 2, stderr: expect.stringContaining('there is no signing key yet') as string });
    const store = await openStore({ kind: 'embedded', dataDir });
    try {
      await TokenSigner.load(store, () => 'https://issuer', systemClock);
    } finally {
      await store.close();
    }
    const before = Date.now();
    const rotated = await run('rotate');
    expect(rotated.code).toBe(0);
    const { kid, signsFrom } = JSON.parse(rotated.stdout) as { kid: string; signsFrom: string };
    expect(Date.parse(signsFrom)).toBeGreaterThanOrEqual(before + ROTATION_LEAD_MS);
    expect(await run('rotate', '--revoke-previous')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--revoke-previous: only with --now') as string,
    });

    const listed = await run('list');
    const keys = JSON.parse(listed.stdout) as { kid: string; state: string; privateHalf: string }[];
    expect(keys.map(({ state, privateHalf }) => [state, privateHalf])).toEqual([
      ['active', 'kept'],
      ['pending', 'kept'],
    ]);
    expect(keys[1]!.kid).toBe(kid);
    expect(listed.stdout).not.toMatch(/"d"|"privateJwk"/);
  });
});

describe('configuration', () => {
  it('defaults to development with an in-process sandbox and the embedded store', () => {
    expect(loadConfig({}, undefined)).toMatchObject({
      production: false,
      port: 8787,
      wechatBaseUrl: null,
      sandboxPort: 8788,
      dataDir: '.data',
      databaseUrl: null,
    });
  });

  it('talks to WeChat in production and demands the hosted credentials', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'production', XDL_HOSTED_APPID: 'wx1', XDL_HOSTED_APP_SECRET: 's' }).wechatBaseUrl).toBe(
      'https://api.weixin.qq.com',
    );
  });

  it('names a bad value', () => {
    expect(() => loadConfig({ XDL_PORT: 'eighty' })).toThrow('port (XDL_PORT): must be a whole number');
    expect(() => loadConfig({ XDL_CONFIG: '/nonexistent/x.json' })).toThrow('does not exist');
  });

  it('takes whole numbers as digits only: an empty, hex, signed or exponent port is refused, naming the variable', () => {
    for (const bad of ['', '0x3e8', '+80', '-1', '8e3', ' 80', '80.0']) {
      expect(() => loadConfig({ XDL_PORT: bad }), JSON.stringify(bad)).toThrow(
        `port (XDL_PORT): must be a whole number from 0 to 65535, got ${JSON.stringify(bad)}`,
      );
    }
    expect(() => loadConfig({ PORT: '' })).toThrow('port (PORT): must be a whole number');
    expect(() => loadConfig({ XDL_RATE_LIMIT_REQUESTS_PER_IP: '1e3' })).toThrow(
      'rateLimits.requestsPerIp (XDL_RATE_LIMIT_REQUESTS_PER_IP): must be a whole number',
    );
    expect(loadConfig({ XDL_PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '9000' }).port).toBe(9000);
  });

  it('refuses empty text settings from the environment instead of falling back or running in memory', () => {
    const cases: [string, string][] = [
      ['XDL_DATA_DIR', 'dataDir (XDL_DATA_DIR)'],
      ['XDL_HOST', 'host (XDL_HOST)'],
      ['XDL_WECHAT_BASE_URL', 'wechatBaseUrl (XDL_WECHAT_BASE_URL)'],
      ['DATABASE_URL', 'databaseUrl (DATABASE_URL)'],
      ['XDL_DATABASE_SCHEMA', 'databaseSchema (XDL_DATABASE_SCHEMA)'],
      ['XDL_PUBLIC_URL', 'publicUrl (XDL_PUBLIC_URL)'],
    ];
    for (const [name, label] of cases)
      expect(() => loadConfig({ [name]: '' }), name).toThrow(`${label}: must be a non-empty string, got ""`);
    for (const level of ['loud', '']) {
      expect(() => loadConfig({ XDL_LOG_LEVEL: level })).toThrow(
        `logLevel (XDL_LOG_LEVEL): must be one of fatal, error, warn, info, debug, trace, silent, got ${JSON.stringify(level)}`,
      );
    }
  });

  describe('config file', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'xdl-config-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = () => join(dir, 'config.json');
    const withFile = (content: unknown) => {
      writeFileSync(file(), JSON.stringify(content));
      return () => loadConfig({}, file());
    };

    it('checks the type of every text setting, naming the key', () => {
      for (const key of ['host', 'wechatBaseUrl', 'dataDir', 'databaseUrl', 'databaseSchema', 'publicUrl']) {
        expect(withFile({ [key]: 8080 }), key).toThrow(`${key} (${file()}): must be a non-empty string, got 8080`);
        expect(withFile({ [key]: '' }), key).toThrow(`${key} (${file()}): must be a non-empty string, got ""`);
      }
      expect(withFile({ hostedApp: { appid: 'wx1', secret: 42 } })).toThrow(
        `hostedApp.secret (${file()}): must be a non-empty string, got 42`,
      );
      expect(withFile({ port: '0x3e8' })).toThrow(`port (${file()}): must be a whole number`);
      expect(withFile({ port: 80.5 })).toThrow(`port (${file()}): must be a whole number`);
      expect(withFile({ host: '0.0.0.0', dataDir: 'var/data', logLevel: 'warn', port: 80 })()).toMatchObject({
        host: '0.0.0.0',
        dataDir: 'var/data',
        logLevel: 'warn',
        port: 80,
      });
    });

    it('refuses unknown keys inside hostedApp and rateLimits, and sections that are not objects', () => {
      expect(withFile({ hostedApp: { appid: 'wx1', secret: 's', appSecret: 's' } })).toThrow(
        `hostedApp.appSecret (${file()}): unknown setting`,
      );
      expect(withFile({ rateLimits: { perIP: 10 } })).toThrow(`rateLimits.perIP (${file()}): unknown setting`);
      expect(withFile({ logLevel: 8080 })).toThrow(
        `logLevel (${file()}): must be one of fatal, error, warn, info, debug, trace, silent, got 8080`,
      );
      expect(withFile({ rateLimits: 10 })).toThrow(`rateLimits (${file()}): must be an object, got 10`);
      expect(withFile({ rateLimits: { loginsPerUser: 10 } })().rateLimits).toEqual({ loginsPerUser: 10 });
    });

    it('names the setting that replaced one it no longer reads, instead of ignoring it', () => {
      expect(withFile({ rateLimits: { perIp: 10 } })).toThrow(`rateLimits.perIp (${file()}): no longer read; use rateLimits.requestsPerIp`);
      expect(withFile({ trustProxy: true })).toThrow(`trustProxy (${file()}): no longer read; use trustedProxies`);
      expect(() => loadConfig({ XDL_TRUST_PROXY: 'true' })).toThrow('XDL_TRUST_PROXY: no longer read; use XDL_TRUSTED_PROXIES');
      expect(() => loadConfig({ XDL_RATE_LIMIT_PER_POOL: '5' })).toThrow('XDL_RATE_LIMIT_PER_POOL: no longer read');
    });

    it('reads trusted proxies as a list of addresses and CIDRs, naming a bad entry', () => {
      expect(loadConfig({ XDL_TRUSTED_PROXIES: '10.0.0.0/8, 2001:db8::/32,loopback' }).trustedProxies).toEqual([
        '10.0.0.0/8',
        '2001:db8::/32',
        'loopback',
      ]);
      expect(() => loadConfig({ XDL_TRUSTED_PROXIES: '10.0.0.0/8,true' })).toThrow(
        'trustedProxies (XDL_TRUSTED_PROXIES): entry 2 must be an address, a CIDR or loopback/linklocal/uniquelocal, got "true"',
      );
      expect(() => loadConfig({ XDL_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow('entry 1 must be an address');
      expect(withFile({ trustedProxies: ['192.168.0.1/24'] })().trustedProxies).toEqual(['192.168.0.1/24']);
      expect(loadConfig({}).trustedProxies).toEqual([]);
    });

    it('lets the environment win over the file, and the file win over PORT', () => {
      expect(withFile({ port: 9001 })().port).toBe(9001);
      expect(loadConfig({ PORT: '9002' }, join(dir, 'config.json')).port).toBe(9001);
      expect(loadConfig({ XDL_PORT: '9003' }, join(dir, 'config.json')).port).toBe(9003);
    });
  });
});

describe('xiaodenglu sandbox', () => {
  it('refuses a port that is not digits (an empty one is not port 0)', async () => {
    for (const bad of ['', '0x50', '-1', '70000']) {
      const { code, stderr } = await runCli({}, 'sandbox', `--port=${bad}`);
      expect(code).toBe(2);
      // Digits are read as the number they are; anything else is shown as the text given.
      expect(stderr).toContain(
        `xiaodenglu sandbox: --port: must be a whole number from 0 to 65535, got ${/^\d+$/.test(bad) ? bad : JSON.stringify(bad)}`,
      );
    }
  });
});

describe('every command', () => {
  it.each(['serve', 'pool', 'data-key', 'sandbox', 'devtools', 'qrcode'])('%s --help prints its usage and exits 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = await runCli({}, name, flag);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toMatch(new RegExp(`^usage: xiaodenglu ${name} `));
      expect(stdout.split('\n').length).toBeGreaterThan(1);
    }
  });

  it.each(['serve', 'pool', 'data-key', 'sandbox', 'devtools', 'qrcode'])(
    '%s refuses an unknown option in the same style, with its usage, exit 2',
    async (name) => {
      const { code, stderr } = await runCli({}, name, '--frobnicate');
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^xiaodenglu ${name}: Unknown option '--frobnicate'.*\\n\\nusage: xiaodenglu ${name} `, 's'));
    },
  );

  it('lists every command, and names an unknown one', async () => {
    const listed = await runCli({}, '--help');
    expect(listed.code).toBe(0);
    for (const name of ['serve', 'pool', 'data-key', 'sandbox', 'devtools', 'qrcode']) expect(listed.stdout).toContain(`  ${name} `);
    expect(await runCli({}, 'frobnicate')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^xiaodenglu: unknown command "frobnicate"/),
    });
  });
});
