/**
 * `npm run bench:server`: issue and exchange throughput and latency under load (autocannon), per store,
 * beside a bare JSON route of the same framework measured in the same run, the same way, and beside
 * the store's own rate for the same statements (scripts/bench/store-direct.ts). Every figure is
 * measured BENCH_RUNS times; a ratio is printed only when its figures' runs agree (scripts/bench/ratios.ts).
 *
 * The load generator (this process) and every server under test run in separate processes, so that
 * autocannon and the server each have a core: the bare route, the service and the WeChat sandbox are
 * each a child process started from this same file (`--role …`).
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import pino from 'pino';
import cluster from 'node:cluster';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RATE_LIMITS } from '../server/http/rate-limit.ts';
import { startService, type ServiceOptions } from '../server/index.ts';
import { startSandbox } from '../server/sandbox/index.ts';
import { formatDataKey, generateDataKey, parseDataKey } from '../server/secret-box.ts';
import { hashToken, randomToken } from '../server/random-tokens.ts';
import { openStore } from '../server/store/open.ts';
import type { Store } from '../server/store/types.ts';
import { formatRatio, ratio, repeated, verdict, type Repeated } from './bench/ratios.ts';
import { exchangeRate, loginRate, seedPeople, type DirectRate } from './bench/store-direct.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
/** Each store-direct run; shorter, as it burns through tickets faster than the service does. */
const DIRECT_S = Number(process.env.BENCH_DIRECT_SECONDS ?? 2);
const WARMUP_S = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
/** An app backend's keep-alive pool towards the service, not a crowd of browsers. */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** Exchange tickets pre-issued per store; each is exchanged once (raise it if the run reports running out). */
const TICKETS = Number(process.env.BENCH_TICKETS ?? 60_000);
const ISSUERS = 8;
/** The service logs at info to a synchronous destination, as deployed (pino's default for stdout); the lines go to /dev/null. `BENCH_LOG=0` turns logging off. */
const SERVICE_LOGS = process.env.BENCH_LOG !== '0';
const HOSTED = { appid: 'wx00000000000000be', secret: 'be'.repeat(16) };
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PEOPLE = 64;
/** BENCH_WORKERS=2 (or 2,4): PostgreSQL's routes again with the service in that many cluster workers, as `serve --workers`. */
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '')
  .split(',')
  .map(Number)
  .filter((n) => n > 1);
/** Set by the parent for a service child that runs its service in this many cluster workers. */
const SERVICE_WORKERS = Number(process.env.BENCH_SERVICE_WORKERS ?? 1);
const SELF = fileURLToPath(import.meta.url);

type StoreKind = 'embedded' | 'postgres';

/** Parent → child requests and child → parent answers, over the IPC channel. */
type Command =
  | { op: 'codes'; id: number; count: number }
  | { op: 'tickets'; id: number; count: number }
  | { op: 'cpu'; id: number }
  | { op: 'direct'; id: number }
  | { op: 'stop'; id: number };
type Answer =
  | { op: 'ready'; url: string; poolId?: string; secret?: string }
  | { op: 'codes' | 'tickets'; id: number; values: string[] }
  | { op: 'cpu'; id: number; micros: number }
  | { op: 'direct'; id: number; exchange: DirectRate[]; login: DirectRate[] }
  | { op: 'stopped'; id: number };

function answer(message: Answer): void {
  process.send?.(message);
}

/**
 * BENCH_PROFILE=dir: each server under test profiles the intervals between the parent's CPU readings
 * (warm-up and each measured run of each route, nothing else) into dir/<role>-<n>.cpuprofile.
 */
const PROFILE_DIR = process.env.BENCH_PROFILE;
let profiling: Session | null = null;
let profiles = 0;

