/** The routes' JSON schemas (also the OpenAPI document's), composed from the contract's definitions. */
import { Type } from 'typebox';
import { ExchangeRequest, IdentifyRequest, IssueTicketRequest, OpaqueToken, PoolId } from '../../miniprogram/contract/schemas.ts';

const poolIdParams = Type.Object({ poolId: PoolId });

export const profileSchema = { params: poolIdParams };
export const identifySchema = { params: poolIdParams, body: IdentifyRequest };
export const issueTicketSchema = { params: poolIdParams, body: IssueTicketRequest };
export const wxacodeSchema = {
  params: poolIdParams,
  querystring: Type.Object(
    { useSelfWxapp: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])) },
    { additionalProperties: false },
  ),
};
export const exchangeSchema = {
  params: Type.Object({ userPoolId: PoolId }),
  querystring: Type.Object({ ticket: Type.Optional(OpaqueToken) }),
  body: ExchangeRequest,
};
