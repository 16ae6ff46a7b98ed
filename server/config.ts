import { existsSync, readFileSync } from 'node:fs';
import { DATA_KEYS_ENV } from './data-keys.ts';
import type { RateLimitSettings } from './http/rate-limit.ts';
import { DEFAULT_HOST, DEFAULT_LOG_LEVEL, DEFAULT_PORT, DEFAULT_WECHAT_TIMEOUT_MS, WECHAT_API_URL } from './defaults.ts';
import { DataKeyConfigError, parseDataKeys } from './secret-box.ts';
import type { DataKey } from './secret-box.ts';
import type { WechatCredentials } from './wechat/client.ts';
import { parseWholeNumber } from './whole-number.ts';

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

/** A value and where it came from: `port` (the file) or `port (XDL_PORT)` (the environment). */
interface Found {
  value: unknown;
  label: string;
}

function integer(found: Found, min: number, max: number): number {
  const { value, label } = found;
  const n = typeof value === 'string' ? parseWholeNumber(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${label}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function text(found: Found): string {
  if (typeof found.value !== 'string' || found.value === '') {
    throw new ConfigError(`${found.label}: must be a non-empty string, got ${JSON.stringify(found.value)}`);
  }
  return found.value;
}

const optionalText = (found: Found | undefined): string | undefined => (found === undefined ? undefined : text(found));

function bool(found: Found): boolean {
  const { value, label } = found;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${label}: must be true or false, got ${JSON.stringify(value)}`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(found: Found | undefined): string {
  if (found === undefined) return DEFAULT_LOG_LEVEL;
  const level = text(found);
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`${found.label}: must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
  return level;
}

function readFile(path: string, required: boolean): Record<string, unknown> {
  if (!existsSync(path)) {
    if (required) throw new ConfigError(`config file ${path} does not exist`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!isObject(parsed)) throw new ConfigError(`${path}: must hold a JSON object`);
    return parsed;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A nested object of the file (`hostedApp`, `rateLimits`): an object whose keys are all known. */
function section(path: string, file: Record<string, unknown>, key: string, known: readonly string[]): Record<string, unknown> {
  const value = file[key];
  if (value === undefined) return {};
  if (!isObject(value)) throw new ConfigError(`${path}: ${key} must be an object`);
  for (const inner of Object.keys(value)) {
    if (!known.includes(inner)) throw new ConfigError(`${path}: unknown setting "${key}.${inner}"`);
  }
  return value;
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
  const fileApp = section(path, file, 'hostedApp', ['appid', 'secret']);
  const fileLimits = section(path, file, 'rateLimits', ['perIp', 'perPool']);
  /** The first environment variable set (even to ''), else the file's value. */
  const find = (key: string, fromFile: unknown, ...envNames: string[]): Found | undefined => {
    for (const name of envNames) if (env[name] !== undefined) return { value: env[name], label: `${key} (${name})` };
    return fromFile === undefined ? undefined : { value: fromFile, label: key };
  };
  const pick = (key: string, ...envNames: string[]) => find(key, file[key], ...envNames);
  const production = env.NODE_ENV === 'production';

  let wechatBaseUrl = optionalText(pick('wechatBaseUrl', 'XDL_WECHAT_BASE_URL')) ?? null;
  if (production) wechatBaseUrl ??= WECHAT_API_URL;
  const appid = find('hostedApp.appid', fileApp.appid, 'XDL_HOSTED_APPID');
  const secret = find('hostedApp.secret', fileApp.secret, 'XDL_HOSTED_APP_SECRET');
  let hostedApp: WechatCredentials;
  if (appid === undefined && secret === undefined && wechatBaseUrl === null) hostedApp = DEV_HOSTED_APP;
  else {
    hostedApp = {
      appid: text(appid ?? { value: undefined, label: 'hostedApp.appid (XDL_HOSTED_APPID)' }),
      secret: text(secret ?? { value: undefined, label: 'hostedApp.secret (XDL_HOSTED_APP_SECRET)' }),
    };
  }

  const rateLimits: Partial<RateLimitSettings> = {};
  const perIp = find('rateLimits.perIp', fileLimits.perIp, 'XDL_RATE_LIMIT_PER_IP');
  const perPool = find('rateLimits.perPool', fileLimits.perPool, 'XDL_RATE_LIMIT_PER_POOL');
  if (perIp !== undefined) rateLimits.perIp = integer(perIp, 1, 10_000_000);
  if (perPool !== undefined) rateLimits.perPool = integer(perPool, 1, 10_000_000);
  const port = pick('port', 'XDL_PORT') ?? find('port', undefined, 'PORT');
  const sandboxPort = pick('sandboxPort', 'XDL_SANDBOX_PORT');
  const timeout = pick('wechatTimeoutMs', 'XDL_WECHAT_TIMEOUT_MS');
  const trustProxy = pick('trustProxy', 'XDL_TRUST_PROXY');
  return {
    production,
    host: optionalText(pick('host', 'XDL_HOST')) ?? DEFAULT_HOST,
    port: port === undefined ? DEFAULT_PORT : integer(port, 0, 65535),
    wechatBaseUrl,
    sandboxPort: sandboxPort === undefined ? DEFAULT_SANDBOX_PORT : integer(sandboxPort, 0, 65535),
    hostedApp,
    dataDir: optionalText(pick('dataDir', 'XDL_DATA_DIR')) ?? DEFAULT_DATA_DIR,
    databaseUrl: optionalText(pick('databaseUrl', 'DATABASE_URL')) ?? null,
    databaseSchema: optionalText(pick('databaseSchema', 'XDL_DATABASE_SCHEMA')),
    dataKeys: dataKeys(env[DATA_KEYS_ENV], file.dataKeys),
    publicUrl: optionalText(pick('publicUrl', 'XDL_PUBLIC_URL')),
    wechatTimeoutMs: timeout === undefined ? DEFAULT_WECHAT_TIMEOUT_MS : integer(timeout, 100, 60_000),
    rateLimits,
    trustProxy: trustProxy === undefined ? false : bool(trustProxy),
    logLevel: logLevel(pick('logLevel', 'XDL_LOG_LEVEL')),
  };
}
