// The packaging check (`npm run test:packaging`, run by .ci/run): every shipped command after
// `npm ci --omit=dev`. Slow (a full production install), so not part of `npm test`.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({ test: { ...base.test, include: ['test/packaging/**/*.test.ts'], exclude: [] } });
