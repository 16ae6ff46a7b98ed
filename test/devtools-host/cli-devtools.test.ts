/**
 * `xiaodenglu devtools` as a developer runs it next to `xiaodenglu serve`: only --sandbox and --service
 * given, the AppID and the baked service origin left to their defaults. Needs a build (npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { startSandbox, type Sandbox } from '../../server/sandbox/index.ts';
import { startService, type Service } from '../../server/index.ts';
import devtools, { hostOptionsFrom, startHost } from '../../server/cli/devtools.ts';
import { parseCommandArgs } from '../../server/cli/main.ts';
import { scriptedLogin } from '../../dev/scripted-login.ts';
import { auditResponsesOf } from '../support/openapi-audit.ts';
import type { DevtoolsHost } from '../../devtools-host/host.ts';

/** The host options `xiaodenglu devtools <args>` starts with, parsed as the command line is. */
const optionsFromArgs = (args: string[]) => hostOptionsFrom(parseCommandArgs(devtools, args).values, process.cwd());

let sandbox: Sandbox;
let service: Service;
let host: DevtoolsHost;

beforeAll(async () => {
  // What `xiaodenglu serve` does in development, on free ports and with the store in memory.
  const config = loadConfig({});
  sandbox = await startSandbox({ port: 0, apps: [config.hostedApp] });
  service = await startService({ port: 0, wechatBaseUrl: sandbox.url, hostedApp: config.hostedApp, logger: false });
  await auditResponsesOf(service.url);
  host = await startHost(optionsFromArgs(['--port', '0', '--sandbox', sandbox.url, '--service', service.url]));
});

afterAll(async () => {
  await host?.close();
  await service?.close();
  await sandbox?.close();
});

describe('xiaodenglu devtools', () => {
  it('logs in against the sandbox and service `xiaodenglu serve` starts, with no --appid', async () => {
    const pool = await service.pools.create({ name: 'cli', connectionDisplayName: '微信' });
    const { userId } = sandbox.state.createUser({ phoneNumber: '13800138123' });
    const login = await scriptedLogin(host, service.url, pool, userId);
    expect(login.appReturn.extMsg).toMatch(/^code=200&message=授权成功&ticket=/);
    expect(login.exchangeStatus).toBe(200);
    expect(login.user).toMatchObject({ phone: '13800138123' });
  });

  it.each([
    [['--port', '8o'], '--port: must be a whole number from 0 to 65535, got "8o"'],
    [['--port', '65536'], '--port: must be a whole number from 0 to 65535, got 65536'],
    [['--service', 'nope'], '--service: must be a URL, got "nope"'],
  ])('names the flag it cannot use: %j', (args, message) => {
    expect(() => optionsFromArgs(args)).toThrow(message);
  });
});
