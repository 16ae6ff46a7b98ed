/**
 * `xiaodenglu devtools`: the headless DevTools host alone, for automator scripts and the e2e suite's
 * real-DevTools-free mode. It runs the build in --project and mints codes from --sandbox (optional).
 */
import path from 'node:path';
import { DEV_HOSTED_APP } from '../config.ts';
import { DEFAULT_DEVTOOLS_PORT, startDevtoolsHost, type DevtoolsHost, type DevtoolsHostOptions } from '../../devtools-host/host.ts';
import { parseFlags, portFlag } from '../../devtools-host/cli-flags.ts';
import { bakedServiceOrigin, buildDir } from '../../devtools-host/built-app.ts';
import { PortInUseError } from '../../devtools-host/protocol/server.ts';
import { errorMessage } from '../../devtools-host/guards.ts';
import type { CliIo } from './io.ts';

export const usage = `xiaodenglu devtools [--port ${DEFAULT_DEVTOOLS_PORT}] [--project <build folder>] [--appid wx…] [--sandbox http://127.0.0.1:PORT] [--service http://127.0.0.1:PORT]
  Serves the DevTools automation protocol on ws://127.0.0.1:<port> for miniprogram-automator.
  --project defaults to project.config.json's miniprogramRoot; --appid to ${DEV_HOSTED_APP.appid}, the
  development app \`xiaodenglu serve\` and \`xiaodenglu sandbox\` register.
  --service routes the service origin baked into the build (its deployment.js) to another address.`;

function origin(flag: string, value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    throw new Error(`--${flag}: not a URL: ${JSON.stringify(value)}`);
  }
}

/** The CLI table's entry: serves until SIGINT/SIGTERM; 1 with a message on bad options or a taken port. */
export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    await runDevtools(args, io);
    return 0;
  } catch (error) {
    io.err(`xiaodenglu devtools: ${errorMessage(error)}\n${usage}`);
    return 1;
  }
}

/** The host options the command derives from its flags. */
export function hostOptionsFromArgs(args: readonly string[]): DevtoolsHostOptions {
  const flags = parseFlags(args, ['port', 'project', 'appid', 'sandbox', 'service']);
  const project = flags.get('project');
  const projectRoot = project === undefined ? buildDir(process.cwd()) : path.resolve(project);
  const service = flags.get('service');
  const sandbox = flags.get('sandbox');
  return {
    projectRoot,
    port: portFlag(flags, 'port', DEFAULT_DEVTOOLS_PORT),
    appid: flags.get('appid'),
    sandboxUrl: sandbox === undefined ? null : origin('sandbox', sandbox),
    origins: service === undefined ? {} : { [bakedServiceOrigin(projectRoot)]: origin('service', service) },
  };
}

/** The host exactly as the command starts it; the caller closes it. */
export function startFromArgs(args: readonly string[]): Promise<DevtoolsHost> {
  return startHost(hostOptionsFromArgs(args));
}

async function startHost(options: DevtoolsHostOptions): Promise<DevtoolsHost> {
  try {
    return await startDevtoolsHost(options);
  } catch (error) {
    if (error instanceof PortInUseError) throw new Error(`${error.message} (use --port)`);
    throw error;
  }
}

export async function runDevtools(args: readonly string[], io: CliIo): Promise<void> {
  const options = hostOptionsFromArgs(args);
  const host = await startHost(options);
  host.reporter.on('exception', ({ message }) => io.err(`[devtools] mini-program exception: ${message}`));
  io.out(`[devtools] automator endpoint ${host.wsEndpoint}${options.sandboxUrl ? '' : ' (no --sandbox: wx.login gives placeholder codes)'}`);
  await io.stopRequested();
  await host.close();
}
