/** `--name value` / `--name=value` flags for the small CLI commands; unknown flags are errors. */

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

export function portFlag(flags: Map<string, string>, name: string, fallback: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FlagError(`--${name}: a port number 0–65535, got ${JSON.stringify(raw)}`);
  return port;
}
