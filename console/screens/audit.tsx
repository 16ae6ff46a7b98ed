/** The audit log, newest first, a hundred at a time. */
import { useState } from 'preact/hooks';
import { api, type AuditEntry } from '../api.ts';
import { ErrorText, Section, useLoad, useT, when } from '../ui.tsx';

export function AuditScreen() {
  const t = useT();
  const first = useLoad(() => api.audit());
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const entries = [...(first.value ?? []), ...older];
  const last = entries.at(-1);
  return (
    <Section title={t('audit')}>
      <ErrorText error={first.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('at')}</th>
              <th>{t('actor')}</th>
              <th>{t('action')}</th>
              <th>{t('target')}</th>
              <th>{t('detail')}</th>
              <th>{t('ip')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{when(entry.at)}</td>
                <td>
                  {entry.actor} <small class="muted">{entry.via}</small>
                </td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>{entry.target && <code>{entry.target}</code>}</td>
                <td class="detail">{entry.detail ? JSON.stringify(entry.detail) : ''}</td>
                <td>{entry.ip ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {last && entries.length % 100 === 0 && (
        <button type="button" onClick={async () => setOlder([...older, ...(await api.audit(last.id))])}>
          {t('more')}
        </button>
      )}
    </Section>
  );
}
