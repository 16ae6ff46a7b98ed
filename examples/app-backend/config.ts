/** The backend's settings from the environment; a bad value is refused naming its variable. */
import type { BackendOptions } from './backend.ts';

export interface BackendConfig extends Omit<BackendOptions, 'clock' | 'fetch' | 'logger'> {
  host: string;
  port: number;
}

export const ENV = {
  serviceUrl: 'APP_BACKEND_SERVICE_URL',
  serviceIssuer: 'APP_BACKEND_SERVICE_ISSUER',
  pools: 'APP_BACKEND_POOLS',
  host: 'APP_BACKEND_HOST',
  port: 'APP_BACKEND_PORT',
  sessionLifetimeS: 'APP_BACKEND_SESSION_LIFETIME_S',
  serviceTimeoutMs: 'APP_BACKEND_SERVICE_TIMEOUT_MS',
} as const;

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 3000;

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

function httpUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(variable, 'must be an http(s) URL');
  return value.replace(/\/+$/, '');
}

function wholeNumber(variable: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(variable, `must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/** `{"<pool id>": "<pool secret>", …}`: at least one pool, every secret a non-empty string. */
export function parsePools(value: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError(ENV.pools, 'not JSON (expected {"<pool id>": "<pool secret>"})');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(ENV.pools, 'expected a JSON object {"<pool id>": "<pool secret>"}');
  }
  const entries = Object.entries(parsed);
  if (entries.length === 0) throw new ConfigError(ENV.pools, 'names no pool');
  for (const [poolId, secret] of entries) {
    if (poolId === '') throw new ConfigError(ENV.pools, 'a pool id is empty');
    // The secret itself never goes into a message.
    if (typeof secret !== 'string' || secret === '')
      throw new ConfigError(ENV.pools, `pool ${poolId}: the secret must be a non-empty string`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

export function configFromEnv(env: NodeJS.ProcessEnv): BackendConfig {
  const read = (variable: string): string | undefined => (env[variable] === '' ? undefined : env[variable]);
  const serviceUrl = read(ENV.serviceUrl);
  if (serviceUrl === undefined) throw new ConfigError(ENV.serviceUrl, 'required (the ticket service, e.g. https://login.example.com)');
  const pools = read(ENV.pools);
  if (pools === undefined) throw new ConfigError(ENV.pools, 'required: {"<pool id>": "<pool secret>"}');
  const issuer = read(ENV.serviceIssuer);
  const port = read(ENV.port);
  const lifetime = read(ENV.sessionLifetimeS);
  const timeout = read(ENV.serviceTimeoutMs);
  return {
    serviceUrl: httpUrl(ENV.serviceUrl, serviceUrl),
    ...(issuer !== undefined ? { serviceIssuer: httpUrl(ENV.serviceIssuer, issuer) } : {}),
    pools: parsePools(pools),
    host: read(ENV.host) ?? DEFAULT_HOST,
    port: port === undefined ? DEFAULT_PORT : wholeNumber(ENV.port, port, 0, 65535),
    ...(lifetime !== undefined ? { sessionLifetimeS: wholeNumber(ENV.sessionLifetimeS, lifetime, 60, 90 * 24 * 3600) } : {}),
    ...(timeout !== undefined ? { serviceTimeoutMs: wholeNumber(ENV.serviceTimeoutMs, timeout, 100, 60_000) } : {}),
  };
}
