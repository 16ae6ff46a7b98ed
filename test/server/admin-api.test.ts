/**
 * The admin API's security properties over real HTTP, on each store: off without an admin, cookie
 * flags, CSRF, rate-limited sign-in with Retry-After, idle and absolute session expiry, API tokens,
 * and an audit log that never holds a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../server/admin/audit.ts';
import { DEFAULT_SESSION_LIFETIMES } from '../../server/admin/auth.ts';
import { COMMANDS_IN_A_ROW, STORE_KINDS, loginTicket, startStack, type Stack } from './helpers.ts';

const PASSWORD = 'correct horse battery staple';
/** The properties under test do not depend on the cost; test/unit/admin-passwords.test.ts covers the default. */
const CHEAP_HASHING = { N: 2 ** 10, r: 8, p: 1 };

interface Answer {
  status: number;
  headers: Headers;
  body: { code: number; error?: string; message: string; data?: unknown };
}

/** A console client: keeps the session cookie and CSRF token as a browser would (or leaves them off). */
function adminClient(baseUrl: string) {
  let cookie: string | null = null;
  let csrf: string | null = null;
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0]!;
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: type.startsWith('application/json') ? ((await response.json()) as Answer['body']) : { code: response.status, message: '' },
    };
  };
  return {
    request,
    async signIn(name = 'ops', password = PASSWORD) {
      const answer = await request('POST', '/admin/api/session', { name, password });
      if (answer.status === 200) csrf = (answer.body.data as { csrfToken: string }).csrfToken;
      return answer;
    },
    forgetCsrf: () => (csrf = null),
    setCsrf: (value: string) => (csrf = value),
    get cookie() {
      return cookie;
    },
  };
}

