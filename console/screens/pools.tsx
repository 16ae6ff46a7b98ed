/** Pools: the list, a new pool, one pool's settings, its secret, its codes and its dashboard. */
import { useState } from 'preact/hooks';
import { api, type Pool } from '../api.ts';
import { ErrorText, Section, useLoad, useT, when } from '../ui.tsx';
import { DashboardPanel } from './dashboard.tsx';

/** The form's values as the admin API takes them: an empty AppSecret keeps the stored one. */
function settingsOf(form: HTMLFormElement, pool: Pool | null): Record<string, unknown> {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const settings: Record<string, unknown> = {
    name: text('name'),
    logo: text('logo') || null,
    connectionDisplayName: text('connectionDisplayName'),
    ticketExpiresAfter: Number(text('ticketExpiresAfter')),
    ticketExchangeUserInfoNeedSecret: data.get('ticketExchangeUserInfoNeedSecret') === 'on',
    loginOnly: data.get('loginOnly') === 'on',
    requireCodeChallenge: data.get('requireCodeChallenge') === 'on',
  };
  if (!pool) settings.connectionIdentifier = text('connectionIdentifier');
  const appid = text('appid');
  const appSecret = text('appSecret');
  if (appid === '') {
    if (pool?.appid) Object.assign(settings, { appid: null, appSecret: null });
  } else {
    settings.appid = appid;
    if (appSecret !== '') settings.appSecret = appSecret;
  }
  if (!pool && settings.logo === null) delete settings.logo;
  return settings;
}

function PoolForm({ pool, onSaved }: { pool: Pool | null; onSaved: (pool: Pool, secret?: string) => void }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const settings = settingsOf(event.currentTarget as HTMLFormElement, pool);
    try {
      if (pool) {
        onSaved(await api.updatePool(pool.id, settings));
        setSaved(true);
      } else {
        const created = await api.createPool(settings);
        onSaved(created.pool, created.secret);
      }
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <form class="grid-form" onSubmit={submit}>
      <label>
        {t('poolName')}
        <input name="name" required maxLength={64} value={pool?.name ?? ''} />
      </label>
      <label>
        {t('identifier')}
        <input
          name="connectionIdentifier"
          pattern="[a-z0-9-]{1,31}"
          value={pool?.connectionIdentifier ?? 'wechat-miniprogram'}
          readOnly={pool !== null}
          aria-describedby="identifier-hint"
        />
        <small id="identifier-hint">{t('identifierHint')}</small>
      </label>
      <label>
        {t('displayName')}
        <input name="connectionDisplayName" required maxLength={32} value={pool?.connectionDisplayName ?? '微信'} />
      </label>
      <label>
        {t('logo')}
        <input name="logo" type="url" value={pool?.logo ?? ''} />
      </label>
      <label>
        {t('ticketLifetime')}
        <input name="ticketExpiresAfter" type="number" min={10} max={3600} required value={pool?.ticketExpiresAfter ?? 120} />
      </label>
      <label>
        {t('appid')}
        <input name="appid" pattern="wx[0-9a-f]{16}" value={pool?.appid ?? ''} />
      </label>
      <label>
        {t('appSecret')} {pool?.appSecretSet ? `(${t('appSecretSet')})` : ''}
        <input name="appSecret" type="password" autocomplete="off" pattern="[0-9a-f]{32}" aria-describedby="secret-hint" />
        <small id="secret-hint">{t('appSecretHint')}</small>
      </label>
      <fieldset>
        <label class="check">
          <input type="checkbox" name="ticketExchangeUserInfoNeedSecret" checked={pool?.ticketExchangeUserInfoNeedSecret ?? true} />
          {t('needsSecret')}
        </label>
        <label class="check">
          <input type="checkbox" name="loginOnly" checked={pool?.loginOnly ?? false} />
          {t('loginOnly')}
        </label>
        <label class="check">
          <input type="checkbox" name="requireCodeChallenge" checked={pool?.requireCodeChallenge ?? false} />
          {t('requireCodeChallenge')}
        </label>
      </fieldset>
      <ErrorText error={error} />
      {saved && <p role="status">{t('saved')}</p>}
      <div>
        <button type="submit">{pool ? t('save') : t('create')}</button>
      </div>
    </form>
  );
}

/** A secret shown once, with a copy button. */
function SecretOnce({ secret }: { secret: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div class="secret" role="status">
      <p>{t('secretOnce')}</p>
      <code data-testid="pool-secret">{secret}</code>
      <button type="button" onClick={() => navigator.clipboard?.writeText(secret).then(() => setCopied(true))}>
        {copied ? t('copied') : t('copy')}
      </button>
    </div>
  );
}

export function PoolsScreen() {
  const t = useT();
  const pools = useLoad(() => api.pools());
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ pool: Pool; secret: string } | null>(null);
  return (
    <>
      <Section title={t('pools')}>
        <ErrorText error={pools.error} />
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('poolName')}</th>
                <th>ID</th>
                <th>{t('identifier')}</th>
                <th>{t('loginOnly')}</th>
              </tr>
            </thead>
            <tbody>
              {(pools.value ?? []).map((pool) => (
                <tr key={pool.id}>
                  <td>
                    <a href={`#/pools/${pool.id}`}>{pool.name}</a>
                  </td>
                  <td>
                    <code>{pool.id}</code>
                  </td>
                  <td>{pool.connectionIdentifier}</td>
                  <td>{pool.loginOnly ? '✓' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {!creating && (
          <button type="button" onClick={() => setCreating(true)}>
            {t('newPool')}
          </button>
        )}
      </Section>
      {created && (
        <Section title={created.pool.name}>
          <SecretOnce secret={created.secret} />
          <a href={`#/pools/${created.pool.id}`}>{t('settings')} →</a>
        </Section>
      )}
      {creating && (
        <Section title={t('newPool')}>
          <PoolForm
            pool={null}
            onSaved={(pool, secret) => {
              setCreating(false);
              setCreated({ pool, secret: secret ?? '' });
              pools.reload();
            }}
          />
        </Section>
      )}
    </>
  );
}

export function PoolScreen({ id }: { id: string }) {
  const t = useT();
  const pool = useLoad(() => api.pool(id), [id]);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rotate = async () => {
    if (!confirm(t('rotateConfirm'))) return;
    try {
      setSecret((await api.rotateSecret(id)).secret);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  if (!pool.value) return <ErrorText error={pool.error} />;
  return (
    <>
      <p>
        <a href="#/pools">← {t('back')}</a>
      </p>
      <Section title={pool.value.name}>
        <p class="muted">
          <code>{pool.value.id}</code> · {when(pool.value.createdAt)}
        </p>
      </Section>
      <DashboardPanel poolId={id} />
      <Section title={t('settings')}>
        <PoolForm pool={pool.value} onSaved={(saved) => pool.set(saved)} />
      </Section>
      <Section title={t('rotateSecret')}>
        <ErrorText error={error} />
        {secret ? (
          <SecretOnce secret={secret} />
        ) : (
          <button type="button" class="danger" onClick={rotate}>
            {t('rotateSecret')}
          </button>
        )}
      </Section>
      <Section title={t('downloads')}>
        <p class="row">
          <a class="button" href={`/admin/api/pools/${id}/wxacode.png`} download={`wxacode-${id}.png`}>
            {t('wxacode')}
          </a>
          <a class="button" href={`/admin/api/pools/${id}/try-qr.png`} download={`try-${id}.png`}>
            {t('tryQr')}
          </a>
        </p>
      </Section>
    </>
  );
}
