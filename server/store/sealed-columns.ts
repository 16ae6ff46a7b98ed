import { SEALED_PREFIX_PATTERN, SecretBoxError, isSealed } from '../secret-box.ts';
import type { SealedField, SecretBox } from '../secret-box.ts';
import type { SqlDatabase } from './sql.ts';

/** Each sealed value is bound to its row and column, so a copy in another row does not open. */
export const poolAppSecretField = (poolId: string): SealedField => ({
  aad: `pools.app_secret/${poolId}`,
  label: `pools.app_secret of pool ${poolId}`,
});

export const sessionKeyField = (idHash: string): SealedField => ({
  aad: `sessions.session_key/${idHash}`,
  label: 'sessions.session_key',
});

export const signingKeyField = (kid: string): SealedField => ({
  aad: `signing_keys.private_jwk/${kid}`,
  label: `the private half of signing key ${kid}`,
});

const keyCheckField = (kid: string): SealedField => ({ aad: `data_key_checks/${kid}`, label: `the check value of data key "${kid}"` });
const KEY_CHECK_PLAIN = 'xiaodenglu data key check';

/** A stored value in clear: sealed, or legacy clear text stored before encryption (sealed at the next start). */
export function openColumn(box: SecretBox, stored: string, field: SealedField): string {
  return isSealed(stored) ? box.open(stored, field) : stored;
}

export class DataKeyMismatchError extends Error {}

/**
 * Run at every start, after the migrations: proves each configured key is the one this database knew
 * under its kid, then seals legacy clear values and re-seals pool AppSecrets and signing keys still under
 * an older key (session keys live minutes; they are only sealed).
 * Updates are compare-and-set, so replicas starting together and live writes are never overwritten.
 */
export async function sealSecretsAtRest(db: SqlDatabase, box: SecretBox): Promise<void> {
  await checkKeys(db, box);

  const pools = await db.query<{ id: string; app_secret: string }>(
    'SELECT id, app_secret FROM pools WHERE app_secret IS NOT NULL AND NOT starts_with(app_secret, $1)',
    [box.currentPrefix],
  );
  for (const { id, app_secret: stored } of pools) {
    const field = poolAppSecretField(id);
    const sealed = box.seal(openColumn(box, stored, field), field);
    await db.query('UPDATE pools SET app_secret = $3 WHERE id = $1 AND app_secret = $2', [id, stored, sealed]);
  }

  const signingKeys = await db.query<{ kid: string; private_jwk: string }>(
    'SELECT kid, private_jwk FROM signing_keys WHERE private_jwk IS NOT NULL AND NOT starts_with(private_jwk, $1)',
    [box.currentPrefix],
  );
  for (const { kid, private_jwk: stored } of signingKeys) {
    const field = signingKeyField(kid);
    const sealed = box.seal(openColumn(box, stored, field), field);
    await db.query('UPDATE signing_keys SET private_jwk = $3 WHERE kid = $1 AND private_jwk = $2', [kid, stored, sealed]);
  }

  const sessions = await db.query<{ id_hash: string; session_key: string }>(
    'SELECT id_hash, session_key FROM sessions WHERE session_key !~ $1',
    [SEALED_PREFIX_PATTERN],
  );
  for (const { id_hash: idHash, session_key: stored } of sessions) {
    const sealed = box.seal(stored, sessionKeyField(idHash));
    await db.query('UPDATE sessions SET session_key = $3 WHERE id_hash = $1 AND session_key = $2', [idHash, stored, sealed]);
  }
}

/** Replicas with different key material under one kid would fail on each other's rows: refuse at start instead. */
async function checkKeys(db: SqlDatabase, box: SecretBox): Promise<void> {
  for (const kid of box.kids) {
    await db.query('INSERT INTO data_key_checks (kid, sealed) VALUES ($1, $2) ON CONFLICT (kid) DO NOTHING', [
      kid,
      box.seal(KEY_CHECK_PLAIN, keyCheckField(kid), kid),
    ]);
  }
  const checks = await db.query<{ kid: string; sealed: string }>('SELECT kid, sealed FROM data_key_checks');
  const configured = new Set(box.kids);
  for (const { kid, sealed } of checks) {
    if (!configured.has(kid)) continue;
    let opened: string | null = null;
    try {
      opened = box.open(sealed, keyCheckField(kid));
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
    }
    if (opened !== KEY_CHECK_PLAIN) {
      throw new DataKeyMismatchError(
        `data key "${kid}" is not the key this database was first used with under that kid: ` +
          'every replica (and every start) needs the same key material per kid (XDL_DATA_KEYS)',
      );
    }
  }
}
