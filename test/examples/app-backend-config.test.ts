/** The reference app backend's settings from the environment (examples/app-backend/config.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, DEFAULT_HOST, DEFAULT_PORT, parsePools } from '../../examples/app-backend/config.ts';

const POOL = '5f9a1b2c3d4e5f6a7b8c9d0e';
const BASE = { APP_BACKEND_SERVICE_URL: 'https://login.example.com/', APP_BACKEND_POOLS: JSON.stringify({ [POOL]: 's3cret' }) };

describe('app backend config', () => {
  it('reads the required settings and defaults the rest (127.0.0.1)', () => {
    expect(configFromEnv(BASE)).toEqual({
      serviceUrl: 'https://login.example.com',
      pools: { [POOL]: 's3cret' },
      host: DEFAULT_HOST,
      port: DEFAULT_PORT,
    });
    expect(DEFAULT_HOST).toBe('127.0.0.1');
    expect(
      configFromEnv({
        ...BASE,
        APP_BACKEND_SERVICE_ISSUER: 'https://public.example.com',
        APP_BACKEND_HOST: '0.0.0.0',
        APP_BACKEND_PORT: '0',
        APP_BACKEND_SESSION_LIFETIME_S: '3600',
        APP_BACKEND_SERVICE_TIMEOUT_MS: '2000',
      }),
    ).toMatchObject({
      serviceIssuer: 'https://public.example.com',
      host: '0.0.0.0',
      port: 0,
      sessionLifetimeS: 3600,
      serviceTimeoutMs: 2000,
    });
  });

  it.each([
    [{ APP_BACKEND_POOLS: BASE.APP_BACKEND_POOLS }, 'APP_BACKEND_SERVICE_URL: required'],
    [{ ...BASE, APP_BACKEND_SERVICE_URL: 'ftp://x' }, 'APP_BACKEND_SERVICE_URL: must be an http(s) URL'],
    [{ ...BASE, APP_BACKEND_POOLS: '' }, 'APP_BACKEND_POOLS: required'],
    [{ ...BASE, APP_BACKEND_POOLS: '[]' }, 'APP_BACKEND_POOLS: expected a JSON object'],
    [{ ...BASE, APP_BACKEND_POOLS: '{}' }, 'APP_BACKEND_POOLS: names no pool'],
    [{ ...BASE, APP_BACKEND_PORT: '70000' }, 'APP_BACKEND_PORT: must be a whole number from 0 to 65535'],
    [{ ...BASE, APP_BACKEND_SESSION_LIFETIME_S: '1.5' }, 'APP_BACKEND_SESSION_LIFETIME_S: must be a whole number'],
  ])('refuses a bad setting, naming its variable (%#)', (env, message) => {
    expect(() => configFromEnv(env)).toThrow(ConfigError);
    expect(() => configFromEnv(env)).toThrow(message);
  });

  it('never puts a pool secret in its message', () => {
    expect(() => parsePools(JSON.stringify({ [POOL]: 12345678 }))).toThrow(`pool ${POOL}: the secret must be a non-empty string`);
    expect(() => parsePools('{"a": "s3cret-value", "b": ""}')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret-value') }),
    );
  });

  it('reads back every map of pool ids to secrets it is given', () => {
    const pools = fc.dictionary(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), { minKeys: 1 });
    fc.assert(
      fc.property(pools, (given) => {
        expect(parsePools(JSON.stringify(given))).toEqual(given);
      }),
    );
  });

  it('refuses, with a ConfigError, every JSON value that is not such a map', () => {
    const notAMap = fc.oneof(
      fc.jsonValue().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
      fc.dictionary(fc.string({ minLength: 1 }), fc.oneof(fc.constant(''), fc.integer(), fc.boolean(), fc.constant(null)), { minKeys: 1 }),
    );
    fc.assert(
      fc.property(notAMap, (value) => {
        expect(() => parsePools(JSON.stringify(value))).toThrow(ConfigError);
      }),
    );
  });
});
