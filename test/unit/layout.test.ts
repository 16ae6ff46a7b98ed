/**
 * Dependencies between top-level folders point one way: the product (the mini-program, the service,
 * the sdk, the host, the bin) never imports the tools around it (scripts/, dev/, test/) nor the examples
 * built on it (examples/, which use the sdk only), the host and
 * the service know nothing of each other but the CLI's use of the host, and no two folders import each
 * other, directly or round a longer cycle.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FOLDERS = ['miniprogram', 'server', 'sdk', 'devtools-host', 'bin', 'examples', 'dev', 'scripts', 'test'] as const;
type Folder = (typeof FOLDERS)[number];

/** What each folder may import besides itself. */
const ALLOWED: Record<Folder, readonly Folder[]> = {
  miniprogram: [],
  sdk: ['miniprogram'],
  'devtools-host': [],
  server: ['miniprogram', 'devtools-host'],
  bin: ['server'],
  examples: ['sdk'],
  dev: ['server', 'devtools-host', 'sdk', 'miniprogram', 'scripts'],
  scripts: ['server', 'devtools-host', 'sdk', 'miniprogram'],
  test: ['server', 'devtools-host', 'dev', 'sdk', 'miniprogram', 'scripts', 'examples'],
};

const sourceFiles = (folder: Folder): string[] =>
  readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|mts|js|mjs)$/.test(file) && !file.endsWith('.d.ts') && !file.includes('fixtures'))
    .map((file) => path.join(folder, file));

/** Every import between top-level folders: `from → to` with the importing file. */
function edges(): { from: Folder; to: string; file: string }[] {
  const found: { from: Folder; to: string; file: string }[] = [];
  for (const folder of FOLDERS) {
    for (const file of sourceFiles(folder)) {
      for (const { fileName } of ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true).importedFiles) {
        if (!fileName.startsWith('.')) continue;
        const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), fileName)).split(path.sep)[0] ?? '';
        if (target !== folder) found.push({ from: folder, to: target, file });
      }
    }
  }
  return found;
}

describe('the import graph between top-level folders', () => {
  const all = edges();

  it('has only the arrows the layout allows', () => {
    const refused = all
      .filter(({ from, to }) => !(ALLOWED[from] as readonly string[]).includes(to))
      .map(({ file, to }) => `${file} → ${to}/`);
    expect(refused).toEqual([]);
  });

  it('has no cycle', () => {
    const graph = new Map<string, Set<string>>();
    for (const { from, to } of all) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    const reaches = (from: string, target: string, seen = new Set<string>()): boolean =>
      [...(graph.get(from) ?? [])].some((next) => next === target || (!seen.has(next) && (seen.add(next), reaches(next, target, seen))));
    expect(FOLDERS.filter((folder) => reaches(folder, folder))).toEqual([]);
  });

  it('sees the imports it checks', () => {
    // The check would pass on an empty graph: make sure it reads real edges.
    expect(all.some(({ from, to }) => from === 'server' && to === 'miniprogram')).toBe(true);
    expect(all.some(({ from, to }) => from === 'test' && to === 'server')).toBe(true);
  });
});
