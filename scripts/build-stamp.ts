/**
 * Whether the mini-program build in the output folder is current: `gulp build` records a digest of
 * everything the output depends on (sources, build code and its tool versions, deployment settings
 * and the variables that change them) and the files it wrote; `npm start` skips the build while both
 * still hold.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUILD_ENV, DEPLOY_FILE } from './deployment-config.ts';

const INPUT_DIRS = ['miniprogram', 'typings'];
const INPUT_FILES = [
  'tsconfig.json',
  'gulpfile.js',
  'project.config.json',
  'package-lock.json',
  'scripts/deployment-config.ts',
  'scripts/build-stamp.ts',
  'scripts/minify-markup.ts',
  'server/settings.ts',
  'server/release/production-rule.ts',
  DEPLOY_FILE,
];
const STAMP_FILE = path.join('node_modules', '.cache', 'xiaodenglu', 'build-stamp.json');

export type BuildMode = 'minified' | 'readable';
type Env = Readonly<Record<string, string | undefined>>;

function filesUnder(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

/** A digest of every input of a build in `mode` ('minified' or 'readable'). */
export function buildInputsDigest(root: string, env: Env, mode: BuildMode): string {
  const hash = createHash('sha256').update(`mode ${mode}\n`);
  for (const name of BUILD_ENV) hash.update(`${name}=${env[name] ?? ''}\n`);
  const files = [...INPUT_DIRS.flatMap((dir) => filesUnder(root, dir)), ...INPUT_FILES.filter((file) => existsSync(path.join(root, file)))];
  for (const file of files.sort())
    hash
      .update(`${file}\n`)
      .update(readFileSync(path.join(root, file)))
      .update('\n');
  return hash.digest('hex');
}

function outputManifest(outDir: string): Record<string, number> {
  return Object.fromEntries(filesUnder(outDir, '.').map((file) => [file, statSync(path.join(outDir, file)).size]));
}

export function writeBuildStamp(root: string, outDir: string, digest: string): void {
  const file = path.join(root, STAMP_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ outDir: path.resolve(root, outDir), digest, outputs: outputManifest(path.resolve(root, outDir)) }));
}

/** True when the last build into `outDir` had these inputs and its files are all still there, unchanged in size. */
export function isBuildCurrent(root: string, outDir: string, digest: string): boolean {
  let stamp: { outDir?: unknown; digest?: unknown; outputs?: Record<string, number> };
  try {
    stamp = JSON.parse(readFileSync(path.join(root, STAMP_FILE), 'utf8'));
  } catch {
    return false;
  }
  if (stamp.outDir !== path.resolve(root, outDir) || stamp.digest !== digest) return false;
  const outputs = Object.entries(stamp.outputs ?? {});
  return (
    outputs.length > 0 &&
    outputs.every(([file, size]) => {
      const full = path.join(root, outDir, file);
      return existsSync(full) && statSync(full).size === size;
    })
  );
}
