import { parseArgs } from 'node:util';
import { DEFAULT_SANDBOX_PORT, DEV_HOSTED_APP } from '../config.ts';
import { startSandbox } from '../sandbox/index.ts';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' } }, strict: true });
  const port = values.port === undefined ? DEFAULT_SANDBOX_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: must be 0–65535, got ${values.port}`);
  const sandbox = await startSandbox({ port, apps: [DEV_HOSTED_APP] });
  console.error(`WeChat sandbox at ${sandbox.url}; AppID ${DEV_HOSTED_APP.appid} registered`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await sandbox.close();
  return 0;
}
