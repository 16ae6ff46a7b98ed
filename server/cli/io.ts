import { createInterface } from 'node:readline';

/**
 * What a command may touch of its process: the environment, two output streams and the stop signal.
 * Commands take it as an argument, so a test runs them with its own and changes nothing global.
 */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
  /** Resolves with the signal's name when the process is asked to stop (SIGINT, SIGTERM); ask before saying you are up. */
  stopRequested(): Promise<string>;
  /** A secret typed at the terminal (not echoed) or the first line piped to stdin; absent where there is no stdin. */
  readSecret?(prompt: string): Promise<string>;
}

async function readSecretFromProcess(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    // Piped: the first line of stdin.
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    return '';
  }
  // At a terminal: prompt on stderr and echo nothing of what is typed.
  process.stderr.write(prompt);
  const muted = createInterface({ input: process.stdin, output: undefined, terminal: true });
  try {
    return await new Promise<string>((resolve) => muted.question('', resolve));
  } finally {
    muted.close();
    process.stderr.write('\n');
  }
}

export const processIo: CliIo = {
  readSecret: readSecretFromProcess,
  env: process.env,
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  stopRequested: () =>
    new Promise((resolve) => {
      const stop = (signal: string) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(signal);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }),
};
