import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Type, type Static, type TSchema } from 'typebox';
import { DATA_KEYS_ENV } from './data-keys.ts';
import type { RateLimitSettings } from './http/rate-limit.ts';
import { DEFAULT_HOST, DEFAULT_LOG_LEVEL, DEFAULT_PORT, DEFAULT_WECHAT_TIMEOUT_MS, WECHAT_API_URL } from './defaults.ts';
import { DataKeyConfigError, parseDataKeys } from './secret-box.ts';
import type { DataKey } from './secret-box.ts';
import { SettingsError, checkSettings, fromText } from './settings.ts';
import type { WechatCredentials } from './wechat/client.ts';

export const DEFAULT_CONFIG_FILE = 'xiaodenglu.config.json';
export const DEFAULT_DATA_DIR = '.data';
export const DEFAULT_SANDBOX_PORT = 8788;
/** The hosted mini-program the sandbox pretends to be in development. */
export const DEV_HOSTED_APP: WechatCredentials = { appid: 'wxd0000000000000de', secret: 'de'.repeat(16) };

const Text = Type.String({ minLength: 1 });
/** A TCP port; 0 asks for a free one. */
export const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const Limit = Type.Integer({ minimum: 1, maximum: 10_000_000 });
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every setting of `xiaodenglu.config.json`; each one can also come from the environment (ENV_NAMES). */
export const ConfigFile = Type.Object(
  {
    host: Type.Optional(Text),
    port: Type.Optional(Port),
    wechatBaseUrl: Type.Optional(Text),
    sandboxPort: Type.Optional(Port),
    hostedApp: Type.Optional(Type.Object({ appid: Type.Optional(Text), secret: Type.Optional(Text) }, { additionalProperties: false })),
    dataDir: Type.Optional(Text),
    databaseUrl: Type.Optional(Text),
    databaseSchema: Type.Optional(Text),
    dataKeys: Type.Optional(Type.Array(Type.String(), { description: 'must be a list of "kid:base64url-key" strings' })),
    publicUrl: Type.Optional(Text),
    tryUrlPrefix: Type.Optional(Text),
    wechatTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 60_000 })),
    rateLimits: Type.Optional(
      Type.Object(
        {
          requestsPerIp: Type.Optional(Limit),
          loginFailuresPerIp: Type.Optional(Limit),
          loginFailuresPerIpHourly: Type.Optional(Limit),
          loginsPerUser: Type.Optional(Limit),
          exchangeFailuresPerClient: Type.Optional(Limit),
          exchangeFailuresPerClientHourly: Type.Optional(Limit),
        },
        { additionalProperties: false },
      ),
    ),
    trustedProxies: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'must be a list of addresses or CIDRs (loopback, linklocal, uniquelocal too)',
      }),
    ),
    metricsToken: Type.Optional(Type.String({ pattern: '^\\S{16,}$', description: 'must be at least 16 characters without spaces' })),
    metricsPort: Type.Optional(Port),
    workers: Type.Optional(Type.Integer({ minimum: 1, maximum: 256, description: 'must be a whole number of processes from 1 to 256' })),
    logLevel: Type.Optional(Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)))),
  },
  { additionalProperties: false },
);
type ConfigFile = Static<typeof ConfigFile>;

