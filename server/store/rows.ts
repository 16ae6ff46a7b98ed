import type { AccountRecord, PoolRecord, SessionRecord, TicketRecord } from './types.ts';

export interface PoolRow {
  id: string;
  name: string;
  logo: string | null;
  secret_hash: string;
  ticket_expires_after: number;
  ticket_exchange_needs_secret: boolean;
  connection_identifier: string;
  connection_display_name: string;
  appid: string | null;
  app_secret: string | null;
  login_only: boolean;
  require_code_challenge: boolean;
  created_at: Date;
  updated_at: Date;
}

export const poolFromRow = (row: PoolRow): PoolRecord => ({
  id: row.id,
  name: row.name,
  logo: row.logo,
  secretHash: row.secret_hash,
  ticketExpiresAfter: Number(row.ticket_expires_after),
  ticketExchangeUserInfoNeedSecret: row.ticket_exchange_needs_secret,
  connectionIdentifier: row.connection_identifier,
  connectionDisplayName: row.connection_display_name,
  appid: row.appid,
  appSecret: row.app_secret,
  loginOnly: row.login_only,
  requireCodeChallenge: row.require_code_challenge,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface SessionRow {
  id_hash: string;
  pool_id: string;
  appid: string;
  use_self_wxapp: boolean;
  openid: string;
  unionid: string | null;
  session_key: string;
  expires_at: Date;
}

export const sessionFromRow = (row: SessionRow): SessionRecord => ({
  idHash: row.id_hash,
  poolId: row.pool_id,
  appid: row.appid,
  useSelfWxapp: row.use_self_wxapp,
  openid: row.openid,
  unionid: row.unionid,
  sessionKey: row.session_key,
  expiresAt: row.expires_at,
});

export interface AccountRow {
  id: string;
  pool_id: string;
  phone: string | null;
  phone_country_code: string | null;
  unionid: string | null;
  nickname: string | null;
  photo: string | null;
  blocked: boolean;
  logins_count: number;
  last_login: Date | null;
  last_ip: string | null;
  signed_up: Date;
}

export const accountFromRow = (row: AccountRow): AccountRecord => ({
  id: row.id,
  poolId: row.pool_id,
  phone: row.phone,
  phoneCountryCode: row.phone_country_code,
  unionid: row.unionid,
  nickname: row.nickname,
  photo: row.photo,
  blocked: row.blocked,
  loginsCount: Number(row.logins_count),
  lastLogin: row.last_login,
  lastIP: row.last_ip,
  signedUp: row.signed_up,
});

export interface TicketRow {
  hash: string;
  pool_id: string;
  account_id: string;
  appid: string;
  openid: string;
  unionid: string | null;
  expires_at: Date;
  used_at: Date | null;
  code_challenge: string | null;
}

export const ticketFromRow = (row: TicketRow): TicketRecord => ({
  hash: row.hash,
  poolId: row.pool_id,
  accountId: row.account_id,
  appid: row.appid,
  openid: row.openid,
  unionid: row.unionid,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
  codeChallenge: row.code_challenge,
});

/** A redeemed ticket (columns prefixed `ticket_`) beside its account's row (null columns if it has none). */
export type RedeemedRow = { [K in keyof TicketRow as `ticket_${K}`]: TicketRow[K] } & {
  [K in keyof AccountRow]: AccountRow[K] | null;
};

/** The columns of a `RedeemedRow`, selected from `redeemed r LEFT JOIN accounts a`. */
export const REDEEMED_COLUMNS = [
  ...(['hash', 'pool_id', 'account_id', 'appid', 'openid', 'unionid', 'expires_at', 'used_at', 'code_challenge'] as const).map(
    (column) => `r.${column} AS ticket_${column}`,
  ),
  'a.*',
].join(', ');

export function redemptionFromRow(row: RedeemedRow): { ticket: TicketRecord; account: AccountRecord | null } {
  const ticket = ticketFromRow({
    hash: row.ticket_hash,
    pool_id: row.ticket_pool_id,
    account_id: row.ticket_account_id,
    appid: row.ticket_appid,
    openid: row.ticket_openid,
    unionid: row.ticket_unionid,
    expires_at: row.ticket_expires_at,
    used_at: row.ticket_used_at,
    code_challenge: row.ticket_code_challenge,
  });
  return { ticket, account: row.id === null ? null : accountFromRow(row as AccountRow) };
}

export interface SigningKeyRow {
  kid: string;
  private_jwk: string | null;
  public_jwk: string;
  created_at: Date;
  activates_at: Date;
}
