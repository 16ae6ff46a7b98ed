/**
 * `npm run bench:server`: issue and exchange throughput and latency under load (autocannon), per store,
 * beside a bare JSON route of the same framework measured in the same run.
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { startService } from '../server/index.ts';
import { startSandbox } from '../server/sandbox/index.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;
const HOSTED = { appid: 'wx00000000000000be', secret: 'be'.repeat(16) };
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, requests: () => { body: string }, method: 'GET' | 'POST' = 'POST'): Promise<Figures> {
  const result = await autocannon({
    url,
    method,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, ...(method === 'POST' ? requests() : {}) }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

async function bareRoute(): Promise<Figures> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ code: 200, message: 'ok', data: { hello: 'world' } }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    return await load(`http://127.0.0.1:${port}/bare`, () => ({ body: '' }), 'GET');
  } finally {
    await app.close();
  }
}

async function storeRun(kind: 'embedded' | 'postgres'): Promise<{ issue: Figures; exchange: Figures }> {
  const sandbox = await startSandbox({ apps: [HOSTED] });
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const service = await startService({
    port: 0,
    wechatBaseUrl: sandbox.url,
    hostedApp: HOSTED,
    logger: false,
    rateLimits: { perIp: 1e9, perPool: 1e9 },
    ...(kind === 'postgres' ? { store: 'postgres' as const, databaseUrl: PG_URL, databaseSchema: schema } : { store: 'embedded' as const }),
  });
  try {
    const { poolId, secret } = await service.pools.create({ name: 'Bench' });
    // Issue: each request a fresh wx.login code of a person (identify + issue in one call).
    const people = Array.from({ length: 64 }, () => sandbox.state.createUser().userId);
    let n = 0;
    const tickets: string[] = [];
    const issueUrl = `${service.url}/api/v1/pools/${poolId}/tickets`;
    const issue = await load(issueUrl, () => ({
      body: JSON.stringify({ loginCode: sandbox.state.mintLoginCode(HOSTED.appid, people[n++ % people.length]!), useSelfWxapp: false, phone: { kind: 'none' } }),
    }));
    // Exchange: tickets issued beforehand, each exchanged once.
    const wanted = Math.ceil(issue.rps * DURATION_S * 4) + 2000;
    for (let i = 0; i < wanted; i += 64) {
      const batch = await Promise.all(
        Array.from({ length: 64 }, async (_, j) => {
          const response = await fetch(issueUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ loginCode: sandbox.state.mintLoginCode(HOSTED.appid, people[j]!), useSelfWxapp: false, phone: { kind: 'none' } }),
          });
          return ((await response.json()) as { data: { ticket: string } }).data.ticket;
        }),
      );
      tickets.push(...batch);
    }
    let t = 0;
    const exchange = await load(`${service.url}/oauth/app2wxapp/auth/${poolId}`, () => ({ body: JSON.stringify({ ticket: tickets[t++], secret }) }));
    if (t > tickets.length) console.warn(`  (${kind}: ran out of pre-issued tickets; exchange errors include the overflow)`);
    return { issue, exchange };
  } finally {
    await service.close();
    await sandbox.close();
    if (kind === 'postgres') {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const row = (label: string, f: Figures, bare: Figures) =>
  `${label.padEnd(22)} ${f.rps.toFixed(0).padStart(7)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(3)} ms  ${(f.rps / bare.rps).toFixed(2)}× bare  non-2xx ${f.errors}`;

const bare = await bareRoute();
console.log(`${DURATION_S} s per run, ${CONNECTIONS} connections`);
console.log(row('bare fastify JSON', bare, bare));
const kinds: ('embedded' | 'postgres')[] = (await postgresReachable()) ? ['embedded', 'postgres'] : ['embedded'];
if (kinds.length === 1) console.log(`postgres: skipped, ${PG_URL} unreachable`);
for (const kind of kinds) {
  const { issue, exchange } = await storeRun(kind);
  console.log(row(`${kind} issue`, issue, bare));
  console.log(row(`${kind} exchange`, exchange, bare));
  const verdict = exchange.rps >= 0.3 * bare.rps && exchange.p99 <= 10 ? 'meets' : 'misses';
  console.log(`  ${kind} exchange ${verdict} the target (≥ 0.3× bare, p99 ≤ 10 ms)`);
}
