/**
 * The database's own rate for the statements one exchange and one login run: the store's methods
 * called in a tight loop by CONNECTIONS concurrent callers, with no HTTP, no Fastify, no signing and
 * no WeChat call. PGlite is called in this process, as the service calls it; PostgreSQL through the
 * store's own node-postgres pool and prepared statements.
 */
import { performance } from 'node:perf_hooks';
import { hashToken, randomToken } from '../../server/random-tokens.ts';
import type { Store } from '../../server/store/types.ts';

export interface DirectRate {
  opsPerSecond: number;
  /** CPU (user + system) of this process per operation; PostgreSQL's own CPU comes on top. */
  cpuMicrosPerOp: number;
}

/** Runs `op` from `concurrency` callers for `seconds`, or until `limit` operations have started. */
async function loop(concurrency: number, seconds: number, op: (i: number) => Promise<void>, limit = Infinity): Promise<DirectRate> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  let done = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until && next < limit) {
        await op(next++);
        done++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { opsPerSecond: done / elapsed, cpuMicrosPerOp: (cpu.user + cpu.system) / done };
}

/** Login rows for `people` WeChat users, so each login below finds its account, as a returning user's does. */
export async function seedPeople(store: Store, poolId: string, appid: string, people: number): Promise<void> {
  for (let i = 0; i < people; i++) await store.login(loginRequest(poolId, appid, i, people));
}

function loginRequest(poolId: string, appid: string, i: number, people: number) {
  return {
    poolId,
    identity: { appid, openid: `direct-openid-${i % people}`, unionid: null },
    phone: null,
    allowCreate: true,
    sessionIdHash: null,
    ip: '127.0.0.1',
    now: new Date(),
    ticket: { hash: hashToken(randomToken()), expiresAt: new Date(Date.now() + 3600_000), codeChallenge: null },
  };
}

/** Exchanges: the one statement of the fast path, each on a ticket of its own made beforehand (the run ends early when they run out). */
export async function exchangeRate(
  store: Store,
  poolId: string,
  secretHash: string,
  ticketHashes: readonly string[],
  concurrency: number,
  seconds: number,
): Promise<DirectRate> {
  return loop(
    concurrency,
    seconds,
    async (i) => {
      const hash = ticketHashes[i] as string;
      const redeemed = await store.redeemTicketForExchange({ hash, poolId, secretHash, verifierChallenge: null, now: new Date() });
      if (redeemed.kind !== 'ok') throw new Error(`store-direct exchange refused: ${redeemed.kind}`);
    },
    ticketHashes.length,
  );
}

/** Logins (issue with a wx.login code): the pool read, then the login transaction, for returning users. */
export async function loginRate(
  store: Store,
  poolId: string,
  appid: string,
  people: number,
  concurrency: number,
  seconds: number,
): Promise<DirectRate> {
  return loop(concurrency, seconds, async (i) => {
    if (!(await store.getPool(poolId))) throw new Error('store-direct login: no pool');
    const outcome = await store.login(loginRequest(poolId, appid, i, people));
    if (outcome.kind !== 'ok') throw new Error(`store-direct login refused: ${outcome.kind}`);
  });
}
