/**
 * `xiaodenglu devtools`: the headless DevTools host alone, for automator scripts and the e2e suite's
 * real-DevTools-free mode. It runs the build in --project and mints codes from --sandbox (optional).
 */
import path from 'node:path';
import { startDevtoolsHost } from '../../scripts/devtools-host/host.ts';
import { parseFlags, portFlag } from '../../scripts/devtools-host/cli-flags.ts';
import { PortInUseError } from '../../scripts/devtools-host/protocol/server.ts';

export const usage = `xiaodenglu devtools [--port 9420] [--project dist] [--appid wx…] [--sandbox http://127.0.0.1:PORT] [--service http://127.0.0.1:PORT]
  Serves the DevTools automation protocol on ws://127.0.0.1:<port> for miniprogram-automator.
  --service routes the build's baked service origin (http://127.0.0.1:8787) to another address.`;

const BUILD_SERVICE_ORIGIN = 'http://127.0.0.1:8787';

function origin(flag: string, value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    throw new Error(`--${flag}: not a URL: ${JSON.stringify(value)}`);
  }
}

/** The CLI table's entry: serves until SIGINT/SIGTERM; 1 with a message on bad options or a taken port. */
export async function run(args: string[]): Promise<number> {
  try {
    await runDevtools(args);
    return 0;
  } catch (error) {
    console.error(`xiaodenglu devtools: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 1;
  }
}

export async function runDevtools(args: readonly string[]): Promise<void> {
  const flags = parseFlags(args, ['port', 'project', 'appid', 'sandbox', 'service']);
  const port = portFlag(flags, 'port', 9420);
  const service = flags.get('service');
  const sandbox = flags.get('sandbox');
  let host;
  try {
    host = await startDevtoolsHost({
      projectRoot: path.resolve(flags.get('project') ?? 'dist'),
      port,
      appid: flags.get('appid'),
      sandboxUrl: sandbox === undefined ? null : origin('sandbox', sandbox),
      origins: service === undefined ? {} : { [BUILD_SERVICE_ORIGIN]: origin('service', service) },
    });
  } catch (error) {
    if (error instanceof PortInUseError) throw new Error(`${error.message} (use --port)`);
    throw error;
  }
  host.reporter.on('exception', ({ message }) => console.error(`[devtools] mini-program exception: ${message}`));
  console.log(`[devtools] automator endpoint ${host.wsEndpoint}${sandbox ? '' : ' (no --sandbox: wx.login gives placeholder codes)'}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
}
