/**
 * Reads the user an exchange answers with (`data` of `POST /oauth/app2wxapp/auth/:userPoolId`), in
 * any of its shapes: Authing's 小登录 (seed 003), this service 0.1.0 (`null` for unknown strings)
 * and now (`""` for unknown strings, the seed's extra fields). Unknown strings read as `null`, so every
 * shape gives the same user. The Swift and Java bridges do the same; all are held to
 * test/vectors/exchanged-user.json.
 */

export interface ExchangedUserView {
  id: string;
  phone: string | null;
  phoneCountryCode: string | null;
  openid: string;
  unionid: string | null;
  nickname: string | null;
  photo: string | null;
  loginsCount: number;
  lastLogin: string | null;
  signedUp: string;
  lastIP: string | null;
  blocked: boolean;
  token: string;
  tokenExpiredAt: string;
}

export type ExchangedUserRead = { ok: true; user: ExchangedUserView } | { ok: false; field: string };

class FieldError extends Error {
  constructor(readonly field: string) {
    super(field);
  }
}

export function readExchangedUser(data: unknown): ExchangedUserRead {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, field: '(data)' };
  const record = data as Record<string, unknown>;
  const required = (field: string): string => {
    const value = record[field];
    if (typeof value !== 'string' || value === '') throw new FieldError(field);
    return value;
  };
  const optional = (field: string): string | null => {
    const value = record[field];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') throw new FieldError(field);
    return value;
  };
  try {
    const loginsCount = record.loginsCount;
    if (typeof loginsCount !== 'number' || !Number.isInteger(loginsCount) || loginsCount < 0) throw new FieldError('loginsCount');
    const blocked = record.blocked ?? false;
    if (typeof blocked !== 'boolean') throw new FieldError('blocked');
    return {
      ok: true,
      user: {
        id: required('_id'),
        phone: optional('phone'),
        phoneCountryCode: optional('phoneCountryCode'),
        openid: required('openid'),
        unionid: optional('unionid'),
        nickname: optional('nickname'),
        photo: optional('photo'),
        loginsCount,
        lastLogin: optional('lastLogin'),
        signedUp: required('signedUp'),
        lastIP: optional('lastIP'),
        blocked,
        token: required('token'),
        tokenExpiredAt: required('tokenExpiredAt'),
      },
    };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, field: error.field };
    throw error;
  }
}
