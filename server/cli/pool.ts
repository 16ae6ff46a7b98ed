import { parseArgs } from 'node:util';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { PoolNotFoundError, checkNewPool, checkPoolUpdate, createPool, describePool, rotatePoolSecret, updatePool } from '../pools.ts';
import type { PoolSettings, PoolSettingsUpdate } from '../pools.ts';
import { openStore, storeOptions } from '../store/open.ts';
import type { Store } from '../store/types.ts';
import { parseWholeNumber } from '../whole-number.ts';
import type { CliIo } from './io.ts';

const SETTING_FLAGS = {
  name: { type: 'string' },
  logo: { type: 'string' },
  'ticket-expires-after': { type: 'string' },
  'exchange-needs-secret': { type: 'string' },
  identifier: { type: 'string' },
  'display-name': { type: 'string' },
  appid: { type: 'string' },
  'app-secret': { type: 'string' },
  'login-only': { type: 'string' },
  config: { type: 'string' },
} as const;

const USAGE = `usage: xiaodenglu pool <create|list|show|update|rotate-secret> [id] [options]
  --name <text>                  pool name (create: required)
  --logo <https URL|none>
  --ticket-expires-after <s>     10–3600, default 120
  --exchange-needs-secret <true|false>   default true
  --identifier <id>              create only: lowercase letters, digits, "-", under 32 chars
  --display-name <text>          shown on the login button
  --appid <wx…> --app-secret <hex>       the pool's own mini-program (or "none" to clear)
  --login-only <true|false>
  --config <file>`;

function flagBool(flag: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`--${flag}: must be true or false, got "${value}"`);
}

function flagInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = parseWholeNumber(value);
  if (n === null) throw new Error(`--${flag}: must be a whole number of seconds, got "${value}"`);
  return n;
}

const orNull = (value: string | undefined): string | null | undefined => (value === 'none' ? null : value);

type Flags = { [K in keyof typeof SETTING_FLAGS]?: string };

function settingsFrom(flags: Flags): PoolSettingsUpdate {
  const update: PoolSettingsUpdate = {
    name: flags.name,
    logo: orNull(flags.logo),
    ticketExpiresAfter: flagInt('ticket-expires-after', flags['ticket-expires-after']),
    ticketExchangeUserInfoNeedSecret: flagBool('exchange-needs-secret', flags['exchange-needs-secret']),
    connectionDisplayName: flags['display-name'],
    appid: orNull(flags.appid),
    appSecret: orNull(flags['app-secret']),
    loginOnly: flagBool('login-only', flags['login-only']),
  };
  return Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined)) as PoolSettingsUpdate;
}

async function withStore<T>(env: CliIo['env'], configPath: string | undefined, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeOptions(loadConfig(env, configPath)));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
  const { values, positionals } = parseArgs({ args, options: SETTING_FLAGS, allowPositionals: true, strict: true });
  const [action, id, ...extra] = positionals;
  if (extra.length > 0) throw new Error(`unexpected arguments: ${extra.join(' ')}\n${USAGE}`);
  const needsId = () => {
    if (!id) throw new Error(`${action}: the pool id is required\n${USAGE}`);
    return id;
  };
  const clock = systemClock;
  switch (action) {
    case 'create': {
      if (values.name === undefined) throw new Error(`--name: required\n${USAGE}`);
      const settings: PoolSettings = { ...settingsFrom(values), name: values.name, connectionIdentifier: values.identifier } as PoolSettings;
      if (settings.connectionIdentifier === undefined) delete settings.connectionIdentifier;
      checkNewPool(settings);
      const { pool, secret } = await withStore(io.env, values.config, (store) => createPool(store, clock, settings));
      print({ ...describePool(pool), secret, note: 'the secret is shown only now; keep it on your backend' });
      return 0;
    }
    case 'list':
      print(await withStore(io.env, values.config, async (store) => (await store.listPools()).map(describePool)));
      return 0;
    case 'show': {
      const poolId = needsId();
      const pool = await withStore(io.env, values.config, (store) => store.getPool(poolId));
      if (!pool) throw new PoolNotFoundError(poolId);
      print(describePool(pool));
      return 0;
    }
    case 'update': {
      const poolId = needsId();
      if (values.identifier !== undefined) throw new Error('--identifier: the connection identifier is immutable once the pool exists');
      const update = settingsFrom(values);
      if (Object.keys(update).length === 0) throw new Error(`update: give at least one setting to change\n${USAGE}`);
      checkPoolUpdate(update);
      print(describePool(await withStore(io.env, values.config, (store) => updatePool(store, clock, poolId, update))));
      return 0;
    }
    case 'rotate-secret': {
      const poolId = needsId();
      const secret = await withStore(io.env, values.config, (store) => rotatePoolSecret(store, clock, poolId));
      print({ id: poolId, secret, note: 'the old secret no longer works; this one is shown only now' });
      return 0;
    }
    default:
      io.err(action ? `pool: unknown action "${action}"\n${USAGE}` : USAGE);
      return 2;
  }
}
