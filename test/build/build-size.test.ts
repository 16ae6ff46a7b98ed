import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDir } from '../../devtools-host/built-app';
import { HARD_LIMIT_BYTES, measureBuild } from '../../scripts/size';

const dir = buildDir(process.cwd());

describe('the built mini-program (npm test builds it first)', () => {
  it('exists with both routes', () => {
    for (const page of ['routes/explore', 'routers/explore']) {
      for (const ext of ['.js', '.wxml', '.wxss', '.json']) expect(existsSync(`${dir}/${page}${ext}`), page + ext).toBe(true);
    }
  });

  it(`stays under the hard limit of ${HARD_LIMIT_BYTES} bytes`, () => {
    const size = measureBuild(dir);
    expect(size.files.length).toBeGreaterThan(10);
    expect(size.total).toBeLessThanOrEqual(HARD_LIMIT_BYTES);
  });

  it('ships no TypeScript and no source maps', () => {
    const stray = measureBuild(dir).files.filter((f) => /\.(ts|map)$/.test(f.path));
    expect(stray).toEqual([]);
  });
});
