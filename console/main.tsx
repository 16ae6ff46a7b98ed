/** The console's shell: sign-in, navigation by the URL hash, language and theme. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, whenSignedOut, type Session } from './api.ts';
import { initialLang, translator, type Lang } from './i18n.ts';
import { AuditScreen } from './screens/audit.tsx';
import { PoolScreen, PoolsScreen } from './screens/pools.tsx';
import { UserScreen, UsersScreen } from './screens/users.tsx';
import { I18n, type T } from './ui.tsx';

function useHash(): string {
  const [hash, setHash] = useState(location.hash || '#/pools');
  useEffect(() => {
    const changed = () => setHash(location.hash || '#/pools');
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function SignIn({ t, notice, onSignedIn }: { t: T; notice: string | null; onSignedIn: (session: Session) => void }) {
  const [error, setError] = useState<string | null>(notice);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    try {
      onSignedIn(await api.signIn(String(form.get('name')), String(form.get('password'))));
    } catch (caught) {
      const reason = caught instanceof ApiError ? caught : null;
      setError(
        reason?.reason === 'rate_limited'
          ? t('rateLimited', { s: reason.retryAfterS ?? 60 })
          : reason?.reason === 'admin_sign_in_failed'
            ? t('wrongPassword')
            : String((caught as Error).message),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <h1>{t('title')}</h1>
      <form onSubmit={submit} class="card stack">
        <label>
          {t('name')}
          <input name="name" autocomplete="username" required />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
    </main>
  );
}

function App() {
  const [lang, setLang] = useState<Lang>(initialLang());
  const [theme, setTheme] = useState<string>(localStorage.getItem('xdl-theme') ?? '');
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const hash = useHash();
  const t = translator(lang);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    localStorage.setItem('xdl-lang', lang);
  }, [lang]);
  useEffect(() => {
    if (theme) document.documentElement.dataset.theme = theme;
    else delete document.documentElement.dataset.theme;
    localStorage.setItem('xdl-theme', theme);
  }, [theme]);
  useEffect(() => {
    whenSignedOut(() => {
      setNotice(t('sessionEnded'));
      setSession(null);
    });
    api.session().then(setSession, () => setSession(null));
  }, []);

  const toggleTheme = () => {
    const dark = theme ? theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    setTheme(dark ? 'light' : 'dark');
  };
  const tools = (
    <div class="tools">
      <button type="button" class="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} lang={lang === 'zh' ? 'en' : 'zh'}>
        {t('language')}
      </button>
      <button type="button" class="link" onClick={toggleTheme} aria-label={t('theme')} title={t('theme')}>
        ◐
      </button>
    </div>
  );

  if (session === undefined) return null;
  if (session === null)
    return (
      <I18n.Provider value={t}>
        <header class="bar">{tools}</header>
        <SignIn
          t={t}
          notice={notice}
          onSignedIn={(signedIn) => {
            setNotice(null);
            setSession(signedIn);
          }}
        />
      </I18n.Provider>
    );

  const [, section = 'pools', id] = hash.split('/');
  const screen =
    section === 'users' ? (
      id ? (
        <UserScreen id={id} />
      ) : (
        <UsersScreen />
      )
    ) : section === 'audit' ? (
      <AuditScreen />
    ) : id ? (
      <PoolScreen id={id} />
    ) : (
      <PoolsScreen />
    );
  const nav = (name: 'pools' | 'users' | 'audit') => (
    <a href={`#/${name}`} aria-current={section === name ? 'page' : undefined}>
      {t(name)}
    </a>
  );
  return (
    <I18n.Provider value={t}>
      <header class="bar">
        <strong class="brand">{t('title')}</strong>
        <nav aria-label={t('title')}>
          {nav('pools')}
          {nav('users')}
          {nav('audit')}
        </nav>
        {tools}
        <span class="who">{session.admin.name}</span>
        <button
          type="button"
          class="link"
          onClick={async () => {
            await api.signOut().catch(() => {});
            setSession(null);
          }}
        >
          {t('signOut')}
        </button>
      </header>
      <main key={hash}>{screen}</main>
    </I18n.Provider>
  );
}

render(<App />, document.getElementById('app')!);
