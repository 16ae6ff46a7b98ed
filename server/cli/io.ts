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
}

export const processIo: CliIo = {
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
