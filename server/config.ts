import { existsSync, readFileSync } from 'node:fs';
import { DATA_KEYS_ENV } from './data-keys.ts';
import type { RateLimitSettings } from './http/rate-limit.ts';
import { DEFAULT_PORT, WECHAT_API_URL } from './index.ts';
import { DataKeyConfigError, parseDataKeys } from './secret-box.ts';
import type { DataKey } from './secret-box.ts';
import type { WechatCredentials } from './wechat/client.ts';

export const DEFAULT_CONFIG_FILE = 'xiaodenglu.config.json';
export const DEFAULT_DATA_DIR = '.data';
export const DEFAULT_SANDBOX_PORT = 8788;
/** The hosted mini-program the sandbox pretends to be in development. */
export const DEV_HOSTED_APP: WechatCredentials = { appid: 'wxd0000000000000de', secret: 'de'.repeat(16) };

/** Everything `xiaodenglu serve` and `xiaodenglu pool` read; see docs/server.md. */
export interface ServerConfig {
  production: boolean;
  host: string;
  port: number;
  /** Absent in development: a sandbox is started in-process. */
  wechatBaseUrl: string | null;
  sandboxPort: number;
  hostedApp: WechatCredentials;
  dataDir: string;
  databaseUrl: string | null;
  databaseSchema: string | undefined;
  /** Keys sealing stored AppSecrets and session keys, the first current; empty: none configured. */
  dataKeys: DataKey[];
  publicUrl: string | undefined;
  wechatTimeoutMs: number;
  rateLimits: Partial<RateLimitSettings>;
  trustProxy: boolean;
  logLevel: string;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(name: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new ConfigError(`${name}: must be a non-empty string`);
  return value;
}

function bool(name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name}: must be true or false, got ${JSON.stringify(value)}`);
}

function readFile(path: string, required: boolean): Record<string, unknown> {
  if (!existsSync(path)) {
    if (required) throw new ConfigError(`config file ${path} does not exist`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`${path}: must hold a JSON object`);
    return parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

const KNOWN_KEYS = new Set([
  'host', 'port', 'wechatBaseUrl', 'sandboxPort', 'hostedApp', 'dataDir', 'databaseUrl', 'databaseSchema',
  'dataKeys', 'publicUrl', 'wechatTimeoutMs', 'rateLimits', 'trustProxy', 'logLevel',
]);

/** `XDL_DATA_KEYS` (comma-separated) wins over the file's `dataKeys` (a list of `kid:key` strings). */
function dataKeys(fromEnv: string | undefined, fromFile: unknown): DataKey[] {
  try {
    if (fromEnv !== undefined) return parseDataKeys(fromEnv, DATA_KEYS_ENV);
    if (fromFile === undefined) return [];
    if (!Array.isArray(fromFile) || !fromFile.every((entry): entry is string => typeof entry === 'string')) {
      throw new ConfigError('dataKeys: must be a list of "kid:base64url-key" strings');
    }
    return parseDataKeys(fromFile.join(','), 'dataKeys');
  } catch (error) {
    if (error instanceof DataKeyConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

/** Defaults, then the config file, then environment variables (later wins). */
export function loadConfig(env: Env, configPath?: string): ServerConfig {
  const path = configPath ?? env.XDL_CONFIG ?? DEFAULT_CONFIG_FILE;
  const file = readFile(path, configPath !== undefined || env.XDL_CONFIG !== undefined);
  for (const key of Object.keys(file)) if (!KNOWN_KEYS.has(key)) throw new ConfigError(`${path}: unknown setting "${key}"`);
  const pick = (key: string, envName: string): unknown => env[envName] ?? file[key];
  const production = env.NODE_ENV === 'production';

  const fileApp = (file.hostedApp ?? {}) as Record<string, unknown>;
  const appid = env.XDL_HOSTED_APPID ?? fileApp.appid;
  const secret = env.XDL_HOSTED_APP_SECRET ?? fileApp.secret;
  let wechatBaseUrl = (pick('wechatBaseUrl', 'XDL_WECHAT_BASE_URL') as string | undefined) ?? null;
  if (production) wechatBaseUrl ??= WECHAT_API_URL;
  let hostedApp: WechatCredentials;
  if (appid === undefined && secret === undefined && wechatBaseUrl === null) hostedApp = DEV_HOSTED_APP;
  else hostedApp = { appid: text('hostedApp.appid (XDL_HOSTED_APPID)', appid), secret: text('hostedApp.secret (XDL_HOSTED_APP_SECRET)', secret) };

  const rateLimits: Partial<RateLimitSettings> = {};
  const fileLimits = (file.rateLimits ?? {}) as Record<string, unknown>;
  const perIp = env.XDL_RATE_LIMIT_PER_IP ?? fileLimits.perIp;
  const perPool = env.XDL_RATE_LIMIT_PER_POOL ?? fileLimits.perPool;
  if (perIp !== undefined) rateLimits.perIp = integer('rateLimits.perIp', perIp, 1, 10_000_000);
  if (perPool !== undefined) rateLimits.perPool = integer('rateLimits.perPool', perPool, 1, 10_000_000);

  const port = pick('port', 'XDL_PORT') ?? env.PORT;
  const sandboxPort = pick('sandboxPort', 'XDL_SANDBOX_PORT');
  const timeout = pick('wechatTimeoutMs', 'XDL_WECHAT_TIMEOUT_MS');
  const trustProxy = pick('trustProxy', 'XDL_TRUST_PROXY');
  return {
    production,
    host: (pick('host', 'XDL_HOST') as string | undefined) ?? '127.0.0.1',
    port: port === undefined ? DEFAULT_PORT : integer('port', port, 0, 65535),
    wechatBaseUrl,
    sandboxPort: sandboxPort === undefined ? DEFAULT_SANDBOX_PORT : integer('sandboxPort', sandboxPort, 0, 65535),
    hostedApp,
    dataDir: (pick('dataDir', 'XDL_DATA_DIR') as string | undefined) ?? DEFAULT_DATA_DIR,
    databaseUrl: (pick('databaseUrl', 'DATABASE_URL') as string | undefined) ?? null,
    databaseSchema: pick('databaseSchema', 'XDL_DATABASE_SCHEMA') as string | undefined,
    dataKeys: dataKeys(env[DATA_KEYS_ENV], file.dataKeys),
    publicUrl: pick('publicUrl', 'XDL_PUBLIC_URL') as string | undefined,
    wechatTimeoutMs: timeout === undefined ? 5000 : integer('wechatTimeoutMs', timeout, 100, 60_000),
    rateLimits,
    trustProxy: trustProxy === undefined ? false : bool('trustProxy', trustProxy),
    logLevel: (pick('logLevel', 'XDL_LOG_LEVEL') as string | undefined) ?? 'info',
  };
}
