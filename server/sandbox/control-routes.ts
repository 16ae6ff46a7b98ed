import type { FastifyInstance } from 'fastify';
import { FAULT_APIS, FAULT_KINDS } from './faults.ts';
import type { Fault, FaultTable } from './faults.ts';
import type { SandboxState } from './state.ts';

const str = { type: 'string', minLength: 1, maxLength: 128 } as const;

/** `/__sandbox/*`: lets tests and the headless host act as WeChat clients and break WeChat on purpose. */
export function registerControlRoutes(app: FastifyInstance, state: SandboxState, faults: FaultTable): void {
  app.post<{ Body: { appid: string; secret: string } }>(
    '/__sandbox/apps',
    {
      schema: {
        body: { type: 'object', required: ['appid', 'secret'], additionalProperties: false, properties: { appid: str, secret: str } },
      },
    },
    async (request) => {
      state.registerApp(request.body);
      return { appid: request.body.appid };
    },
  );

  app.post<{ Body: { phoneNumber?: string | null; countryCode?: string; unionid?: string } }>(
    '/__sandbox/users',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            phoneNumber: { anyOf: [{ type: 'string', pattern: '^[0-9]{5,20}$' }, { type: 'null' }] },
            countryCode: { type: 'string', pattern: '^[0-9]{1,4}$' },
            unionid: str,
          },
        },
      },
    },
    async (request) => {
      const user = state.createUser(request.body ?? {});
      return { userId: user.userId, unionid: user.unionid, phoneNumber: user.phoneNumber, countryCode: user.countryCode };
    },
  );

  app.get<{ Params: { userId: string }; Querystring: { appid: string } }>(
    '/__sandbox/users/:userId/openid',
    { schema: { querystring: { type: 'object', required: ['appid'], properties: { appid: str } } } },
    async (request, reply) => {
      if (!state.getUser(request.params.userId)) return reply.code(404).send({ error: 'unknown userId' });
      return { openid: state.openid(request.params.userId, request.query.appid) };
    },
  );

  const appUser = {
    body: { type: 'object', required: ['appid', 'userId'], additionalProperties: false, properties: { appid: str, userId: str } },
  };

  app.post<{ Body: { appid: string; userId: string } }>('/__sandbox/login-code', { schema: appUser }, async (request, reply) => {
    const { appid, userId } = request.body;
    if (!state.hasApp(appid)) return reply.code(404).send({ error: `unknown appid ${appid}` });
    if (!state.getUser(userId)) return reply.code(404).send({ error: `unknown userId ${userId}` });
    return { code: state.mintLoginCode(appid, userId) };
  });

  app.post<{ Body: { appid: string; userId: string } }>('/__sandbox/phone-code', { schema: appUser }, async (request, reply) => {
    const { appid, userId } = request.body;
    if (!state.hasApp(appid)) return reply.code(404).send({ error: `unknown appid ${appid}` });
    if (!state.getUser(userId)) return reply.code(404).send({ error: `unknown userId ${userId}` });
    const detail = state.mintPhoneCode(appid, userId);
    if (!detail) return reply.code(409).send({ error: `user ${userId} has no phone number` });
    return detail;
  });

  app.put<{ Body: Fault }>(
    '/__sandbox/faults',
    {
      schema: {
        body: {
          type: 'object',
          required: ['api', 'kind'],
          additionalProperties: false,
          properties: {
            api: { enum: [...FAULT_APIS] },
            kind: { enum: [...FAULT_KINDS] },
            delayMs: { type: 'integer', minimum: 0, maximum: 600_000 },
            times: { type: 'integer', minimum: 1 },
          },
        },
      },
    },
    async (request) => {
      faults.add(request.body);
      return { faults: faults.list() };
    },
  );

  app.delete('/__sandbox/faults', async () => {
    faults.clear();
    return { faults: [] };
  });
}