async function nextProfile(): Promise<void> {
  if (!PROFILE_DIR) return;
  if (!profiling) {
    profiling = new Session();
    profiling.connect();
    await profiling.post('Profiler.enable');
  } else {
    const { profile } = await profiling.post('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `${process.argv.slice(3, 5).join('-')}-${++profiles}.cpuprofile`), JSON.stringify(profile));
  }
  await profiling.post('Profiler.start');
}

/** Every child also answers `cpu`: the CPU time (user + system, µs) this process has used so far. */
function onCommands(handle: (command: Command) => Promise<void>): void {
  process.on('message', (message: Command) => {
    if (message.op === 'cpu') {
      const { user, system } = process.cpuUsage();
      answer({ op: 'cpu', id: message.id, micros: user + system + workersCpuMicros() });
      nextProfile().catch((error: unknown) => console.error('bench profile:', error));
      return;
    }
    handle(message).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
}

// ---------------------------------------------------------------- child roles

/**
 * The CPU time of this process's cluster workers, from /proc (Linux): with workers, a request's CPU is
 * spent in them, and node tells a process only its own.
 */
function workersCpuMicros(): number {
  let micros = 0;
  for (const worker of Object.values(cluster.workers ?? {})) {
    const pid = worker?.process.pid;
    if (pid === undefined) continue;
    // Fields 14 and 15 (utime, stime) in clock ticks; the command name (field 2) may hold spaces, so count after it.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    micros += ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  }
  return micros;
}
const CLOCK_TICKS = 100;

async function serveBare(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ code: 200, message: 'ok', data: { hello: 'world' } }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  onCommands(async (command) => {
    if (command.op !== 'stop') return;
    await app.close();
    answer({ op: 'stopped', id: command.id });
    process.exit(0);
  });
  answer({ op: 'ready', url: `http://127.0.0.1:${port}/bare` });
}

async function serveSandbox(): Promise<void> {
  const sandbox = await startSandbox({ apps: [HOSTED] });
  const people = Array.from({ length: PEOPLE }, () => sandbox.state.createUser().userId);
  let n = 0;
  onCommands(async (command) => {
    if (command.op === 'codes') {
      const values = Array.from({ length: command.count }, () => sandbox.state.mintLoginCode(HOSTED.appid, people[n++ % PEOPLE]!));
      answer({ op: 'codes', id: command.id, values });
    } else if (command.op === 'stop') {
      await sandbox.close();
      answer({ op: 'stopped', id: command.id });
      process.exit(0);
    }
  });
  answer({ op: 'ready', url: sandbox.url });
}

function serviceOptions(kind: StoreKind, wechatBaseUrl: string, schema: string, dataDir: string | undefined, port: number): ServiceOptions {
  return {
    port,
    wechatBaseUrl,
    hostedApp: HOSTED,
    logger: SERVICE_LOGS ? { level: 'info', stream: pino.destination({ dest: '/dev/null', sync: true }) } : false,
    // The bench fires every request from one address: no limit may be what it measures.
    rateLimits: Object.fromEntries(Object.keys(DEFAULT_RATE_LIMITS).map((name) => [name, 1e9])),
    ...(kind === 'postgres'
      ? {
          store: 'postgres' as const,
          databaseUrl: PG_URL,
          databaseSchema: schema,
          dataKeys: [BENCH_DATA_KEY ? parseDataKey(BENCH_DATA_KEY, 'BENCH_DATA_KEY') : generateDataKey('bench')],
        }
      : { store: 'embedded' as const, dataDir }),
  };
}

/** The same data key in every worker of a clustered run: each opens the secrets the others sealed. */
const BENCH_DATA_KEY = process.env.BENCH_DATA_KEY ?? '';

async function serveService(kind: StoreKind, wechatBaseUrl: string, schema: string): Promise<void> {
  if (SERVICE_WORKERS > 1) return serveClustered(wechatBaseUrl, schema);
  // The embedded store as deployed: in a data folder, not in memory.
  const dataDir = kind === 'embedded' ? mkdtempSync(join(tmpdir(), 'xdl-bench-')) : undefined;
  const service = await startService(serviceOptions(kind, wechatBaseUrl, schema, dataDir, 0));
  const { poolId, secret } = await service.pools.create({ name: 'Bench' });
  onCommands(async (command) => {
    if (command.op === 'tickets') {
      answer({ op: 'tickets', id: command.id, values: await preIssueTickets(service.store, poolId, command.count) });
    } else if (command.op === 'stop') {
      await service.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      answer({ op: 'stopped', id: command.id });
      process.exit(0);
    }
  });
  answer({ op: 'ready', url: service.url, poolId, secret });
}

/** Tickets straight through the store (as a login would store them), several at a time, so a large supply is quick to make. */
async function preIssueTickets(store: Store, poolId: string, count: number): Promise<string[]> {
  const values: string[] = [];
  const expiresAt = new Date(Date.now() + 3600_000);
  const issueSome = async (worker: number) => {
    for (let i = worker; i < count; i += ISSUERS) {
      const ticket = randomToken();
      const outcome = await store.login({
        poolId,
        identity: { appid: HOSTED.appid, openid: `bench-openid-${i % PEOPLE}`, unionid: null },
        phone: null,
        allowCreate: true,
        sessionIdHash: null,
        ip: '127.0.0.1',
        now: new Date(),
        ticket: { hash: hashToken(ticket), expiresAt, codeChallenge: null },
      });
      if (outcome.kind !== 'ok') throw new Error(`pre-issuing tickets: ${outcome.kind}`);
      values.push(ticket);
    }
  };
  await Promise.all(Array.from({ length: ISSUERS }, (_, worker) => issueSome(worker)));
  return values;
}

/**
 * PostgreSQL's service in SERVICE_WORKERS cluster workers on one port, as `serve --workers` runs it:
 * this process is the primary (it accepts connections and hands them round), makes the pool and the
 * tickets through its own store connection, and reports the workers' CPU with its own.
 */
async function serveClustered(wechatBaseUrl: string, schema: string): Promise<void> {
  if (cluster.isWorker) {
    const service = await startService(serviceOptions('postgres', wechatBaseUrl, schema, undefined, Number(process.env.BENCH_PORT)));
    process.send?.({ op: 'worker-ready' });
    process.on('disconnect', () => void service.close().then(() => process.exit(0)));
    return;
  }
  const store = await openStore({
    kind: 'postgres',
    databaseUrl: PG_URL,
    schema,
    dataKeys: [parseDataKey(BENCH_DATA_KEY, 'BENCH_DATA_KEY')],
  });
  const { createPool } = await import('../server/pools.ts');
  const { pool, secret } = await createPool(store, { now: () => Date.now() }, { name: 'Bench' });
  const port = await freePort();
  await Promise.all(
    Array.from(
      { length: SERVICE_WORKERS },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = cluster.fork({ BENCH_PORT: String(port) });
          worker.once('exit', (code) => reject(new Error(`bench worker exited with ${code}`)));
          worker.on('message', (message: { op?: string }) => message.op === 'worker-ready' && resolve());
        }),
    ),
  );
  onCommands(async (command) => {
    if (command.op === 'tickets') {
      answer({ op: 'tickets', id: command.id, values: await preIssueTickets(store, pool.id, command.count) });
    } else if (command.op === 'stop') {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.removeAllListeners('exit').disconnect();
      await store.close();
      answer({ op: 'stopped', id: command.id });
      process.exit(0);
    }
  });
  answer({ op: 'ready', url: `http://127.0.0.1:${port}`, poolId: pool.id, secret });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** The store alone: the same statements as an exchange and a login, called directly (no HTTP). */
async function serveDirect(kind: StoreKind, schema: string): Promise<void> {
  const dataDir = kind === 'embedded' ? mkdtempSync(join(tmpdir(), 'xdl-bench-direct-')) : undefined;
  const store: Store =
    kind === 'postgres'
      ? await openStore({
          kind: 'postgres',
          databaseUrl: PG_URL,
          schema,
          dataKeys: [generateDataKey('bench')],
          maxConnections: CONNECTIONS,
        })
      : await openStore({ kind: 'embedded', dataDir });
  const { createPool } = await import('../server/pools.ts');
  const { pool, secret } = await createPool(store, { now: () => Date.now() }, { name: 'Bench direct' });
  await seedPeople(store, pool.id, HOSTED.appid, PEOPLE);
  onCommands(async (command) => {
    if (command.op === 'direct') {
      const exchange: DirectRate[] = [];
      const login: DirectRate[] = [];
      for (let run = 0; run < RUNS + 1; run++) {
        // Tickets for this run only: made first (ISSUERS at a time), then exchanged as fast as the store goes.
        const hashes: string[] = [];
        const expiresAt = new Date(Date.now() + 3600_000);
        const perRun = Math.floor(TICKETS / (RUNS + 1));
        await Promise.all(
          Array.from({ length: ISSUERS }, async (_, worker) => {
            for (let i = worker; i < perRun; i += ISSUERS) {
              const hash = hashToken(randomToken());
              const outcome = await store.login({
                poolId: pool.id,
                identity: { appid: HOSTED.appid, openid: `direct-openid-${i % PEOPLE}`, unionid: null },
                phone: null,
                allowCreate: true,
                sessionIdHash: null,
                ip: '127.0.0.1',
                now: new Date(),
                ticket: { hash, expiresAt, codeChallenge: null },
              });
              if (outcome.kind !== 'ok') throw new Error(`pre-issuing tickets: ${outcome.kind}`);
              hashes.push(hash);
            }
          }),
        );
        const exchanged = await exchangeRate(store, pool.id, hashToken(secret), hashes, CONNECTIONS, run === 0 ? WARMUP_S : DIRECT_S);
        const loggedIn = await loginRate(store, pool.id, HOSTED.appid, PEOPLE, CONNECTIONS, run === 0 ? WARMUP_S : DIRECT_S);
        // The first run warms up (JIT, plans, caches), as the service's does.
        if (run > 0) {
          exchange.push(exchanged);
          login.push(loggedIn);
        }
      }
      answer({ op: 'direct', id: command.id, exchange, login });
    } else if (command.op === 'stop') {
      await store.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      answer({ op: 'stopped', id: command.id });
      process.exit(0);
    }
  });
  answer({ op: 'ready', url: '' });
}

// ---------------------------------------------------------------- parent: the load generator

interface Child {
  ready: Extract<Answer, { op: 'ready' }>;
  ask(command: Omit<Extract<Command, { op: 'codes' | 'tickets' }>, 'id'>): Promise<string[]>;
  direct(): Promise<{ exchange: DirectRate[]; login: DirectRate[] }>;
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

async function startChild(args: string[], env: Record<string, string> = {}): Promise<Child> {
  const child: ChildProcess = fork(SELF, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
  let nextId = 1;
  const waiting = new Map<number, (answer: Answer) => void>();
  const ready = await new Promise<Extract<Answer, { op: 'ready' }>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench child ${args.join(' ')} exited with ${code}`)));
    child.on('message', (message: Answer) => {
      if (message.op === 'ready') resolve(message);
      else waiting.get(message.id)?.(message);
    });
  });
  const send = (command: Omit<Command, 'id'>) =>
    new Promise<Answer>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ ...command, id });
    });
  return {
    ready,
    async ask(command) {
      const reply = await send(command);
      return 'values' in reply ? reply.values : [];
    },
    async direct() {
      const reply = await send({ op: 'direct' });
      if (reply.op !== 'direct') throw new Error('bench child answered a direct run with something else');
      return { exchange: reply.exchange, login: reply.login };
    },
    async cpuMicros() {
      const reply = await send({ op: 'cpu' });
      return 'micros' in reply ? reply.micros : Number.NaN;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await send({ op: 'stop' });
      await exited;
    },
  };
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  /** CPU time the server process spent per request (not counting a PostgreSQL server's). */
  cpuMicrosPerRequest: number;
}

interface Load {
  url: string;
  method: 'GET' | 'POST';
  /** The next request's body, for POST. */
  body?: () => string;
}

/** The p-th percentile (0–100) of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(load: Load, seconds: number, server: Child): Promise<Figures> {
  const cpuBefore = await server.cpuMicros();
  // autocannon's own histogram keeps whole milliseconds; record every response's time to the microsecond.
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      {
        url: load.url,
        method: load.method,
        connections: CONNECTIONS,
        duration: seconds,
        headers: load.method === 'POST' ? { 'content-type': 'application/json' } : {},
        requests: [{ setupRequest: (request) => (load.body ? { ...request, body: load.body() } : request) }],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    run.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
  });
  const sorted = Float64Array.from(latencies).sort();
  const cpuMicrosPerRequest = ((await server.cpuMicros()) - cpuBefore) / result.requests.total;
  const failures = result.non2xx + result.errors;
  return { rps: result.requests.average, p50: percentile(sorted, 50), p99: percentile(sorted, 99), failures, cpuMicrosPerRequest };
}

/** One route's figures over its measured runs. */
interface Measured {
  rps: Repeated;
  p99: Repeated;
  cpu: Repeated;
  p50: number;
  failures: number;
}

function combine(runs: readonly Figures[]): Measured {
  return {
    rps: repeated(runs.map((run) => run.rps)),
    p99: repeated(runs.map((run) => run.p99)),
    cpu: repeated(runs.map((run) => run.cpuMicrosPerRequest)),
    p50: runs.reduce((sum, run) => sum + run.p50, 0) / runs.length,
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
  };
}

/** A warm-up at the same settings (JIT, pools, caches), then RUNS measured runs: the same for every route. */
async function warmThenMeasure(load: Load, server: Child): Promise<Measured> {
  if (WARMUP_S > 0) await measure(load, WARMUP_S, server);
  const runs: Figures[] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await measure(load, DURATION_S, server));
  return combine(runs);
}

async function bareRoute(): Promise<Measured> {
  const bare = await startChild(['--role', 'bare']);
  try {
    return await warmThenMeasure({ url: bare.ready.url, method: 'GET' }, bare);
  } finally {
    await bare.stop();
  }
}

interface StoreFigures {
  issue: Measured;
  exchange: Measured;
  direct: { exchange: Repeated; exchangeCpu: Repeated; login: Repeated; loginCpu: Repeated };
  ranOut: boolean;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

/** The store's own rate, in a process of its own, before the service runs (never beside it). */
async function directRun(kind: StoreKind): Promise<StoreFigures['direct']> {
  const schema = `bench_direct_${randomBytes(4).toString('hex')}`;
  const direct = await startChild(['--role', 'direct', kind, '', schema]);
  try {
    const { exchange, login } = await direct.direct();
    return {
      exchange: repeated(exchange.map((run) => run.opsPerSecond)),
      exchangeCpu: repeated(exchange.map((run) => run.cpuMicrosPerOp)),
      login: repeated(login.map((run) => run.opsPerSecond)),
      loginCpu: repeated(login.map((run) => run.cpuMicrosPerOp)),
    };
  } finally {
    await direct.stop();
    if (kind === 'postgres') await dropSchema(schema);
  }
}

async function storeRun(kind: StoreKind, sandbox: Child, workers = 1, measuredDirect?: StoreFigures['direct']): Promise<StoreFigures> {
  const direct = measuredDirect ?? (await directRun(kind));
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const service = await startChild(
    ['--role', 'service', kind, sandbox.ready.url, schema],
    workers > 1 ? { BENCH_SERVICE_WORKERS: String(workers), BENCH_DATA_KEY: formatDataKey(generateDataKey('bench')) } : {},
  );
  try {
    const { url, poolId, secret } = service.ready;
    // Issue: each request a fresh wx.login code (identify + issue in one call, one WeChat call each).
    const codes = await sandbox.ask({ op: 'codes', count: TICKETS });
    let c = 0;
    const issue = await warmThenMeasure(
      {
        url: `${url}/api/v1/pools/${poolId}/tickets`,
        method: 'POST',
        body: () => JSON.stringify({ loginCode: codes[c++ % codes.length], useSelfWxapp: false, phone: { kind: 'none' } }),
      },
      service,
    );
    // Exchange: tickets issued beforehand, each exchanged once.
    const tickets = await service.ask({ op: 'tickets', count: TICKETS });
    let t = 0;
    const exchange = await warmThenMeasure(
      {
        url: `${url}/oauth/app2wxapp/auth/${poolId}`,
        method: 'POST',
        body: () => JSON.stringify({ ticket: tickets[t++ % tickets.length], secret }),
      },
      service,
    );
    return { issue, exchange, direct, ranOut: t > tickets.length || c > codes.length };
  } finally {
    await service.stop();
    if (kind === 'postgres') await dropSchema(schema);
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

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const spread = (figure: Repeated) => `±${((figure.spread * 100) / 2).toFixed(0)} %`;
const row = (label: string, f: Measured, bare: Measured) =>
  `${label.padEnd(20)} ${f.rps.mean.toFixed(0).padStart(7)} req/s (${spread(f.rps)})  p50 ${ms(f.p50).padStart(7)}  ` +
  `p99 ${ms(f.p99.mean).padStart(7)}  CPU ${f.cpu.mean.toFixed(0).padStart(5)} µs/req = ${formatRatio(ratio(f.cpu, bare.cpu))} bare  ` +
  `failed ${f.failures}`;

function target(label: string, value: ReturnType<typeof ratio>, comparison: '<=' | '>=', limit: number): string {
  return `  ${verdict(value, comparison, limit).padEnd(7)} ${label} ${comparison === '<=' ? '≤' : '≥'} ${limit}×: ${formatRatio(value)}`;
}

async function main(): Promise<void> {
  // BENCH_STORES=embedded (or postgres) runs one store only.
  const wanted = (process.env.BENCH_STORES ?? 'embedded,postgres').split(',');
  const reachable: StoreKind[] = (await postgresReachable()) ? ['embedded', 'postgres'] : ['embedded'];
  const kinds = reachable.filter((kind) => wanted.includes(kind));
  console.log(
    `${CONNECTIONS} connections; per route ${WARMUP_S} s warm-up, then ${RUNS} runs of ${DURATION_S} s; ` +
      `store-direct ${RUNS} runs of ${DIRECT_S} s; load generator, server, store-direct and WeChat sandbox in separate ` +
      `processes; service logs ${SERVICE_LOGS ? 'at info' : 'off'}. A ratio is printed only when both figures' runs agree within 20 %.`,
  );
  const bare = await bareRoute();
  console.log(row('bare fastify JSON', bare, bare));
  if (wanted.includes('postgres') && !reachable.includes('postgres')) console.log(`postgres: skipped, ${PG_URL} unreachable`);
  const sandbox = await startChild(['--role', 'sandbox']);
  try {
    for (const kind of kinds) {
      const { issue, exchange, direct, ranOut } = await storeRun(kind, sandbox);
      console.log(row(`${kind} issue`, issue, bare));
      console.log(row(`${kind} exchange`, exchange, bare));
      console.log(
        `${`${kind} store-direct`.padEnd(20)} exchange ${direct.exchange.mean.toFixed(0)}/s (${spread(direct.exchange)}, ` +
          `${direct.exchangeCpu.mean.toFixed(0)} µs CPU), login ${direct.login.mean.toFixed(0)}/s (${spread(direct.login)}, ` +
          `${direct.loginCpu.mean.toFixed(0)} µs CPU)`,
      );
      if (ranOut) console.log(`  ${kind}: ran out of pre-made codes or tickets (reused ones fail); raise BENCH_TICKETS`);
      console.log(target('exchange CPU per request vs bare', ratio(exchange.cpu, bare.cpu), '<=', 3));
      console.log(target('login CPU per request vs bare', ratio(issue.cpu, bare.cpu), '<=', 10));
      const limit = kind === 'postgres' ? 0.5 : 0.6;
      console.log(target('exchange rate vs store-direct', ratio(exchange.rps, direct.exchange), '>=', limit));
      console.log(`  ${''.padEnd(7)} login rate vs store-direct: ${formatRatio(ratio(issue.rps, direct.login))} (no target)`);
      if (kind === 'postgres') {
        const p99 = exchange.p99;
        const steadyVerdict = p99.steady ? (p99.mean <= 10 ? 'meets' : 'misses') : 'unknown';
        console.log(`  ${steadyVerdict.padEnd(7)} exchange p99 ≤ 10 ms at ${CONNECTIONS} connections: ${ms(p99.mean)} (${spread(p99)})`);
        for (const workers of WORKER_COUNTS) {
          const clustered = await storeRun(kind, sandbox, workers, direct);
          console.log(row(`${kind} issue ×${workers}w`, clustered.issue, bare));
          console.log(row(`${kind} exchange ×${workers}w`, clustered.exchange, bare));
          console.log(`          exchange rate ${workers} workers vs 1: ${formatRatio(ratio(clustered.exchange.rps, exchange.rps))}`);
          console.log(`          issue rate ${workers} workers vs 1: ${formatRatio(ratio(clustered.issue.rps, issue.rps))}`);
        }
      }
    }
  } finally {
    await sandbox.stop();
  }
}

const roleAt = process.argv.indexOf('--role');
const role = roleAt >= 0 ? process.argv[roleAt + 1] : undefined;
const [kindArg, wechatArg, schemaArg] = process.argv.slice(roleAt + 2);
if (role === 'bare') await serveBare();
else if (role === 'sandbox') await serveSandbox();
else if (role === 'service') await serveService(kindArg === 'postgres' ? 'postgres' : 'embedded', wechatArg ?? '', schemaArg ?? 'public');
else if (role === 'direct') await serveDirect(kindArg === 'postgres' ? 'postgres' : 'embedded', schemaArg ?? 'public');
else await main();
