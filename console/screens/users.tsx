/** Users: search by phone, openid, unionid or id; one user's identities and logins; block; reveal the phone (audited). */
import { useState } from 'preact/hooks';
import { api, type User } from '../api.ts';
import { ErrorText, Section, useLoad, useT, when } from '../ui.tsx';

type Field = 'phone' | 'openid' | 'unionid' | 'id';
const FIELDS: Field[] = ['phone', 'openid', 'unionid', 'id'];

export function UsersScreen() {
  const t = useT();
  const pools = useLoad(() => api.pools());
  const [results, setResults] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const query: Record<string, string> = {};
    const poolId = String(data.get('poolId') ?? '');
    const value = String(data.get('value') ?? '').trim();
    if (poolId) query.poolId = poolId;
    if (value) query[String(data.get('field'))] = value;
    try {
      setError(null);
      setResults(await api.users(query));
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <Section title={t('users')}>
      <form class="search" onSubmit={search} role="search">
        <label>
          {t('pool')}
          <select name="poolId">
            <option value="">{t('allPools')}</option>
            {(pools.value ?? []).map((pool) => (
              <option key={pool.id} value={pool.id}>
                {pool.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('searchBy')}
          <select name="field">
            {FIELDS.map((field) => (
              <option key={field} value={field}>
                {t(field === 'id' ? 'userId' : field)}
              </option>
            ))}
          </select>
        </label>
        <label class="grow">
          {t('search')}
          <input name="value" type="search" />
        </label>
        <button type="submit">{t('search')}</button>
      </form>
      <ErrorText error={error} />
      {results && results.length === 0 && <p class="muted">{t('noResults')}</p>}
      {results && results.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('userId')}</th>
                <th>{t('phone')}</th>
                <th>{t('status')}</th>
                <th>{t('loginsCount')}</th>
                <th>{t('lastLogin')}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((user) => (
                <tr key={user.id}>
                  <td>
                    <a href={`#/users/${user.id}`}>
                      <code>{user.id}</code>
                    </a>
                  </td>
                  <td>{user.maskedPhone ?? '—'}</td>
                  <td>{user.blocked ? t('blocked') : t('active')}</td>
                  <td>{user.loginsCount}</td>
                  <td>{when(user.lastLogin)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

export function UserScreen({ id }: { id: string }) {
  const t = useT();
  const user = useLoad(() => api.user(id), [id]);
  const logins = useLoad(() => api.logins(id), [id]);
  const [phone, setPhone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    try {
      setError(null);
      await work();
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  const value = user.value;
  if (!value) return <ErrorText error={user.error} />;
  return (
    <>
      <p>
        <a href="#/users">← {t('back')}</a>
      </p>
      <Section title={value.id}>
        <dl class="facts">
          <dt>{t('pool')}</dt>
          <dd>
            <a href={`#/pools/${value.poolId}`}>
              <code>{value.poolId}</code>
            </a>
          </dd>
          <dt>{t('phone')}</dt>
          <dd data-testid="user-phone">{phone ?? value.maskedPhone ?? '—'}</dd>
          <dt>unionid</dt>
          <dd>{value.unionid ?? '—'}</dd>
          <dt>{t('status')}</dt>
          <dd data-testid="user-status">{value.blocked ? t('blocked') : t('active')}</dd>
          <dt>{t('loginsCount')}</dt>
          <dd>{value.loginsCount}</dd>
          <dt>{t('lastLogin')}</dt>
          <dd>
            {when(value.lastLogin)} {value.lastIP ?? ''}
          </dd>
          <dt>{t('signedUp')}</dt>
          <dd>{when(value.signedUp)}</dd>
        </dl>
        <ErrorText error={error} />
        <p class="row">
          <button
            type="button"
            class={value.blocked ? '' : 'danger'}
            onClick={() => act(async () => (await api.setBlocked(value.id, !value.blocked), user.reload()))}
          >
            {value.blocked ? t('unblock') : t('block')}
          </button>
          {value.maskedPhone && phone === null && (
            <button
              type="button"
              title={t('revealNote')}
              onClick={() => act(async () => setPhone((await api.revealPhone(value.id)).phone))}
            >
              {t('revealPhone')}
            </button>
          )}
        </p>
      </Section>
      <Section title={t('identities')}>
        <ul>
          {(value.identities ?? []).map((identity) => (
            <li key={identity.appid + identity.openid}>
              <code>{identity.appid}</code> · <code>{identity.openid}</code>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('loginHistory')}>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('at')}</th>
                <th>{t('ip')}</th>
                <th>AppID</th>
                <th>{t('phoneProof')}</th>
              </tr>
            </thead>
            <tbody>
              {(logins.value ?? []).map((login) => (
                <tr key={login.at}>
                  <td>{when(login.at)}</td>
                  <td>{login.ip}</td>
                  <td>
                    <code>{login.appid}</code>
                  </td>
                  <td>{login.phoneProof}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
}
