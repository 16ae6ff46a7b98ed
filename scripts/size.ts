/**
 * `npm run size`: bytes of the built mini-program, per file and in total, against the budget.
 * The hosted SDK this replaces is 356 KB minified on its own.
 */
import { readdirSync, statSync } from 'node:fs';
import { buildDir } from '../devtools-host/built-app.ts';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUDGET_BYTES = 24_000;
export const HARD_LIMIT_BYTES = 48_000;
const HOSTED_SDK_BYTES = 356_000;

export interface BuildSize {
  total: number;
  files: { path: string; bytes: number }[];
}

export function measureBuild(dir: string): BuildSize {
  const files: { path: string; bytes: number }[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push({ path: relative(dir, full), bytes: statSync(full).size });
    }
  };
  walk(dir);
  files.sort((a, b) => b.bytes - a.bytes);
  return { total: files.reduce((sum, f) => sum + f.bytes, 0), files };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const size = measureBuild(buildDir(process.cwd()));
  for (const file of size.files) console.log(`${String(file.bytes).padStart(7)}  ${file.path}`);
  console.log(`${String(size.total).padStart(7)}  total, ${size.files.length} files`);
  console.log(
    `budget ${BUDGET_BYTES} B: ${size.total <= BUDGET_BYTES ? 'within' : 'OVER'} (${((size.total / BUDGET_BYTES) * 100).toFixed(1)}%)`,
  );
  console.log(`vs the hosted SDK alone (${HOSTED_SDK_BYTES} B): ${(size.total / HOSTED_SDK_BYTES).toFixed(3)}x`);
  if (size.total > HARD_LIMIT_BYTES) process.exitCode = 1;
}
