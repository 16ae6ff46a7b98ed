/**
 * The shape of every `xiaodenglu` command: one summary line, its usage text, its options for
 * `node:util` parseArgs (the one parser), and what it does. `main.ts` parses, answers `--help`, and
 * reports errors in one style: `xiaodenglu <command>: <problem>`, with the usage after a misuse.
 */
import type { ParseArgsConfig } from 'node:util';
import type { TSchema } from 'typebox';
import { SettingsError, checkSettings, fromText } from '../settings.ts';
import type { CliIo } from './io.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export type Values<O extends Options> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['type'] extends 'string' ? string : string | boolean;
};

export interface Command<O extends Options = Options> {
  summary: string;
  /** What follows `usage: xiaodenglu <command>`, then the options, one per line. */
  usage: string;
  options: O;
  /** Words that are not options (an action, an id); refused unless the command takes them. */
  positionals?: boolean;
  run(input: { values: Values<O>; positionals: string[] }, io: CliIo): Promise<number>;
}

export const defineCommand = <O extends Options>(command: Command<O>): Command<O> => command;

/** A misuse of the command line: reported with the command's usage, exit code 2. */
export class UsageError extends Error {}

/**
 * One value given as text (a flag, a variable), read by its schema's type and checked by it; the error
 * names it as given, e.g. `--port: must be a whole number from 0 to 65535, got "80a"`.
 */
export function checkedFlag<T extends TSchema>(schema: T, text: string, label: string): ReturnType<typeof checkSettings<T>> {
  try {
    return checkSettings(schema, fromText(schema, text), () => label);
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(error.message);
    throw error;
  }
}
