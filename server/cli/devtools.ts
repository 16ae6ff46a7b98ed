/**
 * `xiaodenglu devtools`: the headless DevTools host alone, for automator scripts and the e2e suite's
 * real-DevTools-free mode. It runs the build in --project and mints codes from --sandbox (optional).
 */
import path from 'node:path';
import { DEFAULT_DEVTOOLS_PORT, startDevtoolsHost, type DevtoolsHost, type DevtoolsHostOptions } from '../../devtools-host/host.ts';
import { bakedServiceOrigin, buildDir } from '../../devtools-host/built-app.ts';
import { PortInUseError } from '../../devtools-host/protocol/server.ts';
import { DEV_HOSTED_APP, Port } from '../config.ts';
import { UsageError, checkedFlag, defineCommand, type Values } from './command.ts';

const options = {
  port: { type: 'string' },
  project: { type: 'string' },
  appid: { type: 'string' },
  sandbox: { type: 'string' },
  service: { type: 'string' },
} as const;

function origin(flag: string, value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    throw new UsageError(`--${flag}: must be a URL, got ${JSON.stringify(value)}`);
  }
}

/** The host options the command derives from its flags. */
export function hostOptionsFrom(values: Values<typeof options>, cwd: string): DevtoolsHostOptions {
  const projectRoot = values.project === undefined ? buildDir(cwd) : path.resolve(cwd, values.project);
  return {
    projectRoot,
    port: values.port === undefined ? DEFAULT_DEVTOOLS_PORT : checkedFlag(Port, values.port, '--port'),
    appid: values.appid ?? DEV_HOSTED_APP.appid,
    sandboxUrl: values.sandbox === undefined ? null : origin('sandbox', values.sandbox),
    origins: values.service === undefined ? {} : { [bakedServiceOrigin(projectRoot)]: origin('service', values.service) },
  };
}

/** The host exactly as the command starts it; the caller closes it. */
export async function startHost(options: DevtoolsHostOptions): Promise<DevtoolsHost> {
  try {
    return await startDevtoolsHost(options);
  } catch (error) {
    if (error instanceof PortInUseError) throw new UsageError(`${error.message} (use --port)`);
    throw error;
  }
}

export default defineCommand({
  summary: 'start the headless DevTools host (automator endpoint) on the built mini-program',
  usage: `[--port ${DEFAULT_DEVTOOLS_PORT}] [--project <build folder>] [--appid wx…] [--sandbox http://127.0.0.1:PORT] [--service http://127.0.0.1:PORT]
  Serves the DevTools automation protocol on ws://127.0.0.1:<port> for miniprogram-automator.
  --project   the built mini-program; default project.config.json's miniprogramRoot
  --appid     the AppID codes are minted for and wx.request names; default ${DEV_HOSTED_APP.appid},
              the development app \`xiaodenglu serve\` and \`xiaodenglu sandbox\` register
  --sandbox   the WeChat sandbox that mints login codes and phone proofs (without it: placeholder codes)
  --service   routes the service origin baked into the build (its deployment.js) to this address`,
  options,
  async run({ values }, io) {
    const hostOptions = hostOptionsFrom(values, process.cwd());
    const host = await startHost(hostOptions);
    host.reporter.on('exception', ({ message }) => io.err(`[devtools] mini-program exception: ${message}`));
    const stopped = io.stopRequested();
    io.out(
      `[devtools] automator endpoint ${host.wsEndpoint}${hostOptions.sandboxUrl ? '' : ' (no --sandbox: wx.login gives placeholder codes)'}`,
    );
    await stopped;
    await host.close();
    return 0;
  },
});
