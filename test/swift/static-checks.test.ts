import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { at, iosRoot, nodes, parse, readSource, repoRoot, swiftFiles, swiftParser } from './swift-sources';

const packageSources = swiftFiles(join(iosRoot, 'Sources'));
const testSources = swiftFiles(join(iosRoot, 'Tests'));

async function trees(files: string[]): Promise<{ file: string; root: Node }[]> {
  const p = await swiftParser();
  return files.map((file) => ({ file, root: parse(p, readSource(file)).rootNode }));
}

/** Force unwraps (`x!`), `try!`, `as!` and implicitly unwrapped optionals (`T!`). */
function forcedUnwraps(file: string, root: Node): string[] {
  const found: string[] = [];
  for (const node of nodes(root)) {
    const parent = node.parent;
    if (node.type === 'bang' && parent?.type === 'postfix_expression') found.push(`${at(file, node)}: force unwrap`);
    else if (node.type === '!' && parent?.type === 'try_operator') found.push(`${at(file, node)}: try!`);
    else if (node.type === 'as!') found.push(`${at(file, node)}: as!`);
    else if (node.type === '!' && parent && /type/.test(parent.type)) found.push(`${at(file, node)}: implicitly unwrapped optional`);
  }
  return found;
}

function imports(root: Node): string[] {
  return [...nodes(root)].filter((n) => n.type === 'import_declaration').map((n) => n.text.replace(/^(@\w+\s+)*import\s+/, '').trim());
}

const DECLARATIONS = new Set([
  'class_declaration',
  'protocol_declaration',
  'function_declaration',
  'init_declaration',
  'property_declaration',
  'typealias_declaration',
  'subscript_declaration',
]);

const isDocComment = (n: Node | null | undefined): boolean =>
  !!n && (n.type === 'comment' || n.type === 'multiline_comment') && /^\/\/\/|^\/\*\*/.test(n.text);

/** `public` declarations without a `///` comment (before it, or between its attributes). */
function undocumentedPublic(file: string, root: Node): string[] {
  const found: string[] = [];
  for (const node of nodes(root)) {
    if (!DECLARATIONS.has(node.type)) continue;
    const modifiers = node.children.find((c) => c?.type === 'modifiers');
    if (!modifiers || !/\bpublic\b/.test(modifiers.text)) continue;
    const documented = isDocComment(node.previousSibling) || modifiers.children.some((c) => isDocComment(c));
    if (!documented) found.push(`${at(file, node)}: ${node.text.split('\n')[0].trim()}`);
  }
  return found;
}

describe('static checks on ios-sample/', () => {
  it('has package sources and tests to check', () => {
    expect(packageSources.length).toBeGreaterThan(3);
    expect(testSources.length).toBeGreaterThan(2);
  });

  it('package sources have no force unwrap, try!, as! or implicitly unwrapped optional', async () => {
    const found = (await trees(packageSources)).flatMap(({ file, root }) => forcedUnwraps(file, root));
    expect(found).toEqual([]);
  });

  it('the force-unwrap and documentation checks do find problems', async () => {
    const p = await swiftParser();
    const snippet = 'let a: String! = nil\nlet b = c!.d\nlet e = try! f()\nlet g = h as! Int\nlet ok = !flag && x != y\n';
    expect(forcedUnwraps('Snippet.swift', parse(p, snippet).rootNode)).toEqual([
      'Snippet.swift:1: implicitly unwrapped optional',
      'Snippet.swift:2: force unwrap',
      'Snippet.swift:3: try!',
      'Snippet.swift:4: as!',
    ]);
    const docs = '/// Documented.\npublic struct A {\n    public let x: Int\n    /// y\n    public let y: Int\n}\n';
    expect(undocumentedPublic('Docs.swift', parse(p, docs).rootNode)).toEqual(['Docs.swift:3: public let x: Int']);
  });

  it('the package imports Foundation only (no UIKit, no WechatOpenSDK; CryptoKit for SHA-256 where it exists)', async () => {
    const allowed = new Set(['Foundation', 'FoundationNetworking', 'CryptoKit']);
    const found = (await trees(packageSources)).flatMap(({ file, root }) =>
      imports(root)
        .filter((name) => !allowed.has(name))
        .map((name) => `${file}: import ${name}`),
    );
    expect(found).toEqual([]);
    const testImports = (await trees(testSources)).flatMap(({ root }) => imports(root));
    expect(testImports.filter((name) => /UIKit|WechatOpenSDK|SwiftUI/.test(name))).toEqual([]);
  });

  it('every public declaration of the package is documented with ///', async () => {
    const found = (await trees(packageSources)).flatMap(({ file, root }) => undocumentedPublic(file, root));
    expect(found).toEqual([]);
  });

  it('Package.swift declares swift-tools-version >= 5.9 and no dependencies', () => {
    const manifest = readSource('ios-sample/Package.swift');
    const match = /^\/\/ swift-tools-version:\s*(\d+)\.(\d+)/.exec(manifest);
    expect(match, 'first line must be // swift-tools-version:X.Y').not.toBeNull();
    const [major, minor] = [Number(match?.[1]), Number(match?.[2])];
    expect(major > 5 || (major === 5 && minor >= 9)).toBe(true);
    expect(manifest).not.toMatch(/\.package\s*\(/);
    expect(manifest).not.toMatch(/binaryTarget/);
  });

  it('the Swift tests read test/vectors/ in place: no copy in ios-sample/', () => {
    const jsonFiles: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.json')) jsonFiles.push(e.name);
      }
    };
    walk(iosRoot);
    expect(jsonFiles).toEqual([]);
    const vectors = readSource('ios-sample/Tests/XiaodengluTests/Vectors.swift');
    expect(vectors).toContain('#filePath');
    const allTests = testSources.map(readSource).join('\n');
    for (const file of ['launch-query.json', 'ext-msg.json', 'service.json', 'pkce.json', 'exchanged-user.json']) {
      expect(existsSync(join(repoRoot, 'test/vectors', file)), file).toBe(true);
      expect(allTests, `a Swift test reads ${file}`).toContain(`"${file}"`);
    }
  });
});
