/** `npx tsx examples/app-backend/main.ts`: the backend with its settings from the environment (README.md). */
import { createBackend } from './backend.ts';
import { ConfigError, configFromEnv } from './config.ts';

let config;
try {
  config = configFromEnv(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`app-backend: ${error.message}\n`);
  process.exit(2);
}
const { host, port, ...options } = config;
const app = createBackend(options);
await app.listen({ host, port });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
