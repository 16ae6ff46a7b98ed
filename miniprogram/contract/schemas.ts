/**
 * The ticket service's request and response bodies, each defined once: a JSON Schema the service
 * validates with (and publishes in /openapi.json), and the TypeScript type of the same name that the
 * service, the mini-program, the sdk and the tests code against. The mini-program imports the types
 * only (`import type`): this file is not part of its build. Described for humans in docs/service-api.md.
 */
import { Type, type Static, type TSchema, type TUnion } from 'typebox';
import { POOL_ID_PATTERN } from './launch';
import { CODE_CHALLENGE_PATTERN, CODE_VERIFIER_PATTERN } from './pkce';
import { EXCHANGEABLE_TICKET } from './api';
import type { ServiceErrorReason } from './reasons';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * A union whose members a `kind` field tells apart, as OpenAPI's discriminator: a validator checks
 * the member the value's `kind` names, so its errors are that member's.
 */
function byKind<T extends TSchema[]>(members: [...T]) {
  return Type.Unsafe<Static<TUnion<T>>>({ type: 'object', oneOf: members, discriminator: { propertyName: 'kind' } });
}

export const PoolId = Type.String({ pattern: POOL_ID_PATTERN.source, description: '24 lowercase hex characters' });
/** Tickets and session ids: 256 random bits as base64url; the limits leave room for other issuers. */
export const OpaqueToken = Type.String({ ...EXCHANGEABLE_TICKET, pattern: EXCHANGEABLE_TICKET.pattern.source });
const WechatCode = Type.String({ minLength: 1, maxLength: 512 });
const CodeChallenge = Type.String({
  pattern: CODE_CHALLENGE_PATTERN.source,
  description: 'BASE64URL(SHA-256(codeVerifier)), 43 characters (PKCE S256)',
});
const CodeVerifier = Type.String({
  pattern: CODE_VERIFIER_PATTERN.source,
  description: 'the PKCE verifier of the codeChallenge the app launched with',
});
/** A phone number masked like `176****6754`. */
const MaskedPhone = Nullable(Type.String({ maxLength: 32 }));

/** Every response, success or failure: the HTTP status equals `code`; `error` is present on every failure (server/http/route-contract.ts). */
export interface ServiceEnvelope<T> {
  code: number;
  message: string;
  error?: ServiceErrorReason;
  data?: T;
}

/** `GET {API_PREFIX}/pools/:poolId/profile` — public, cacheable. */
export const PoolProfile = Type.Object(
  {
    poolId: PoolId,
    name: Type.String(),
    logo: Nullable(Type.String({ description: 'https URL of the logo; null: the default mark' })),
    connectionDisplayName: Type.String({ description: 'shown on the login button: 使用{connectionDisplayName}登录' }),
    loginOnly: Type.Boolean({ description: 'only existing accounts may log in' }),
    hasOwnWxapp: Type.Boolean({ description: 'the pool has its own mini-program (useSelfWxapp=1 is possible)' }),
    requireCodeChallenge: Type.Boolean({ description: 'a launch must carry codeChallenge (tickets bound to the launching app)' }),
  },
  { additionalProperties: false },
);
export type PoolProfile = Static<typeof PoolProfile>;

/** `POST {API_PREFIX}/pools/:poolId/sessions` — a wx.login code becomes a server-side session. */
export const IdentifyRequest = Type.Object({ loginCode: WechatCode, useSelfWxapp: Type.Boolean() }, { additionalProperties: false });
export type IdentifyRequest = Static<typeof IdentifyRequest>;

export const IdentifyResponse = Type.Object(
  {
    sessionId: OpaqueToken,
    expiresIn: Type.Integer({ minimum: 0, maximum: 300, description: 'seconds until the session lapses (the life of a wx.login code)' }),
    knownPhone: MaskedPhone,
    registered: Type.Boolean({ description: 'an account is already bound to this WeChat identity' }),
  },
  { additionalProperties: false },
);
export type IdentifyResponse = Static<typeof IdentifyResponse>;

/** How the user proves a phone number, if at all. */
export const PhoneProof = byKind([
  Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
  /** The verified phone the session reported as `knownPhone`. */
  Type.Object({ kind: Type.Literal('known') }, { additionalProperties: false }),
  /** From `bindgetphonenumber`: the new `code`; the legacy fields ride along when the client gives them. */
  Type.Object(
    {
      kind: Type.Literal('code'),
      code: WechatCode,
      encryptedData: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
      iv: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    },
    { additionalProperties: false },
  ),
  /** Clients without `code` (base library < 2.21.2): decrypted with the session key. */
  Type.Object(
    {
      kind: Type.Literal('encrypted'),
      encryptedData: Type.String({ minLength: 1, maxLength: 4096 }),
      iv: Type.String({ minLength: 1, maxLength: 64 }),
    },
    { additionalProperties: false },
  ),
]);
export type PhoneProof = Static<typeof PhoneProof>;