/** The environment variables of each setting, the first set winning (`PORT` after the file: see `loadConfig`). */
const ENV_NAMES: Record<string, string> = {
  host: 'XDL_HOST',
  port: 'XDL_PORT',
  wechatBaseUrl: 'XDL_WECHAT_BASE_URL',
  sandboxPort: 'XDL_SANDBOX_PORT',
  'hostedApp.appid': 'XDL_HOSTED_APPID',
  'hostedApp.secret': 'XDL_HOSTED_APP_SECRET',
  dataDir: 'XDL_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  databaseSchema: 'XDL_DATABASE_SCHEMA',
  publicUrl: 'XDL_PUBLIC_URL',
  tryUrlPrefix: 'XDL_TRY_URL_PREFIX',
  wechatTimeoutMs: 'XDL_WECHAT_TIMEOUT_MS',
  'rateLimits.requestsPerIp': 'XDL_RATE_LIMIT_REQUESTS_PER_IP',
  'rateLimits.loginFailuresPerIp': 'XDL_RATE_LIMIT_LOGIN_FAILURES_PER_IP',
  'rateLimits.loginFailuresPerIpHourly': 'XDL_RATE_LIMIT_LOGIN_FAILURES_PER_IP_HOURLY',
  'rateLimits.loginsPerUser': 'XDL_RATE_LIMIT_LOGINS_PER_USER',
  'rateLimits.exchangeFailuresPerClient': 'XDL_RATE_LIMIT_EXCHANGE_FAILURES_PER_CLIENT',
  'rateLimits.exchangeFailuresPerClientHourly': 'XDL_RATE_LIMIT_EXCHANGE_FAILURES_PER_CLIENT_HOURLY',
  trustedProxies: 'XDL_TRUSTED_PROXIES',
  metricsToken: 'XDL_METRICS_TOKEN',
  metricsPort: 'XDL_METRICS_PORT',
  workers: 'XDL_WORKERS',
  logLevel: 'XDL_LOG_LEVEL',
};

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
  /** The 普通链接二维码 rule of the try-it QR (`xiaodenglu qrcode`, the console's download). */
  tryUrlPrefix: string | undefined;
  wechatTimeoutMs: number;
  rateLimits: Partial<RateLimitSettings>;
  trustedProxies: string[];
  logLevel: string;
  /** Service processes on one port (`serve --workers`); undefined: one per core on PostgreSQL, one on the embedded store. */
  workers: number | undefined;
  /** Where to publish the metrics: a bearer token for /metrics on the service's listener, a port of their own, both or neither. */
  metrics: { token?: string; port?: number };
}

/** A setting that cannot be used; the message names it and where it came from. */
export class ConfigError extends SettingsError {}

type Env = Readonly<Record<string, string | undefined>>;

/** Settings that are gone, with what replaced them: an upgrade that still sets one is told, not ignored. */
const REPLACED: Record<string, string> = {
  XDL_TRUST_PROXY: 'XDL_TRUSTED_PROXIES, a list of the addresses or CIDRs of your proxies',
  trustProxy: 'trustedProxies, a list of the addresses or CIDRs of your proxies',
  XDL_RATE_LIMIT_PER_IP: 'XDL_RATE_LIMIT_REQUESTS_PER_IP and the failure budgets (docs/server.md, "Rate limits")',
  XDL_RATE_LIMIT_PER_POOL: 'nothing: a pool has no shared budget any more (docs/server.md, "Rate limits")',
  'rateLimits.perIp': 'rateLimits.requestsPerIp and the failure budgets (docs/server.md, "Rate limits")',
  'rateLimits.perPool': 'nothing: a pool has no shared budget any more (docs/server.md, "Rate limits")',
};

function refuseReplaced(file: unknown, env: Env, path: string): void {
  const inFile = (dotted: string) => {
    let node: unknown = file;
    for (const key of dotted.split('.'))
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    return node !== undefined;
  };
  for (const [name, replacement] of Object.entries(REPLACED)) {
    const given = name.startsWith('XDL_') ? env[name] !== undefined : inFile(name);
    if (given) throw new ConfigError(`${name}${name.startsWith('XDL_') ? '' : ` (${path})`}: no longer read; use ${replacement}`);
  }
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Each entry an address, a CIDR, or one of proxy-addr's names; the error names the entry. */
function checkTrustedProxies(entries: readonly string[], label: string): string[] {
  entries.forEach((entry, index) => {
    const [address = '', prefix, ...rest] = entry.trim().split('/');
    const version = isIP(address);
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 6 ? 128 : 32));
    if (PROXY_NAMES.has(entry.trim()) || (version !== 0 && prefixOk && rest.length === 0)) return;
    throw new ConfigError(
      `${label}: entry ${index + 1} must be an address, a CIDR or loopback/linklocal/uniquelocal, got ${JSON.stringify(entry)}`,
    );
  });
  return entries.map((entry) => entry.trim());
}

function readFile(path: string, required: boolean): unknown {
  if (!existsSync(path)) {
    if (required) throw new ConfigError(`config file ${path} does not exist`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`${path}: must hold a JSON object`);
  return parsed;
}

function schemaOf(path: string): TSchema | undefined {
  let node: unknown = ConfigFile;
  for (const key of path.split('.')) {
    const properties = (node as { properties?: Record<string, unknown> }).properties;
    node = properties?.[key];
    const members = (node as { anyOf?: unknown[] } | undefined)?.anyOf;
    if (Array.isArray(members)) node = members.find((member) => (member as { type?: string }).type === 'object') ?? node;
  }
  return node as TSchema | undefined;
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : (node[key] = {});
  }
  node[keys[keys.length - 1] as string] = value;
}

