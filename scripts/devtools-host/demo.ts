/**
 * `npm start`: build the launcher, run sandbox + ticket service (embedded store in .data/) + the
 * headless host, make sure a demo pool exists, log in once as an app would, show the try-it QR,
 * then stay up until Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startDevStack, type DevStack } from './dev-stack.ts';
import { scriptedLogin } from './scripted-login.ts';
import { maskPhone, maskTicketIn, maskToken } from './redact.ts';
import { DEFAULT_TRY_PREFIX, terminalQr, tryItUrl, writeQrPng } from '../qrcode/try-link.ts';
import { isPlainObject, errorMessage } from './types.ts';
import { PortInUseError } from './protocol/server.ts';

const DATA_DIR = '.data';
const DEMO_POOL_FILE = path.join(DATA_DIR, 'demo-pool.json');

const say = (line: string): void => console.log(`[xiaodenglu] ${line}`);

function build(): void {
  say('building the mini-program (npm run build)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('the mini-program build failed (see above); fix it, then run npm start again');
}

async function projectRoot(): Promise<string> {
  const config: unknown = JSON.parse(await readFile('project.config.json', 'utf8'));
  const root = isPlainObject(config) && typeof config.miniprogramRoot === 'string' ? config.miniprogramRoot : 'dist/';
  return path.resolve(root);
}

interface DemoPool {
  poolId: string;
  secret: string;
}

/** The demo pool is created once and remembered in .data/ (gitignored), secret included, for the scripted exchange. */
async function demoPool(stack: DevStack): Promise<{ pool: DemoPool; created: boolean }> {
  try {
    const saved: unknown = JSON.parse(await readFile(DEMO_POOL_FILE, 'utf8'));
    if (isPlainObject(saved) && typeof saved.poolId === 'string' && typeof saved.secret === 'string' && (await stack.service.store.getPool(saved.poolId))) {
      return { pool: { poolId: saved.poolId, secret: saved.secret }, created: false };
    }
  } catch {
    // no demo pool yet
  }
  const { poolId, secret } = await stack.service.pools.create({ name: '小登录演示', connectionDisplayName: '微信' });
  await mkdir(DATA_DIR, { recursive: true });
  await writeFile(DEMO_POOL_FILE, JSON.stringify({ poolId, secret }, null, 2));
  await chmod(DEMO_POOL_FILE, 0o600);
  return { pool: { poolId, secret }, created: true };
}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name}: a port number 0–65535, got ${JSON.stringify(raw)}`);
  return port;
}

function userSummary(user: Record<string, unknown> | null): string {
  if (!user) return '(none)';
  const shown = { ...user, phone: maskPhone(typeof user.phone === 'string' ? user.phone : null), token: maskToken(user.token) };
  return JSON.stringify(shown, null, 2).replace(/\n/g, '\n    ');
}

export async function runStart(): Promise<void> {
  build();
  const stack = await startDevStack({
    projectRoot: await projectRoot(),
    servicePort: portFromEnv('XDL_SERVICE_PORT', 8787),
    hostPort: portFromEnv('XDL_DEVTOOLS_PORT', 9420),
    dataDir: path.join(DATA_DIR, 'store'),
    onProgress: say,
  });
  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    say('stopping');
    await stack.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  const { pool, created } = await demoPool(stack);
  if (created) {
    say(`created the demo user pool ${pool.poolId}`);
    say(`its secret (shown once; kept in ${DEMO_POOL_FILE}): ${pool.secret}`);
  } else {
    say(`demo user pool ${pool.poolId} (secret in ${DEMO_POOL_FILE})`);
  }

  say('scripted login: an app launches the mini-program with getPhone=1 (the automator client waits 3 s per route change)');
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
  say('up; Ctrl-C stops everything');
}

export function reportStartFailure(error: unknown): never {
  if (error instanceof PortInUseError) console.error(`[xiaodenglu] cannot start: ${error.message} (ports: XDL_SERVICE_PORT, XDL_DEVTOOLS_PORT)`);
  else console.error(`[xiaodenglu] cannot start: ${errorMessage(error)}`);
  process.exit(1);
}
