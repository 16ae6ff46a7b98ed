import { UNKNOWN, type ExchangedUser } from '../miniprogram/contract/schemas.ts';
import type { AccountRecord, TicketRecord } from './store/types.ts';

/**
 * The exchange's answer in seed 003's shape. What WeChat no longer gives (since 2021 `getUserInfo`
 * returns an anonymous profile: gender 0, empty places) is given as WeChat gives it, so a client that
 * decodes every field of the seed's `oauth` still reads it.
 */
export function exchangedUser(account: AccountRecord, ticket: TicketRecord, signed: { token: string; expiresAt: Date }): ExchangedUser {
  const unionid = account.unionid ?? ticket.unionid ?? UNKNOWN;
  const nickname = account.nickname ?? UNKNOWN;
  const photo = account.photo ?? UNKNOWN;
  const phone = account.phone ?? UNKNOWN;
  const oauth = {
    nickName: nickname,
    gender: 0,
    language: UNKNOWN,
    city: UNKNOWN,
    province: UNKNOWN,
    country: UNKNOWN,
    avatarUrl: photo,
    phone,
    openid: ticket.openid,
    unionid,
  };
  return {
    _id: account.id,
    phone,
    phoneCountryCode: account.phoneCountryCode ?? UNKNOWN,
    openid: ticket.openid,
    unionid,
    nickname,
    username: nickname,
    photo,
    company: UNKNOWN,
    emailVerified: false,
    isDeleted: false,
    oauth: JSON.stringify(oauth),
    metadata: JSON.stringify(UNKNOWN),
    registerMethod: 'oauth:app2wxapp',
    loginsCount: account.loginsCount,
    lastLogin: account.lastLogin?.toISOString() ?? UNKNOWN,
    signedUp: account.signedUp.toISOString(),
    lastIP: account.lastIP ?? UNKNOWN,
    blocked: account.blocked,
    token: signed.token,
    tokenExpiredAt: signed.expiresAt.toISOString(),
  };
}
