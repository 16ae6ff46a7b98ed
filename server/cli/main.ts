import { parseArgs } from 'node:util';
import { COMMANDS, type CommandEntry } from './commands.ts';
import { UsageError, type Command, type Options, type Values } from './command.ts';
import { processIo, type CliIo } from './io.ts';

function overview(commands: Record<string, CommandEntry>): string {
  const lines = Object.entries(commands).map(([name, entry]) => `  ${name.padEnd(12)} ${entry.summary}`);
  return `usage: xiaodenglu <command> [options]\n\ncommands:\n${lines.join('\n')}\n\n\`xiaodenglu <command> --help\` describes a command.`;
}

function usageOf(name: string, command: Command): string {
  return `usage: xiaodenglu ${name} ${command.usage}`;
}

const isParseArgsError = (error: unknown): error is Error =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS');

/** A command's arguments as `main` reads them (the one parser), `--help` included. */
export function parseCommandArgs<O extends Options>(
  command: Command<O>,
  args: readonly string[],
): { values: Values<O>; positionals: string[]; help: boolean } {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: command.positionals ?? false,
    strict: true,
  });
  const { help, ...rest } = values as Record<string, string | boolean | undefined>;
  return { values: rest as unknown as Values<O>, positionals, help: help === true };
}

/** `commands`: the table to dispatch to (a test passes a command wired to its own dependencies). */
export async function main(argv: string[], io: CliIo = processIo, commands: Record<string, CommandEntry> = COMMANDS): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.out : io.err)(overview(commands));
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    io.err(`xiaodenglu: unknown command "${name}"\n\n${overview(commands)}`);
    return 2;
  }
  const command = await entry.load();
  try {
    const { values, positionals, help } = parseCommandArgs(command, args);
    if (help) {
      io.out(usageOf(name, command));
      return 0;
    }
    return await command.run({ values, positionals }, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`xiaodenglu ${name}: ${error.message}\n\n${usageOf(name, command)}`);
      return 2;
    }
    io.err(`xiaodenglu ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
