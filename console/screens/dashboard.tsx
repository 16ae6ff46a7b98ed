/** One pool's dashboard: hourly logins and exchanges, refusals, WeChat errors, paid vs saved phone checks. */
import { useState } from 'preact/hooks';
import { api, type Dashboard } from '../api.ts';
import { ErrorText, Section, useLoad, useT } from '../ui.tsx';

/** Logins and exchanges per hour as bars; an SVG, so no charting library is needed for two series. */
function HourlyChart({ board, label }: { board: Dashboard; label: string }) {
  // Every hour of the range, the quiet ones at zero (the API lists only hours with counts).
  const byHour = new Map(board.hourly.map((h) => [new Date(h.hour).getTime(), h]));
  const hourly: Dashboard['hourly'] = [];
  for (let hour = new Date(board.since).getTime(); hour <= new Date(board.until).getTime(); hour += 3_600_000)
    hourly.push(byHour.get(hour) ?? { hour: new Date(hour).toISOString(), logins: 0, exchanges: 0 });
  const max = Math.max(1, ...hourly.map((h) => Math.max(h.logins, h.exchanges)));
  const width = Math.max(1, hourly.length) * 8;
  return (
    <svg class="chart" viewBox={`0 0 ${width} 100`} preserveAspectRatio="none" role="img" aria-label={label}>
      {hourly.map((h, i) => (
        <g key={h.hour}>
          <rect class="bar-logins" x={i * 8} y={100 - (h.logins / max) * 100} width={3.5} height={(h.logins / max) * 100}>
            <title>{`${new Date(h.hour).toLocaleString()} · ${h.logins}`}</title>
          </rect>
          <rect class="bar-exchanges" x={i * 8 + 4} y={100 - (h.exchanges / max) * 100} width={3.5} height={(h.exchanges / max) * 100} />
        </g>
      ))}
    </svg>
  );
}

function Counts({ title, rows }: { title: string; rows: { name: string; count: number }[] }) {
  const t = useT();
  return (
    <div>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <ul class="counts">
          {rows.map((row) => (
            <li key={row.name}>
              <code>{row.name}</code> <strong>{row.count}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function DashboardPanel({ poolId }: { poolId: string }) {
  const t = useT();
  const [days, setDays] = useState(7);
  const board = useLoad(() => api.dashboard(poolId, days), [poolId, days]);
  const data = board.value;
  return (
    <Section title={t('dashboard')}>
      <label class="inline">
        <select value={days} onChange={(event) => setDays(Number((event.currentTarget as HTMLSelectElement).value))}>
          {[1, 7, 30, 90].map((n) => (
            <option key={n} value={n}>
              {n} {t('days')}
            </option>
          ))}
        </select>
      </label>
      <ErrorText error={board.error} />
      {data && (
        <>
          <div class="tiles">
            <div class="tile">
              <span>{t('logins')}</span>
              <strong data-testid="total-logins">{data.totals.logins}</strong>
            </div>
            <div class="tile">
              <span>{t('exchanges')}</span>
              <strong>{data.totals.exchanges}</strong>
            </div>
            <div class="tile">
              <span>{t('phoneVerified')}</span>
              <strong>{data.totals.phoneVerified}</strong>
            </div>
            <div class="tile">
              <span>{t('phoneSaved')}</span>
              <strong>{data.totals.phoneSaved}</strong>
            </div>
          </div>
          <HourlyChart board={data} label={`${t('logins')} / ${t('exchanges')}`} />
          <p class="legend">
            <span class="key-logins">■</span> {t('logins')} <span class="key-exchanges">■</span> {t('exchanges')}
          </p>
          <div class="columns">
            <Counts title={t('loginRefusals')} rows={data.loginRefusals.map((r) => ({ name: r.reason, count: r.count }))} />
            <Counts title={t('exchangeRefusals')} rows={data.exchangeRefusals.map((r) => ({ name: r.reason, count: r.count }))} />
            <Counts title={t('wechatErrors')} rows={data.wechatErrors.map((r) => ({ name: r.outcome, count: r.count }))} />
          </div>
        </>
      )}
    </Section>
  );
}
