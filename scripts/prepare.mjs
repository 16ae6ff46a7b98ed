#!/usr/bin/env node
// npm runs this after `npm install`: builds the embedded store's ready database image once (initdb and
// the migrations; docs/server.md), so no later start pays for it. A failure here only postpones that.
import { register } from 'tsx/esm/api';

register();
try {
  const { prepareImage, imageCacheDir } = await import('../server/store/pglite-image.ts');
  const started = performance.now();
  await prepareImage();
  console.log(`[xiaodenglu] database image ready in ${imageCacheDir()} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  console.warn(
    `[xiaodenglu] the database image was not built now (${error instanceof Error ? error.message : error}); the first new store builds it`,
  );
}
