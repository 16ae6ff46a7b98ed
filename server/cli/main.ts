import { COMMANDS } from './commands.ts';
import { processIo, type CliIo } from './io.ts';

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`);
  return `usage: xiaodenglu <command> [options]\n\ncommands:\n${lines.join('\n')}`;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`xiaodenglu: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load()).run(args, io);
  } catch (error) {
    io.err(`xiaodenglu ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
