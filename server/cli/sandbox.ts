import { DEFAULT_SANDBOX_PORT, DEV_HOSTED_APP, Port } from '../config.ts';
import { startSandbox } from '../sandbox/index.ts';
import { checkedFlag, defineCommand } from './command.ts';

export default defineCommand({
  summary: 'start only the WeChat sandbox',
  usage: `[--port ${DEFAULT_SANDBOX_PORT}]
  --port <n>   where to listen on 127.0.0.1 (0: a free port)
The development stand-in for api.weixin.qq.com, with the development AppID ${DEV_HOSTED_APP.appid}. Refuses NODE_ENV=production.`,
  options: { port: { type: 'string' } },
  async run({ values }, io) {
    const port = values.port === undefined ? DEFAULT_SANDBOX_PORT : checkedFlag(Port, values.port, '--port');
    const sandbox = await startSandbox({ port, apps: [DEV_HOSTED_APP] });
    // Listening for the stop before saying it is up: a stop sent on that line is not missed.
    const stopped = io.stopRequested();
    io.err(`WeChat sandbox at ${sandbox.url}; AppID ${DEV_HOSTED_APP.appid} registered`);
    await stopped;
    await sandbox.close();
    return 0;
  },
});
