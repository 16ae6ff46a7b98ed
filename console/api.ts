/** The admin API as the console calls it: same origin, the session cookie, the CSRF token on changes. */

export interface Envelope<T> {
  code: number;
  message: string;
  error?: string;
  data?: T;
}

export class ApiError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly retryAfterS: number | null,
  ) {
    super(message);
  }
}

export interface Session {
  admin: { name: string };
  csrfToken: string;
  idleMinutes: number;
  expiresAt: string;
}

export interface Pool {
  id: string;
  name: string;
  logo: string | null;
  ticketExpiresAfter: number;
  ticketExchangeUserInfoNeedSecret: boolean;
  connectionIdentifier: string;
  connectionDisplayName: string;
  appid: string | null;
  appSecretSet: boolean;
  loginOnly: boolean;
  requireCodeChallenge: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface User {
  id: string;
  poolId: string;
  maskedPhone: string | null;
  phoneCountryCode: string | null;
  unionid: string | null;
  blocked: boolean;
  loginsCount: number;
  lastLogin: string | null;
  lastIP: string | null;
  signedUp: string;
  identities?: { appid: string; openid: string }[];
}

export interface Login {
  at: string;
  ip: string;
  appid: string;
  phoneProof: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  via: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

export interface Dashboard {
  poolId: string;
  since: string;
  until: string;
  hourly: { hour: string; logins: number; exchanges: number }[];
  totals: { logins: number; exchanges: number; phoneVerified: number; phoneSaved: number };
  loginRefusals: { reason: string; count: number }[];
  exchangeRefusals: { reason: string; count: number }[];
  wechatErrors: { outcome: string; count: number }[];
}

let csrfToken: string | null = null;
let onSignedOut: () => void = () => {};

export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/admin/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const envelope = (await response.json().catch(() => ({ code: response.status, message: response.statusText }))) as Envelope<T>;
  if (!response.ok) {
    const retry = response.headers.get('retry-after');
    const error = new ApiError(envelope.error ?? 'internal', envelope.message, retry === null ? null : Number(retry));
    if (error.reason === 'admin_unauthorized' && path !== '/session') onSignedOut();
    throw error;
  }
  return envelope.data as T;
}

export const api = {
  async signIn(name: string, password: string): Promise<Session> {
    const session = await call<Session>('POST', '/session', { name, password });
    csrfToken = session.csrfToken;
    return session;
  },
  async session(): Promise<Session> {
    const session = await call<Session>('GET', '/session');
    csrfToken = session.csrfToken;
    return session;
  },
  async signOut(): Promise<void> {
    await call('DELETE', '/session');
    csrfToken = null;
  },
  pools: () => call<Pool[]>('GET', '/pools'),
  pool: (id: string) => call<Pool>('GET', `/pools/${id}`),
  createPool: (settings: Record<string, unknown>) => call<{ pool: Pool; secret: string }>('POST', '/pools', settings),
  updatePool: (id: string, changes: Record<string, unknown>) => call<Pool>('PATCH', `/pools/${id}`, changes),
  rotateSecret: (id: string) => call<{ secret: string }>('POST', `/pools/${id}/secret`),
  dashboard: (id: string, days: number) => call<Dashboard>('GET', `/pools/${id}/dashboard?days=${days}`),
  users: (query: Record<string, string>) => call<User[]>('GET', `/users?${new URLSearchParams(query).toString()}`),
  user: (id: string) => call<User>('GET', `/users/${id}`),
  logins: (id: string) => call<Login[]>('GET', `/users/${id}/logins`),
  revealPhone: (id: string) => call<{ phone: string | null; countryCode: string | null }>('POST', `/users/${id}/phone`),
  setBlocked: (id: string, blocked: boolean) => call<User>('PUT', `/users/${id}/blocked`, { blocked }),
  audit: (before?: number) => call<AuditEntry[]>('GET', `/audit${before === undefined ? '' : `?before=${before}`}`),
};
