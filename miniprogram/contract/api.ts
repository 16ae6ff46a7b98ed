/** Where the ticket service's routes live, and the limits of what travels through them. */
export const API_PREFIX = '/api/v1';

export const routes = {
  profile: (poolId: string): string => `${API_PREFIX}/pools/${encodeURIComponent(poolId)}/profile`,
  identify: (poolId: string): string => `${API_PREFIX}/pools/${encodeURIComponent(poolId)}/sessions`,
  issueTicket: (poolId: string): string => `${API_PREFIX}/pools/${encodeURIComponent(poolId)}/tickets`,
  wxacode: (poolId: string): string => `${API_PREFIX}/pools/${encodeURIComponent(poolId)}/wxacode.png`,
  /** Seed 003's path, kept as it is: app backends call it. */
  exchange: (poolId: string): string => `/oauth/app2wxapp/auth/${encodeURIComponent(poolId)}`,
} as const;

/** A ticket or session id the service accepts: base64url, 16–128 characters (it issues 43). */
export const EXCHANGEABLE_TICKET = { pattern: /^[A-Za-z0-9_-]+$/, minLength: 16, maxLength: 128 } as const;
