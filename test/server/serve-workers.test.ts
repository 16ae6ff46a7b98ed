import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../server/cli/io.ts';
import { main } from '../../server/cli/main.ts';
import { formatDataKey, generateDataKey } from '../../server/secret-box.ts';
import { PG_URL, STORE_KINDS } from './helpers.ts';

async function runCli(env: Record<string, string>, ...argv: string[]) {
  const err: string[] = [];
  const io: CliIo = { env, out: () => {}, err: (text) => err.push(text), stopRequested: () => new Promise(() => {}) };
  return { code: await main(argv, io), stderr: err.join('\n') };
}

describe('xiaodenglu serve --workers: refusals', () => {
  it('refuses several workers on the embedded store, saying why, and metricsToken with several workers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xdl-workers-'));
    try {
      const embedded = await runCli({ XDL_DATA_DIR: dataDir }, 'serve', '--workers', '2');
      expect(embedded.code).toBe(2);
      expect(embedded.stderr).toContain('--workers: the embedded store belongs to one process');
      const token = await runCli(
        { DATABASE_URL: PG_URL, XDL_DATA_KEYS: formatDataKey(generateDataKey('w')), XDL_METRICS_TOKEN: 'x'.repeat(16) },
        'serve',
        '--workers',
        '2',
      );
      expect(token.code).toBe(2);
      expect(token.stderr).toContain('set metricsPort');
      expect((await runCli({ XDL_DATA_DIR: dataDir }, 'serve', '--workers', 'two')).stderr).toContain('--workers: must be a whole number');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** A real `xiaodenglu serve --workers 2` process on PostgreSQL: started, a worker killed and replaced, drained. */
describe.skipIf(!STORE_KINDS.includes('postgres'))('xiaodenglu serve --workers 2 on PostgreSQL', () => {
  const schema = `t_workers_${randomBytes(4).toString('hex')}`;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('shares one port between its workers, replaces one that dies, aggregates their metrics and drains on SIGTERM', async () => {
    child = spawn(process.execPath, ['bin/xiaodenglu.mjs', 'serve', '--workers', '2'], {
      env: {
        ...process.env,
        DATABASE_URL: PG_URL,
        XDL_DATABASE_SCHEMA: schema,
        XDL_DATA_KEYS: formatDataKey(generateDataKey('workers')),
        XDL_PORT: '0',
        XDL_SANDBOX_PORT: '0',
        XDL_METRICS_PORT: '0',
        XDL_LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const waiter of [...waiters]) {
        const match = stderr.match(waiter.pattern);
        if (match) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(match);
        }
      }
    });
    const line = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve) => {
        const match = stderr.match(pattern);
        if (match) resolve(match);
        else waiters.push({ pattern, resolve });
      });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    const [, serviceUrl, pids] = await line(/ticket service at (\S+) \(postgres store, 2 workers: pid (\d+), (?:\d+)\)/);
    const [, metricsUrl] = await line(/metrics of every worker at (\S+)/);
    for (let i = 0; i < 6; i++) expect((await fetch(`${serviceUrl}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);
    const metrics = await (await fetch(metricsUrl!)).text();
    expect(metrics).toContain('xdl_http_requests_total{route="/healthz",method="GET",status="200"} 6');

    process.kill(Number(pids), 'SIGKILL');
    await line(new RegExp(`worker ${pids} stopped \\(SIGKILL\\); starting another[\\s\\S]*worker \\d+ up`));
    expect((await fetch(`${serviceUrl}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: draining 2 workers');
    // Three processes start from source (tsx): on a loaded 2-core machine that takes a while.
  }, 90_000);
});
