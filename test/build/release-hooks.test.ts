/** WeChat DevTools' preview and upload hooks build in production mode, so the gate applies to what DevTools ships. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

describe('the builds DevTools runs', () => {
  const scripts = readJson('project.config.json').scripts as Record<string, string>;
  const npmScripts = readJson('package.json').scripts as Record<string, string>;

  it.each(['beforePreview', 'beforeUpload'])('%s runs the production build (gulp release)', (hook) => {
    expect(scripts[hook]).toBe('npm run build:release');
    expect(npmScripts['build:release']).toBe('gulp release');
  });

  it('gulp release refuses the development service before touching the output folder', () => {
    // Explicit, so a local xiaodenglu.deploy.json cannot change the outcome (the default itself: deployment-config.test.ts).
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('XDL_'))),
      XDL_SERVICE_BASE_URL: 'http://127.0.0.1:8787',
    };
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/gulp/bin/gulp.js'), 'release'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain('serviceBaseUrl (XDL_SERVICE_BASE_URL): is still the development default');
    expect(`${run.stdout}${run.stderr}`).not.toContain("Starting 'clean'");
  });
});
