import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { DATA_KEY_FILE, DataKeyMissingError, resolveDataKeys } from '../../server/data-keys.ts';
import { WECHAT_API_URL, startService } from '../../server/index.ts';
import { manualClock } from '../../server/clock.ts';
import { createPool } from '../../server/pools.ts';
import { DataKeyConfigError, formatDataKey, generateDataKey } from '../../server/secret-box.ts';
import { openStore } from '../../server/store/open.ts';
import { HOSTED, OWN } from './helpers.ts';

const folders: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'xdl-keys-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('data keys of the embedded store', () => {
  it('generates one key file on first start, mode 0600, and reuses it', () => {
    const dir = dataDir();
    const [first] = resolveDataKeys({ store: 'embedded', dataDir: dir });
    const path = join(dir, DATA_KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^local-[0-9a-f]{8}:[A-Za-z0-9_-]{43}\n$/);
    const [again] = resolveDataKeys({ store: 'embedded', dataDir: dir });
    expect(again!.kid).toBe(first!.kid);
    expect(again!.key.equals(first!.key)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual([DATA_KEY_FILE]);
  });

  it('keeps a pool AppSecret readable across restarts of a store in a data folder', async () => {
    const dir = dataDir();
    const first = await openStore({ kind: 'embedded', dataDir: dir });
    const { pool } = await createPool(first, manualClock(), { name: 'Own', appid: OWN.appid, appSecret: OWN.secret });
    await first.close();
    const second = await openStore({ kind: 'embedded', dataDir: dir });
    try {
      expect((await second.getPool(pool.id))?.appSecret).toBe(OWN.secret);
    } finally {
      await second.close();
    }
  });

  it('puts configured keys first and keeps the folder key for reading; refuses other material under its kid', () => {
    const dir = dataDir();
    const [fileKey] = resolveDataKeys({ store: 'embedded', dataDir: dir });
    const configured = generateDataKey('ops');
    expect(resolveDataKeys({ store: 'embedded', dataDir: dir, configured: [configured] }).map((k) => k.kid)).toEqual(['ops', fileKey!.kid]);
    expect(() => resolveDataKeys({ store: 'embedded', dataDir: dir, configured: [generateDataKey(fileKey!.kid)] })).toThrow(
      DataKeyConfigError,
    );
    const untouched = dataDir();
    expect(resolveDataKeys({ store: 'embedded', dataDir: untouched, configured: [configured] })).toEqual([configured]);
    expect(readdirSync(untouched)).toEqual([]);
  });

  it('names the key file when it is damaged', () => {
    const dir = dataDir();
    writeFileSync(join(dir, DATA_KEY_FILE), 'local-1:short\n', { mode: 0o600 });
    expect(() => resolveDataKeys({ store: 'embedded', dataDir: dir })).toThrow(
      `${join(dir, DATA_KEY_FILE)}: key "local-1" must be 32 random bytes`,
    );
  });

  it('uses a key of its own for an in-memory store', () => {
    const [first] = resolveDataKeys({ store: 'embedded' });
    const [second] = resolveDataKeys({ store: 'embedded' });
    expect(first!.key.equals(second!.key)).toBe(false);
  });
});

describe('data keys of a PostgreSQL store', () => {
  it('refuses to start a production service without XDL_DATA_KEYS, before touching the database', async () => {
    // Unreachable: only a refusal before connecting can give this error.
    const start = startService({
      port: 0,
      wechatBaseUrl: WECHAT_API_URL,
      hostedApp: HOSTED,
      production: true,
      logger: false,
      store: 'postgres',
      databaseUrl: 'postgres://nobody@127.0.0.1:1/none',
    });
    await expect(start).rejects.toThrow(DataKeyMissingError);
    await expect(start).rejects.toThrow(/^XDL_DATA_KEYS is not set: a PostgreSQL store needs a data key/);
  });

  it('requires the key outside production too', async () => {
    await expect(openStore({ kind: 'postgres', databaseUrl: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow(DataKeyMissingError);
  });
});

describe('data key configuration', () => {
  it('reads XDL_DATA_KEYS (first current) over the config file, naming a bad value', () => {
    const k1 = generateDataKey('k1');
    const k2 = generateDataKey('k2');
    expect(loadConfig({ XDL_DATA_KEYS: `${formatDataKey(k2)},${formatDataKey(k1)}` }).dataKeys.map((k) => k.kid)).toEqual(['k2', 'k1']);
    expect(loadConfig({}).dataKeys).toEqual([]);
    expect(() => loadConfig({ XDL_DATA_KEYS: 'k1:nope' })).toThrow(ConfigError);
    expect(() => loadConfig({ XDL_DATA_KEYS: 'k1:nope' })).toThrow('XDL_DATA_KEYS (key 1): key "k1" must be 32 random bytes');
    const dir = dataDir();
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ dataKeys: [formatDataKey(k1)] }));
    expect(loadConfig({}, file).dataKeys.map((k) => k.kid)).toEqual(['k1']);
    expect(loadConfig({ XDL_DATA_KEYS: formatDataKey(k2) }, file).dataKeys.map((k) => k.kid)).toEqual(['k2']);
    writeFileSync(file, JSON.stringify({ dataKeys: formatDataKey(k1) }));
    expect(() => loadConfig({}, file)).toThrow(`dataKeys (${file}): must be a list of "kid:base64url-key" strings`);
  });
});