/** The file's settings overlaid with the environment's, each labelled with where it came from. */
function layered(file: unknown, env: Env): { values: Record<string, unknown>; labels: Map<string, string> } {
  const values = structuredClone(file) as Record<string, unknown>;
  const labels = new Map<string, string>();
  for (const [path, name] of Object.entries(ENV_NAMES)) {
    const text = env[name];
    if (text === undefined) continue;
    setAt(values, path, fromText(schemaOf(path), text));
    labels.set(path, `${path} (${name})`);
  }
  // PORT (what platforms set) only where neither XDL_PORT nor the file gives a port.
  if (env.PORT !== undefined && values.port === undefined) {
    values.port = fromText(schemaOf('port'), env.PORT);
    labels.set('port', 'port (PORT)');
  }
  return { values, labels };
}

function dataKeys(fromEnv: string | undefined, fromFile: readonly string[] | undefined): DataKey[] {
  try {
    if (fromEnv !== undefined) return parseDataKeys(fromEnv, DATA_KEYS_ENV);
    return fromFile === undefined ? [] : parseDataKeys(fromFile.join(','), 'dataKeys');
  } catch (error) {
    if (error instanceof DataKeyConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

/** Defaults, then the config file, then environment variables (later wins). */
export function loadConfig(env: Env, configPath?: string): ServerConfig {
  const path = configPath ?? env.XDL_CONFIG ?? DEFAULT_CONFIG_FILE;
  const file = readFile(path, configPath !== undefined || env.XDL_CONFIG !== undefined);
  refuseReplaced(file, env, path);
  const { values, labels } = layered(file, env);
  let config: ConfigFile;
  try {
    config = checkSettings(ConfigFile, values, (setting) => labels.get(setting) ?? `${setting} (${path})`);
  } catch (error) {
    if (error instanceof SettingsError) throw new ConfigError(error.message);
    throw error;
  }
  const production = env.NODE_ENV === 'production';
  const wechatBaseUrl = config.wechatBaseUrl ?? (production ? WECHAT_API_URL : null);
  const { appid, secret } = config.hostedApp ?? {};
  let hostedApp = DEV_HOSTED_APP;
  if (appid !== undefined || secret !== undefined || wechatBaseUrl !== null) {
    if (appid === undefined || secret === undefined) {
      const missing = appid === undefined ? 'hostedApp.appid' : 'hostedApp.secret';
      throw new ConfigError(
        `${missing} (${ENV_NAMES[missing]}): required when the service talks to a real WeChat (wechatBaseUrl set, or NODE_ENV=production)`,
      );
    }
    hostedApp = { appid, secret };
  }
  return {
    production,
    host: config.host ?? DEFAULT_HOST,
    port: config.port ?? DEFAULT_PORT,
    wechatBaseUrl,
    sandboxPort: config.sandboxPort ?? DEFAULT_SANDBOX_PORT,
    hostedApp,
    dataDir: config.dataDir ?? DEFAULT_DATA_DIR,
    databaseUrl: config.databaseUrl ?? null,
    databaseSchema: config.databaseSchema,
    dataKeys: dataKeys(env[DATA_KEYS_ENV], config.dataKeys),
    publicUrl: config.publicUrl,
    tryUrlPrefix: config.tryUrlPrefix,
    wechatTimeoutMs: config.wechatTimeoutMs ?? DEFAULT_WECHAT_TIMEOUT_MS,
    rateLimits: { ...config.rateLimits },
    trustedProxies: checkTrustedProxies(config.trustedProxies ?? [], labels.get('trustedProxies') ?? `trustedProxies (${path})`),
    logLevel: config.logLevel ?? DEFAULT_LOG_LEVEL,
    workers: config.workers,
    metrics: {
      ...(config.metricsToken !== undefined ? { token: config.metricsToken } : {}),
      ...(config.metricsPort !== undefined ? { port: config.metricsPort } : {}),
    },
  };
}
