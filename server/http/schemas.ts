/** JSON schemas of the service's routes (also the source of the OpenAPI document). */
import { POOL_ID_PATTERN } from '../../miniprogram/core/launch-query.ts';

const poolId = { type: 'string', pattern: POOL_ID_PATTERN.source, description: '24 hex characters' } as const;

const poolIdParams = {
  type: 'object',
  required: ['poolId'],
  properties: { poolId },
} as const;

const code = { type: 'string', minLength: 1, maxLength: 512 } as const;
const urlSafe = { type: 'string', minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' } as const;

export const profileSchema = { params: poolIdParams } as const;

export const identifySchema = {
  params: poolIdParams,
  body: {
    type: 'object',
    required: ['loginCode', 'useSelfWxapp'],
    additionalProperties: false,
    properties: { loginCode: code, useSelfWxapp: { type: 'boolean' } },
  },
} as const;

export const issueTicketSchema = {
  params: poolIdParams,
  body: {
    type: 'object',
    required: ['useSelfWxapp', 'phone'],
    additionalProperties: false,
    properties: {
      sessionId: urlSafe,
      loginCode: code,
      useSelfWxapp: { type: 'boolean' },
      phone: {
        type: 'object',
        required: ['kind'],
        additionalProperties: false,
        properties: {
          kind: { enum: ['none', 'known', 'code', 'encrypted'] },
          code,
          encryptedData: { type: 'string', minLength: 1, maxLength: 4096 },
          iv: { type: 'string', minLength: 1, maxLength: 64 },
        },
      },
    },
  },
} as const;

export const wxacodeSchema = {
  params: poolIdParams,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: { useSelfWxapp: { enum: ['0', '1'] } },
  },
} as const;

/** Seed 003: `{ ticket, secret? }` in the body, or `?ticket=`; unknown body fields are ignored as the seed's clients send them. */
export const exchangeSchema = {
  params: {
    type: 'object',
    required: ['userPoolId'],
    properties: { userPoolId: poolId },
  },
  querystring: { type: 'object', properties: { ticket: urlSafe } },
  body: {
    type: ['object', 'null'],
    properties: { ticket: urlSafe, secret: { type: 'string', minLength: 1, maxLength: 256 } },
  },
} as const;
