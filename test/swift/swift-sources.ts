/**
 * Parses Swift with tree-sitter (web-tree-sitter + the prebuilt grammar in tree-sitter-wasms), for
 * the checks in this folder: no Swift toolchain exists on our machines or CI.
 *
 * web-tree-sitter is pinned to 0.25.x: tree-sitter-wasms@0.1.13 builds its grammars with
 * tree-sitter-cli 0.20, whose wasm uses the legacy `dylink` section that 0.26+ no longer reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const iosRoot = join(repoRoot, 'ios-sample');

let parser: Parser | undefined;

export async function swiftParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  const require = createRequire(import.meta.url);
  const wasm = require.resolve('tree-sitter-wasms/out/tree-sitter-swift.wasm');
  const created = new Parser();
  created.setLanguage(await Language.load(wasm));
  parser = created;
  return created;
}

/** Every `.swift` file under `dir`, as paths relative to the repository root, sorted. */
export function swiftFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.swift')) out.push(relative(repoRoot, path));
    }
  };
  walk(dir);
  return out.sort();
}

export function readSource(file: string): string {
  return readFileSync(join(repoRoot, file), 'utf8');
}

export function parse(p: Parser, source: string): Tree {
  const tree = p.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** `file:line:column` of every ERROR and MISSING node, outermost first. */
export function syntaxProblems(tree: Tree, file: string): string[] {
  const problems: string[] = [];
  const visit = (node: Node): void => {
    const where = `${file}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
    if (node.isMissing) problems.push(`${where}: missing ${node.type}`);
    else if (node.isError) problems.push(`${where}: syntax error near ${JSON.stringify(node.text.slice(0, 40))}`);
    if (node.hasError || node.isMissing) for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return problems;
}

/** Every node of the tree, depth first. */
export function* nodes(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children) if (child) yield* nodes(child);
}

export function at(file: string, node: Node): string {
  return `${file}:${node.startPosition.row + 1}`;
}
