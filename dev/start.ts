/**
 * `npm start` (this file, run by tsx): build the launcher, run sandbox + ticket service (embedded store in .data/) + the
 * headless host, make sure a demo pool exists, log in once as an app would, show the try-it QR,
 * then stay up until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORT } from '../server/index.ts';
import { maskPhone } from '../server/phone-mask.ts';
import { startDevStack, type DevStack } from './dev-stack.ts';
import { DEFAULT_DEVTOOLS_PORT } from '../devtools-host/host.ts';
import { scriptedLogin } from './scripted-login.ts';
import { maskTicketIn, maskToken } from './redact.ts';
import { DEFAULT_TRY_PREFIX, terminalQr, tryItUrl, writeQrPng } from '../server/try-link.ts';
import { isPlainObject, errorMessage } from '../devtools-host/guards.ts';
import { PortInUseError } from '../devtools-host/protocol/server.ts';
import { checkedFlag } from '../server/cli/command.ts';
import { Port } from '../server/config.ts';
import { buildDir } from '../devtools-host/built-app.ts';
import { buildInputsDigest, isBuildCurrent } from '../scripts/build-stamp.ts';
import { prepareImage } from '../server/store/pglite-image.ts';

const DATA_DIR = '.data';
const DEMO_POOL_FILE = path.join(DATA_DIR, 'demo-pool.json');

const say = (line: string): void => console.log(`[xiaodenglu] ${line}`);

/** Builds the mini-program unless the build in the output folder was made from the inputs as they are now. */
async function buildIfStale(root: string): Promise<void> {
  const outDir = path.relative(root, buildDir(root));
  if (isBuildCurrent(root, outDir, buildInputsDigest(root, process.env, 'minified'))) {
    say(`the mini-program build in ${outDir}/ is current`);
    return;
  }
  // Without the type check (npm test and npm run build do it): the same files in a third of the time.
  say('building the mini-program (gulp quick)');
  const gulp = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'gulp.cmd' : 'gulp');
  const child = spawn(gulp, ['quick'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const [status] = (await once(child, 'exit')) as [number | null];
  if (status !== 0) throw new Error('the mini-program build failed (see above); fix it, then run npm start again');
}

interface DemoPool {
  poolId: string;
  secret: string;
}

/** What .data/demo-pool.json holds: null when there is none yet or it is unreadable (it is then replaced). */
async function savedDemoPool(): Promise<DemoPool | null> {
  let text: string;
  try {
    text = await readFile(DEMO_POOL_FILE, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    say(`${DEMO_POOL_FILE} is not JSON; a new demo pool replaces it`);
    return null;
  }
  return isPlainObject(saved) && typeof saved.poolId === 'string' && typeof saved.secret === 'string'
    ? { poolId: saved.poolId, secret: saved.secret }
    : null;
}

/** The demo pool is created once and remembered in .data/ (gitignored), secret included, for the scripted exchange. */
async function demoPool(stack: DevStack): Promise<{ pool: DemoPool; created: boolean }> {
  const saved = await savedDemoPool();
  if (saved && (await stack.service.store.getPool(saved.poolId))) return { pool: saved, created: false };
  const { poolId, secret } = await stack.service.pools.create({ name: '小登录演示', connectionDisplayName: '微信' });
  await mkdir(DATA_DIR, { recursive: true });
  await writeFile(DEMO_POOL_FILE, JSON.stringify({ poolId, secret }, null, 2));
  await chmod(DEMO_POOL_FILE, 0o600);
  return { pool: { poolId, secret }, created: true };
}

function userSummary(user: Record<string, unknown> | null): string {
  if (!user) return '(none)';
  const shown = {
    ...user,
    phone: typeof user.phone === 'string' && user.phone !== '' ? maskPhone(user.phone) : (user.phone ?? null),
    token: maskToken(user.token),
  };
  return JSON.stringify(shown, null, 2).replace(/\n/g, '\n    ');
}

export async function runStart(): Promise<void> {
  const portFrom = (name: string, fallback: number): number => {
    const text = process.env[name];
    return text === undefined || text === '' ? fallback : checkedFlag(Port, text, name);
  };
  const servicePort = portFrom('XDL_SERVICE_PORT', DEFAULT_PORT);
  const hostPort = portFrom('XDL_DEVTOOLS_PORT', DEFAULT_DEVTOOLS_PORT);
  const root = process.cwd();
  const dataDir = path.join(DATA_DIR, 'store');
  // The build runs in its own process while this one readies a new store's database: two cores, one wait.
  const newStore = !existsSync(path.join(dataDir, 'pg', 'PG_VERSION'));
  await Promise.all([buildIfStale(root), newStore ? prepareImage() : null]);
  const stack = await startDevStack({ projectRoot: buildDir(root), servicePort, hostPort, dataDir, onProgress: say });
  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    say('stopping');
    await stack.close();
  };
  const shutdown = (): void => void close().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    await demo(stack);
    // performance.now() counts from this process's start.
    say(`up in ${(performance.now() / 1000).toFixed(1)} s; Ctrl-C stops everything`);
  } catch (error) {
    // Stop the store and the servers cleanly before reportStartFailure exits.
    await close().catch((closeError: unknown) => say(`stopping failed too: ${errorMessage(closeError)}`));
    throw error;
  }
}

/** The scripted part once the stack is up: demo pool, one login, the try-it QR, the addresses. */
async function demo(stack: DevStack): Promise<void> {
  const { pool, created } = await demoPool(stack);
  if (created) {
    say(`created the demo user pool ${pool.poolId}`);
    say(`its secret (shown once; kept in ${DEMO_POOL_FILE}): ${pool.secret}`);
  } else {
    say(`demo user pool ${pool.poolId} (secret in ${DEMO_POOL_FILE})`);
  }

  say('scripted login: an app launches the mini-program with getPhone=1');
  const wechatUser = stack.sandbox.state.createUser({ phoneNumber: '13800138000' });
  const login = await scriptedLogin(stack.host, stack.service.url, pool, wechatUser.userId);
  say(`the app received (${login.appReturn.via}): ${maskTicketIn(login.appReturn.extMsg)}`);
  say(`the exchange returned HTTP ${login.exchangeStatus ?? '-'}, user:\n    ${userSummary(login.user)}`);

  const prefix = process.env.XDL_TRY_URL_PREFIX || DEFAULT_TRY_PREFIX;
  const link = tryItUrl(prefix, pool.poolId);
  const png = path.join(DATA_DIR, 'try-it.png');
  await writeQrPng(link, png);
  say(`try it: scan this 普通链接二维码 (${link}; PNG: ${png}; set XDL_TRY_URL_PREFIX to your registered prefix)`);
  console.log(await terminalQr(link));
  say(`ticket service:     ${stack.service.url}`);
  say(`WeChat sandbox:     ${stack.sandbox.url}`);
  say(`automator endpoint: ${stack.host.wsEndpoint}   (automator.connect({ wsEndpoint: '${stack.host.wsEndpoint}' }))`);
}

export function reportStartFailure(error: unknown): never {
  if (error instanceof PortInUseError)
    console.error(`[xiaodenglu] cannot start: ${error.message} (ports: XDL_SERVICE_PORT, XDL_DEVTOOLS_PORT)`);
  else console.error(`[xiaodenglu] cannot start: ${errorMessage(error)}`);
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runStart().catch(reportStartFailure);
