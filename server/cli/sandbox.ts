import { parseArgs } from 'node:util';
import { DEFAULT_SANDBOX_PORT, DEV_HOSTED_APP } from '../config.ts';
import { startSandbox } from '../sandbox/index.ts';
import { parseWholeNumber } from '../whole-number.ts';
import type { CliIo } from './io.ts';

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' } }, strict: true });
  const port = values.port === undefined ? DEFAULT_SANDBOX_PORT : parseWholeNumber(values.port);
  if (port === null || port > 65535) throw new Error(`--port: must be a whole number from 0 to 65535, got ${JSON.stringify(values.port)}`);
  const sandbox = await startSandbox({ port, apps: [DEV_HOSTED_APP] });
  io.err(`WeChat sandbox at ${sandbox.url}; AppID ${DEV_HOSTED_APP.appid} registered`);
  await io.stopRequested();
  await sandbox.close();
  return 0;
}