/**
 * `POST {API_PREFIX}/pools/:poolId/tickets` — the one round trip after the user's tap. Exactly one of
 * `sessionId` (the normal case) or `loginCode` (the session lapsed while the user hesitated: the page
 * called wx.login again and the service identifies and issues at once). `codeChallenge`: the one the
 * app launched with, if any; the exchange of this ticket will need its verifier.
 */
export const IssueTicketRequest = Type.Object(
  {
    sessionId: Type.Optional(OpaqueToken),
    loginCode: Type.Optional(WechatCode),
    useSelfWxapp: Type.Boolean(),
    phone: PhoneProof,
    codeChallenge: Type.Optional(CodeChallenge),
  },
  { additionalProperties: false },
);
export type IssueTicketRequest = Static<typeof IssueTicketRequest>;

export const IssueTicketResponse = Type.Object(
  {
    ticket: OpaqueToken,
    expiresIn: Type.Integer({ minimum: 1, description: "seconds the ticket stays exchangeable (the pool's ticketExpiresAfter)" }),
    expiresAt: Type.String({ description: 'ISO 8601 instant the ticket expires' }),
    maskedPhone: MaskedPhone,
    newUser: Type.Boolean({ description: 'this login created the account' }),
  },
  { additionalProperties: false },
);
export type IssueTicketResponse = Static<typeof IssueTicketResponse>;

/**
 * `POST /oauth/app2wxapp/auth/:userPoolId` (seed 003): `{ ticket, secret?, codeVerifier? }`, or `?ticket=`;
 * unknown fields are ignored, as the seed's clients send them. `codeVerifier` is required for a ticket
 * issued with a `codeChallenge`, and refused for one issued without.
 */
export const ExchangeRequest = Type.Union([
  Type.Object({
    ticket: Type.Optional(OpaqueToken),
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    codeVerifier: Type.Optional(CodeVerifier),
  }),
  Type.Null(),
]);
export type ExchangeRequest = Static<typeof ExchangeRequest>;

/** What a string field of the exchange answer holds when there is nothing to say: seed 003's clients decode strings, never null. */
export const UNKNOWN = '';

const SeedString = (description: string) => Type.String({ description: `${description}; "" when unknown` });

/**
 * The user as seed 003's exchange returns it — every field of its sample answer, with its JSON type
 * (strings are never null), so apps and backends written against Authing's 小登录 switch unchanged —
 * plus ours: `phoneCountryCode` and a JWKS-verifiable `token`.
 */
export const ExchangedUser = Type.Object(
  {
    _id: Type.String({ description: "the user id (the token's sub)" }),
    phone: SeedString('the verified phone number, in full'),
    phoneCountryCode: SeedString('its country code, e.g. +86'),
    openid: Type.String({ description: 'the openid under the mini-program that logged in' }),
    unionid: SeedString('the WeChat unionid'),
    nickname: SeedString('the nickname'),
    username: SeedString('seed 003: the user name (the nickname here)'),
    photo: SeedString('the avatar URL'),
    company: Type.String({ description: 'seed 003: always ""' }),
    emailVerified: Type.Boolean({ description: 'seed 003: always false (no email here)' }),
    isDeleted: Type.Boolean({ description: 'seed 003: always false (deleted users cannot log in)' }),
    oauth: Type.String({
      description:
        'seed 003: the WeChat profile as a JSON string: nickName, gender, language, city, province, country, avatarUrl, phone, openid, unionid',
    }),
    metadata: Type.String({ description: 'seed 003: user metadata as a JSON string; \'""\' (an empty JSON string) when none' }),
    registerMethod: Type.Literal('oauth:app2wxapp'),
    loginsCount: Type.Integer({ minimum: 0 }),
    lastLogin: SeedString('ISO 8601 instant of the last login'),
    signedUp: Type.String({ description: 'ISO 8601 instant the account was made' }),
    lastIP: SeedString('the address of the last login'),
    blocked: Type.Boolean(),
    token: Type.String({ description: 'ES256 JWS; verify it with /.well-known/jwks.json' }),
    tokenExpiredAt: Type.String({ description: 'ISO 8601 instant the token expires' }),
  },
  { additionalProperties: false },
);
export type ExchangedUser = Static<typeof ExchangedUser>;