describe.each(STORE_KINDS)('admin API (%s store)', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(kind, {
      console: { signInLimits: { failuresPerAccount: 3, failuresPerClient: 100 }, statsFlushMs: 0, passwordHashing: CHEAP_HASHING },
    });
  });
  afterAll(() => stack?.close());

  it('is off (404) until an admin exists, then on', async () => {
    const client = adminClient(stack.service.url);
    for (const [method, path] of [
      ['GET', '/admin/'],
      ['GET', '/admin'],
      ['GET', '/admin/console.js'],
      ['GET', '/admin/api/pools'],
      ['POST', '/admin/api/session'],
    ] as const) {
      const answer = await client.request(method, path, method === 'POST' ? { name: 'ops', password: PASSWORD } : undefined);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error).toBe('route_not_found');
    }
    await stack.service.admins.create('ops', PASSWORD, CLI_ACTOR);
    expect((await client.request('GET', '/admin/api/pools')).body.error).toBe('admin_unauthorized');
    // The page, with or without the trailing slash, names its files from the root.
    for (const path of ['/admin/', '/admin']) {
      const page = await fetch(`${stack.service.url}${path}`);
      expect(page.status, path).toBe(200);
      expect(await page.text(), path).toContain('src="/admin/console.js"');
    }
  });

  it('signs in with an HttpOnly, SameSite=Strict session cookie (not Secure over plain http), and refuses a wrong password', async () => {
    const client = adminClient(stack.service.url);
    const wrong = await client.signIn('ops', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('admin_sign_in_failed');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const answer = await client.signIn();
    expect(answer.status).toBe(200);
    const cookie = answer.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^xdl_admin=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/admin');
    expect(cookie).not.toContain('Secure');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect((await client.request('GET', '/admin/api/session')).body.data).toMatchObject({ admin: { name: 'ops' } });
  });

  it('refuses a change without the session CSRF token, or with another session’s', async () => {
    const client = adminClient(stack.service.url);
    await client.signIn();
    const other = adminClient(stack.service.url);
    const otherSession = await other.signIn();
    client.forgetCsrf();
    const without = await client.request('POST', '/admin/api/pools', { name: 'No CSRF' });
    expect(without.status).toBe(403);
    expect(without.body.error).toBe('csrf_token_invalid');
    client.setCsrf((otherSession.body.data as { csrfToken: string }).csrfToken);
    expect((await client.request('POST', '/admin/api/pools', { name: 'Wrong CSRF' })).body.error).toBe('csrf_token_invalid');
    // Reads need none.
    expect((await client.request('GET', '/admin/api/pools')).status).toBe(200);
    expect((await stack.store.listPools()).map((pool) => pool.name)).not.toContain('No CSRF');
  });

  it('rate-limits failed sign-ins per account with Retry-After, even for the right password then', async () => {
    await stack.service.admins.create('limited', PASSWORD, CLI_ACTOR);
    const client = adminClient(stack.service.url);
    for (let i = 0; i < 3; i++) expect((await client.signIn('limited', `wrong password ${i}`)).status).toBe(401);
    const refused = await client.signIn('limited', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another account from the same client is not held back by this one's failures.
    expect((await client.signIn('ops', PASSWORD)).status).toBe(200);
    stack.clock.advance(retryAfter * 1000);
    expect((await client.signIn('limited', PASSWORD)).status).toBe(200);
  });

  it('ends a session after its idle time, and after its absolute lifetime however busy', async () => {
    const idle = adminClient(stack.service.url);
    await idle.signIn();
    stack.clock.advance(DEFAULT_SESSION_LIFETIMES.idleMs - 1000);
    expect((await idle.request('GET', '/admin/api/pools')).status).toBe(200);
    stack.clock.advance(DEFAULT_SESSION_LIFETIMES.idleMs);
    expect((await idle.request('GET', '/admin/api/pools')).body.error).toBe('admin_unauthorized');

    const busy = adminClient(stack.service.url);
    await busy.signIn();
    for (let spent = 0; spent < DEFAULT_SESSION_LIFETIMES.absoluteMs; spent += DEFAULT_SESSION_LIFETIMES.idleMs / 2) {
      expect((await busy.request('GET', '/admin/api/session')).status).toBe(200);
      stack.clock.advance(DEFAULT_SESSION_LIFETIMES.idleMs / 2);
    }
    expect((await busy.request('GET', '/admin/api/session')).body.error).toBe('admin_unauthorized');
  });

  it('signs out: the cookie is cleared and the session no longer works', async () => {
    const client = adminClient(stack.service.url);
    await client.signIn();
    const kept = client.cookie!;
    const out = await client.request('DELETE', '/admin/api/session');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^xdl_admin=;.*Max-Age=0/);
    const replay = await fetch(`${stack.service.url}/admin/api/pools`, { headers: { cookie: kept } });
    expect(replay.status).toBe(401);
  });

  it('takes an admin API token as Bearer without CSRF, until it is revoked', async () => {
    const { token, record } = await stack.service.admins.createToken('ops', 'deploy script', CLI_ACTOR);
    const bearer = { authorization: `Bearer ${token}` };
    const client = adminClient(stack.service.url);
    const created = await client.request('POST', '/admin/api/pools', { name: 'By token' }, bearer);
    expect(created.status).toBe(200);
    expect((await client.request('GET', '/admin/api/pools', undefined, { authorization: 'Bearer xdla_unknown' })).status).toBe(401);
    await stack.service.admins.revokeToken(record.id, CLI_ACTOR);
    expect((await client.request('GET', '/admin/api/pools', undefined, bearer)).body.error).toBe('admin_unauthorized');
    const [entry] = (await stack.store.admin.listAudit(20)).filter((e) => e.action === 'pool.create' && e.via === 'token:deploy script');
    expect(entry?.actor).toBe('ops');
  });

  it('manages pools, finds, reveals and blocks a user, and audits it all without a secret', async () => {
    const client = adminClient(stack.service.url);
    await client.signIn();
    const appSecret = '0123456789abcdef'.repeat(2);
    const created = await client.request('POST', '/admin/api/pools', {
      name: 'Console pool',
      connectionIdentifier: 'console-test',
      appid: 'wx00000000000000b2',
      appSecret,
    });
    expect(created.status).toBe(200);
    const { pool, secret } = created.body.data as { pool: { id: string; appSecretSet: boolean }; secret: string };
    expect(pool.appSecretSet).toBe(true);
    expect(JSON.stringify(created.body)).not.toContain(appSecret);
    const immutable = await client.request('PATCH', `/admin/api/pools/${pool.id}`, { connectionIdentifier: 'other' });
    expect(immutable.status).toBe(422);
    expect(immutable.body.message).toContain('connectionIdentifier');
    const updated = await client.request('PATCH', `/admin/api/pools/${pool.id}`, {
      connectionDisplayName: '微信登录',
      ticketExpiresAfter: 300,
    });
    expect(updated.body.data).toMatchObject({ connectionDisplayName: '微信登录', ticketExpiresAfter: 300 });
    const rotated = await client.request('POST', `/admin/api/pools/${pool.id}/secret`);
    const newSecret = (rotated.body.data as { secret: string }).secret;
    expect(newSecret).not.toBe(secret);
    const qr = await client.request('GET', `/admin/api/pools/${pool.id}/try-qr.png`);
    expect(qr.headers.get('content-type')).toBe('image/png');
    const wxacode = await client.request('GET', `/admin/api/pools/${pool.id}/wxacode.png`);
    expect([wxacode.status, wxacode.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(wxacode.headers.get('content-disposition')).toBe(`attachment; filename="wxacode-${pool.id}.png"`);

    // A login through the mini-program routes, with a paid phone proof, then an exchange.
    const person = stack.person('13900001111');
    const ticket = await loginTicket(stack, person, { kind: 'code', code: person.phoneDetail().code }, pool.id);
    const exchange = await stack.post(`/oauth/app2wxapp/auth/${pool.id}`, { ticket, secret: newSecret });
    expect(exchange.status).toBe(200);

    const found = await client.request('GET', '/admin/api/users?phone=13900001111');
    const [user] = found.body.data as { id: string; maskedPhone: string }[];
    expect(user?.maskedPhone).toBe('139****1111');
    expect(JSON.stringify(found.body)).not.toContain('13900001111');
    const byOpenid = await client.request('GET', `/admin/api/users?openid=${person.openid()}`);
    expect((byOpenid.body.data as { id: string }[]).map((u) => u.id)).toEqual([user!.id]);
    const logins = await client.request('GET', `/admin/api/users/${user!.id}/logins`);
    expect(logins.body.data).toMatchObject([{ phoneProof: 'verified', appid: 'wx00000000000000a1' }]);
    const revealed = await client.request('POST', `/admin/api/users/${user!.id}/phone`);
    expect(revealed.body.data).toEqual({ phone: '13900001111', countryCode: '86' });

    const blocked = await client.request('PUT', `/admin/api/users/${user!.id}/blocked`, { blocked: true });
    expect(blocked.body.data).toMatchObject({ blocked: true });
    const again = await loginTicket(stack, person, { kind: 'known' }, pool.id).catch((error: Error) => error.message);
    expect(again).toContain('account_blocked');

    const dashboard = await client.request('GET', `/admin/api/pools/${pool.id}/dashboard?days=1`);
    expect(dashboard.body.data).toMatchObject({
      totals: { logins: 1, exchanges: 1, phoneVerified: 1, phoneSaved: 0 },
      loginRefusals: [{ reason: 'account_blocked', count: 1 }],
    });

    const audit = await client.request('GET', '/admin/api/audit');
    const actions = (audit.body.data as { action: string; target: string | null }[]).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['pool.create', 'pool.update', 'pool.rotate_secret', 'user.reveal_phone', 'user.block']),
    );
    const stored = JSON.stringify(await stack.store.admin.listAudit(1000));
    for (const secretText of [appSecret, secret, newSecret, PASSWORD, '13900001111']) expect(stored).not.toContain(secretText);
    expect(stored).toContain('(changed)');
  });
});

