import { systemClock } from '../clock.ts';
import {
  PoolInputError,
  PoolNotFoundError,
  PoolSettingsSchema,
  checkNewPool,
  checkPoolUpdate,
  createPool,
  describePool,
  rotatePoolSecret,
  updatePool,
  type PoolSettings,
  type PoolSettingsUpdate,
} from '../pools.ts';
import { fromText } from '../settings.ts';
import { UsageError, defineCommand } from './command.ts';
import { withStore } from './with-store.ts';

/** Each pool setting's flag; `none` clears a setting that may be null. */
const SETTING_FLAGS = {
  name: 'name',
  logo: 'logo',
  ticketExpiresAfter: 'ticket-expires-after',
  ticketExchangeUserInfoNeedSecret: 'exchange-needs-secret',
  connectionIdentifier: 'identifier',
  connectionDisplayName: 'display-name',
  appid: 'appid',
  appSecret: 'app-secret',
  loginOnly: 'login-only',
  requireCodeChallenge: 'require-code-challenge',
} as const satisfies Record<keyof PoolSettings, string>;

type Setting = keyof typeof SETTING_FLAGS;
const SETTINGS = Object.keys(SETTING_FLAGS) as Setting[];
const NULLABLE: ReadonlySet<Setting> = new Set(['logo', 'appid', 'appSecret']);

const options = {
  ...(Object.fromEntries(SETTINGS.map((setting) => [SETTING_FLAGS[setting], { type: 'string' }])) as Record<
    (typeof SETTING_FLAGS)[Setting],
    { type: 'string' }
  >),
  config: { type: 'string' },
} as const;

/** The settings the flags give, read as their schema says; the checks then name `name (--flag)`. */
function settingsFrom(values: Partial<Record<string, string | boolean>>): {
  settings: Record<string, unknown>;
  label: (setting: string) => string;
} {
  const settings: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const text = values[SETTING_FLAGS[setting]];
    if (typeof text !== 'string') continue;
    settings[setting] = NULLABLE.has(setting) && text === 'none' ? null : fromText(PoolSettingsSchema.properties[setting], text);
  }
  const label = (setting: string) => (setting in SETTING_FLAGS ? `${setting} (--${SETTING_FLAGS[setting as Setting]})` : setting);
  return { settings, label };
}

/** Pool checks report `setting: problem`; on the command line the flag is named too. */
async function withFlags<T>(label: (setting: string) => string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof PoolInputError)) throw error;
    throw new UsageError(error.message.replace(/^([A-Za-z]+)(?=: )/gm, (setting) => label(setting)));
  }
}

export default defineCommand({
  summary: 'create | list | show | update | rotate-secret user pools',
  usage: `<create|list|show|update|rotate-secret> [pool id] [options]
  --name <text>                          the pool's name (create: required)
  --logo <https URL|none>
  --ticket-expires-after <seconds>       10–3600, default 120
  --exchange-needs-secret <true|false>   default true
  --identifier <id>                      create only: lowercase letters, digits, "-", under 32 characters
  --display-name <text>                  shown on the login button
  --appid <wx…|none> --app-secret <hex|none>   the pool's own mini-program, set or cleared together
  --login-only <true|false>
  --require-code-challenge <true|false>  tickets bound to the launching app (PKCE); default false — set it
                                         for a pool whose exchange needs no secret
  --config <file>                        the service configuration (which store; docs/server.md)`,
  options,
  positionals: true,
  async run({ values, positionals }, io) {
    const [action, id, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const needsId = (): string => {
      if (!id) throw new UsageError(`${action}: the pool id is required`);
      return id;
    };
    const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
    const clock = systemClock;
    const { settings, label } = settingsFrom(values);
    switch (action) {
      case 'create': {
        if (settings.name === undefined) throw new UsageError('--name: required');
        const checked = await withFlags(label, () => {
          checkNewPool(settings as PoolSettings);
          return settings as PoolSettings;
        });
        const { pool, secret } = await withStore(io, values.config, (store) => createPool(store, clock, checked));
        print({ ...describePool(pool), secret, note: 'the secret is shown only now; keep it on your backend' });
        return 0;
      }
      case 'list':
        print(await withStore(io, values.config, async (store) => (await store.listPools()).map(describePool)));
        return 0;
      case 'show': {
        const poolId = needsId();
        const pool = await withStore(io, values.config, (store) => store.getPool(poolId));
        if (!pool) throw new PoolNotFoundError(poolId);
        print(describePool(pool));
        return 0;
      }
      case 'update': {
        const poolId = needsId();
        if (Object.keys(settings).length === 0) throw new UsageError('update: give at least one setting to change');
        const update = await withFlags(label, () => {
          checkPoolUpdate(settings as PoolSettingsUpdate);
          return settings as PoolSettingsUpdate;
        });
        print(
          describePool(await withStore(io, values.config, (store) => withFlags(label, () => updatePool(store, clock, poolId, update)))),
        );
        return 0;
      }
      case 'rotate-secret': {
        const poolId = needsId();
        const secret = await withStore(io, values.config, (store) => rotatePoolSecret(store, clock, poolId));
        print({ id: poolId, secret, note: 'the old secret no longer works; this one is shown only now' });
        return 0;
      }
      default:
        throw new UsageError(action ? `unknown action "${action}"` : 'which action?');
    }
  },
});
