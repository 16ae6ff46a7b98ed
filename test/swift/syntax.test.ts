import { describe, expect, it } from 'vitest';
import { iosRoot, parse, readSource, swiftFiles, swiftParser, syntaxProblems } from './swift-sources';

describe('Swift sources parse with the tree-sitter Swift grammar', () => {
  const files = swiftFiles(iosRoot);

  it('finds the package, its tests and the sample app', () => {
    expect(files).toContain('ios-sample/Package.swift');
    expect(files.some((f) => f.startsWith('ios-sample/Sources/'))).toBe(true);
    expect(files.some((f) => f.startsWith('ios-sample/Tests/'))).toBe(true);
    expect(files.some((f) => f.startsWith('ios-sample/SampleApp/'))).toBe(true);
  });

  it('reports no ERROR or MISSING node in any file', async () => {
    const p = await swiftParser();
    const problems = files.flatMap((file) => syntaxProblems(parse(p, readSource(file)), file));
    expect(problems).toEqual([]);
  });

  it('does fail, naming file and line, on broken Swift', async () => {
    const p = await swiftParser();
    const broken = ['import Foundation', 'struct Broken {', '    func f(x: Int { return x }', '}'].join('\n');
    const problems = syntaxProblems(parse(p, broken), 'Broken.swift');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(/^Broken\.swift:3:\d+: /m);
    const unclosed = syntaxProblems(parse(p, 'func g() {\n    let y = [1, 2\n'), 'Unclosed.swift');
    expect(unclosed.length).toBeGreaterThan(0);
  });
});