describe('failed sign-ins per client', () => {
  it('limits one client trying many names, with Retry-After, then lets it in when the window ends', async () => {
    const stack = await startStack(STORE_KINDS[0]!, {
      console: { passwordHashing: CHEAP_HASHING, signInLimits: { failuresPerAccount: 100, failuresPerClient: 2 } },
    });
    try {
      await stack.service.admins.create('ops', PASSWORD, CLI_ACTOR);
      const client = adminClient(stack.service.url);
      expect((await client.signIn('guess-one', PASSWORD)).status).toBe(401);
      expect((await client.signIn('guess-two', PASSWORD)).status).toBe(401);
      const refused = await client.signIn('ops', PASSWORD);
      expect(refused.status).toBe(429);
      stack.clock.advance(Number(refused.headers.get('retry-after')) * 1000);
      expect((await client.signIn('ops', PASSWORD)).status).toBe(200);
    } finally {
      await stack.close();
    }
  });
});

describe('admin API behind a trusted https proxy', () => {
  it('marks the session cookie Secure, and logs no password, session id or searched phone', async () => {
    const lines: string[] = [];
    const stack = await startStack(STORE_KINDS[0]!, {
      trustedProxies: ['127.0.0.1'],
      console: { passwordHashing: CHEAP_HASHING },
      logger: { level: 'debug', stream: { write: (line: string) => void lines.push(line) } },
    });
    try {
      await stack.service.admins.create('ops', PASSWORD, CLI_ACTOR);
      const answer = await fetch(`${stack.service.url}/admin/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
        body: JSON.stringify({ name: 'ops', password: PASSWORD }),
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('set-cookie')).toContain('Secure');
      const [entry] = await stack.store.admin.listAudit(1);
      expect(entry).toMatchObject({ action: 'session.sign_in', ip: '203.0.113.9' });
      const cookie = answer.headers.get('set-cookie')!.split(';')[0]!;
      const search = await fetch(`${stack.service.url}/admin/api/users?phone=13912345678`, { headers: { cookie } });
      expect(search.status).toBe(200);
      const logged = lines.join('');
      expect(logged).toContain('/admin/api/users?phone=[Redacted]');
      for (const secret of [PASSWORD, cookie.split('=')[1]!, '13912345678']) expect(logged).not.toContain(secret);
    } finally {
      await stack.close();
    }
  });
});

describe('xiaodenglu admin', () => {
  it(
    'creates and deletes admins and makes tokens, taking the password from the environment and never printing it',
    COMMANDS_IN_A_ROW,
    async () => {
      const { mkdtempSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const { main } = await import('../../server/cli/main.ts');
      const dataDir = mkdtempSync(join(tmpdir(), 'xdl-admin-cli-'));
      const printed: string[] = [];
      const run = (env: Record<string, string>, ...argv: string[]) =>
        main(['admin', ...argv], {
          env: { XDL_DATA_DIR: dataDir, ...env },
          out: (text) => printed.push(text),
          err: (text) => printed.push(text),
          stopRequested: () => new Promise(() => {}),
        });
      try {
        expect(await run({}, 'create', 'ops')).toBe(2);
        expect(printed.join('\n')).toContain('XDL_ADMIN_PASSWORD');
        expect(await run({ XDL_ADMIN_PASSWORD: 'short' }, 'create', 'ops')).toBe(2);
        expect(printed.join('\n')).toContain('password: must be at least 12 characters');
        expect(await run({ XDL_ADMIN_PASSWORD: PASSWORD }, 'create', 'ops')).toBe(0);
        expect(await run({}, 'token', 'create', 'ops', '--label', 'ci')).toBe(0);
        const token = /"token": "(xdla_[A-Za-z0-9_-]+)"/.exec(printed.join('\n'))?.[1];
        expect(token).toBeDefined();
        expect(await run({}, 'delete', 'ops')).toBe(0);
        expect(printed.join('\n')).not.toContain(PASSWORD);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
