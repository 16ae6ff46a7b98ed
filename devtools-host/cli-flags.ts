/** `--name value` / `--name=value` flags and port settings for the small CLI commands; unknown flags are errors. */

/** A command-line flag or environment setting that cannot be used; the message names it. */
export class FlagError extends Error {}

export function parseFlags(args: readonly string[], known: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) throw new FlagError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!known.includes(name)) throw new FlagError(`unknown option --${name} (known: ${known.map((k) => `--${k}`).join(', ')})`);
    const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new FlagError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

/** A TCP port 0–65535 written in decimal digits; `label` (`--port`, `XDL_SERVICE_PORT`) names the setting in the error. */
export function parsePort(raw: string, label: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new FlagError(`${label}: a port number 0–65535, got ${JSON.stringify(raw)}`);
  return port;
}

export function portFlag(flags: Map<string, string>, name: string, fallback: number): number {
  const raw = flags.get(name);
  return raw === undefined ? fallback : parsePort(raw, `--${name}`);
}

/** An unset or empty variable gives `fallback`. */
export function portFromEnv(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : parsePort(raw, name);
}
