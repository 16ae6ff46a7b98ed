/**
 * The shared vectors are the only thing the Swift tests know of the contract, so they must cover
 * it: every extMsg the catalogue can produce, every launch rule, every service error reason.
 * What to cover is derived from the TypeScript sources, so a new code, parameter, reason or rule
 * without a vector fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EXCHANGEABLE_TICKET } from '../../miniprogram/contract/api';
import { encodeExtMsg, REFUSAL_MESSAGES, type ExtMsg } from '../../miniprogram/contract/ext-msg';
import { SCENE_FROM_APP } from '../../miniprogram/contract/launch';
import { REASON_STATUS } from '../../miniprogram/contract/reasons';
import { decodeOnce, parseLaunchQuery, type LaunchParse, type RawQuery } from '../../miniprogram/core/launch-query';
import { SERVICE_VECTORS_PATH, serviceVectors } from '../../scripts/export-vectors';
import { repoRoot } from './swift-sources';

interface ExtMsgVectors {
  encode: { name: string; input: ExtMsg; extMsg: string }[];
}
interface LaunchVectors {
  build: { name: string; input: { userPoolId: string; wantPhone: boolean; useSelfWxapp: boolean }; path?: string; error?: string }[];
  parse: {
    name: string;
    query: RawQuery;
    scene: number;
    expect: { ok: true; params: { source: string } } | { ok: false; fromApp: boolean; problems: [string, string][] };
  }[];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as T;
const extMsgVectors = readJson<ExtMsgVectors>('test/vectors/ext-msg.json');
const launchVectors = readJson<LaunchVectors>('test/vectors/launch-query.json');

function sourceFile(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(join(repoRoot, path), 'utf8'), ts.ScriptTarget.ES2022, true);
}

function typeAlias(file: ts.SourceFile, name: string): ts.TypeNode {
  for (const statement of file.statements) {
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name) return statement.type;
  }
  throw new Error(`type ${name} not found in ${file.fileName}`);
}

/** The string literals of a union of string literals, e.g. `type A = 'x' | 'y'`. */
function stringUnion(file: ts.SourceFile, name: string): string[] {
  const type = typeAlias(file, name);
  const members = ts.isUnionTypeNode(type) ? type.types : [type];
  return members.map((m) => {
    if (ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal)) return m.literal.text;
    throw new Error(`${name} has a member that is not a string literal: ${m.getText()}`);
  });
}

const extMsgSource = sourceFile('miniprogram/contract/ext-msg.ts');
const launchSource = sourceFile('miniprogram/contract/launch.ts');
const paramNames = stringUnion(launchSource, 'LaunchParamName');
const refusalReasons = Object.keys(REFUSAL_MESSAGES);

/** Every concrete ExtMsg the `ExtMsg` union allows: one per code, per 403 reason, per 422 param. */
function catalogue(): ExtMsg[] {
  const union = typeAlias(extMsgSource, 'ExtMsg');
  if (!ts.isUnionTypeNode(union)) throw new Error('ExtMsg is not a union');
  return union.types.flatMap((member): ExtMsg[] => {
    if (!ts.isTypeLiteralNode(member)) throw new Error(`unexpected ExtMsg member ${member.getText()}`);
    const fields = new Map(member.members.filter(ts.isPropertySignature).map((p) => [p.name.getText(), p.type?.getText() ?? ''] as const));
    const code = Number(fields.get('code'));
    const extra = [...fields.keys()].filter((k) => k !== 'code');
    if (extra.length === 0) return [{ code } as ExtMsg];
    if (extra[0] === 'ticket') return [{ code, ticket: 'T' } as ExtMsg];
    if (extra[0] === 'reason' && fields.get('reason') === 'RefusalReason')
      return refusalReasons.map((reason) => ({ code, reason }) as ExtMsg);
    if (extra[0] === 'param' && fields.get('param') === 'LaunchParamName') return paramNames.map((param) => ({ code, param }) as ExtMsg);
    throw new Error(`ExtMsg member with fields ${extra.join(', ')}: teach this test how to enumerate it`);
  });
}

const shape = (m: ExtMsg): string => JSON.stringify({ ...m, ...('ticket' in m ? { ticket: 'T' } : {}) });

describe('the extMsg vectors cover the catalogue', () => {
  const all = catalogue();

  it('enumerates the catalogue from the ExtMsg type', () => {
    const codes = new Set(all.map((m) => m.code));
    expect([...codes].sort()).toEqual([200, 400, 403, 404, 422, 429, 500, 503]);
    expect(all.filter((m) => m.code === 403)).toHaveLength(Object.keys(REFUSAL_MESSAGES).length);
  });

  it.each(all.map((m) => [shape(m), m] as const))('has an encode vector for %s', (_, message) => {
    // Vectors whose input is sent as itself (not the 500 a refused ticket turns into).
    const inputs = new Set(
      extMsgVectors.encode
        .filter((v) => encodeExtMsg(v.input) === v.extMsg && v.extMsg.startsWith(`code=${v.input.code}&`))
        .map((v) => shape(v.input)),
    );
    expect(inputs.has(shape(message))).toBe(true);
  });

  it('has vectors for a ticket the launcher must not pass on', () => {
    const refused = extMsgVectors.encode.filter((v) => v.input.code === 200 && !v.extMsg.startsWith('code=200'));
    expect(refused.length).toBeGreaterThan(0);
  });
});

/**
 * Runs the page's parser over a grid of inputs for each entry (path, q, scene) and collects every
 * (param, kind) problem it can report.
 */
function reachableProblems(): Set<string> {
  const found = new Set<string>();
  const record = (parsed: LaunchParse): void => {
    if (!parsed.ok) for (const p of parsed.problems) found.add(`${p.param}:${p.kind}`);
  };
  const values: Record<string, (string | undefined)[]> = {
    userPoolId: [undefined, '', '5e4cdd055df3df65dc58b97d', 'nope'],
    getPhone: [undefined, '1', 'x'],
    fromApp: [undefined, '1', 'x'],
    useSelfWxapp: [undefined, '0', 'x'],
    codeChallenge: [undefined, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'x'],
  };
  const names = Object.keys(values);
  const grid = (i: number, acc: Record<string, string>): Record<string, string>[] => {
    if (i === names.length) return [acc];
    return values[names[i]].flatMap((v) => grid(i + 1, v === undefined ? acc : { ...acc, [names[i]]: v }));
  };
  for (const query of grid(0, {})) {
    for (const scene of [SCENE_FROM_APP, 1001]) {
      record(parseLaunchQuery(query, scene));
      // The same parameters behind a 普通链接二维码, each also repeated with a conflicting value.
      const pairs = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
      record(parseLaunchQuery({ q: `https://x.example/e?${pairs.join('&')}` }, scene));
      for (const name of names) {
        record(parseLaunchQuery({ q: `https://x.example/e?${[...pairs, `${name}=1`, `${name}=0`].join('&')}` }, scene));
      }
    }
  }
  for (const q of ['javascript:alert(1)', '%E0%A4%A', 'https://x.example/e']) record(parseLaunchQuery({ q }, 1011));
  for (const scene of ['5e4cdd055df3df65dc58b97d', 'a=1', '5e4cdd055df3df65dc58b97d0123456789']) record(parseLaunchQuery({ scene }, 1047));
  return found;
}

describe('the launch-query vectors cover every rule', () => {
  const covered = new Set(
    launchVectors.parse.flatMap((v) => ('problems' in v.expect ? v.expect.problems.map(([p, k]) => `${p}:${k}`) : [])),
  );
  const reachable = reachableProblems();

  it('explores problems for every parameter name', () => {
    const params = new Set([...reachable].map((r) => r.split(':')[0]));
    expect([...params].sort()).toEqual([...paramNames].sort());
  });

  it('has a parse vector for every problem the page can report', () => {
    const missing = [...reachable].filter((r) => !covered.has(r)).sort();
    expect(missing).toEqual([]);
  });

  it('has an accepted vector for every entry (path, q, scene)', () => {
    const sources = new Set(launchVectors.parse.flatMap((v) => ('params' in v.expect ? [v.expect.params.source] : [])));
    expect([...sources].sort()).toEqual(stringUnion(sourceFile('miniprogram/core/launch-query.ts'), 'LaunchSource').sort());
  });

  it('covers the scene rule: 1069 without fromApp, and fromApp=1 outside 1069', () => {
    const fromAppOutside = launchVectors.parse.some((v) => v.scene !== SCENE_FROM_APP && v.query.fromApp === '1' && v.expect.ok);
    const sceneWithout = launchVectors.parse.some((v) => v.scene === SCENE_FROM_APP && v.query.fromApp === undefined);
    expect({ fromAppOutside, sceneWithout }).toEqual({ fromAppOutside: true, sceneWithout: true });
  });

  it('covers decoding: decoded once, double-encoded stays encoded, broken escapes kept, q raw and decoded', () => {
    const values = launchVectors.parse.flatMap((v) =>
      Object.entries(v.query)
        .filter(([k]) => k !== 'q')
        .map(([, value]) => value ?? ''),
    );
    const decodedOnce = values.some((s) => s.includes('%') && decodeOnce(s) !== s && !decodeOnce(s).includes('%'));
    const doubleEncoded = values.some((s) => decodeOnce(s) !== s && decodeOnce(decodeOnce(s)) !== decodeOnce(s));
    const broken = values.some((s) => s.includes('%') && decodeOnce(s) === s);
    const qs = launchVectors.parse.flatMap((v) => (typeof v.query.q === 'string' ? [v.query.q] : []));
    const qRaw = qs.some((q) => q.startsWith('https%3A'));
    const qDecoded = qs.some((q) => q.startsWith('https://'));
    expect({ decodedOnce, doubleEncoded, broken, qRaw, qDecoded }).toEqual({
      decodedOnce: true,
      doubleEncoded: true,
      broken: true,
      qRaw: true,
      qDecoded: true,
    });
  });

  it('covers the build rules: both values of each flag, and each way a pool id is wrong', () => {
    const ok = launchVectors.build.filter((v) => v.path !== undefined);
    for (const flag of ['wantPhone', 'useSelfWxapp'] as const) {
      expect(new Set(ok.map((v) => v.input[flag])), flag).toEqual(new Set([true, false]));
    }
    const bad = launchVectors.build.filter((v) => v.error === 'userPoolId').map((v) => v.input.userPoolId);
    expect(bad).toContain('');
    expect(bad.some((id) => id.length === 24 && id !== id.toLowerCase())).toBe(true);
    expect(bad.some((id) => id.length > 24)).toBe(true);
    expect(bad.some((id) => /[&=]/.test(id))).toBe(true);
    expect(bad.some((id) => [...id].some((character) => character.charCodeAt(0) > 0x7f))).toBe(true);
  });
});

describe('test/vectors/service.json', () => {
  it('is what `npm run vectors` writes from the contract', () => {
    expect(readFileSync(join(repoRoot, SERVICE_VECTORS_PATH), 'utf8')).toBe(serviceVectors());
  });
});

describe('the Swift exchange client types every service error reason', () => {
  const vectors = readJson<{ reasons: { reason: string; status: number }[] }>(SERVICE_VECTORS_PATH);
  const swift = readFileSync(join(repoRoot, 'ios-sample/Sources/Xiaodenglu/TicketExchange+Error.swift'), 'utf8');
  const swiftCases = new Map([...swift.matchAll(/case (\w+) = "(\w+)"/g)].map((m) => [m[2], m[1]] as const));
  const swiftStatus = new Map<string, number>();
  for (const m of swift.matchAll(/case ((?:\.\w+(?:,\s*)?)+): return (\d{3})/g)) {
    for (const name of m[1].split(',')) swiftStatus.set(name.trim().slice(1), Number(m[2]));
  }

  it('has a Swift case for every reason, and no other', () => {
    expect([...swiftCases.keys()].sort()).toEqual(Object.keys(REASON_STATUS).sort());
  });

  it('gives each reason the status of the vector', () => {
    expect(vectors.reasons.length).toBe(Object.keys(REASON_STATUS).length);
    for (const { reason, status } of vectors.reasons) expect(swiftStatus.get(swiftCases.get(reason) ?? ''), reason).toBe(status);
  });

  it('accepts the tickets the service accepts, by length', () => {
    const contract = readFileSync(join(repoRoot, 'ios-sample/Sources/Xiaodenglu/Contract.swift'), 'utf8');
    expect(contract).toContain(`isTicketText(text, lengths: ${EXCHANGEABLE_TICKET.minLength}...${EXCHANGEABLE_TICKET.maxLength})`);
  });
});

describe('the Swift ExchangedUser has the fields of test/vectors/exchanged-user.json', () => {
  const vectors = readJson<{ read: { name: string; user?: Record<string, unknown> }[] }>('test/vectors/exchanged-user.json');
  const users = vectors.read.flatMap((v) => (v.user ? [v.user] : []));
  const swift = readFileSync(join(repoRoot, 'ios-sample/Sources/Xiaodenglu/ExchangedUser.swift'), 'utf8');
  const properties = new Map([...swift.matchAll(/^ {4}public let (\w+): (\w+)(\?)?$/gm)].map((m) => [m[1], m[3] === '?'] as const));

  it('one property per field of the vectors` user, optional exactly when some vector has it null', () => {
    expect(users.length).toBeGreaterThan(0);
    const fields = Object.keys(users[0]);
    for (const user of users) expect(Object.keys(user).sort()).toEqual([...fields].sort());
    const nullable = new Map(fields.map((field) => [field, users.some((user) => user[field] === null)] as const));
    expect(new Map([...properties].sort())).toEqual(new Map([...nullable].sort()));
  });

  it('reads `_id` as id, and every field in the order sdk/exchanged-user.ts does', () => {
    expect(swift).toContain('case id = "_id"');
    const sdk = readFileSync(join(repoRoot, 'sdk/exchanged-user.ts'), 'utf8');
    const sdkOrder = [...sdk.matchAll(/(?:required|optional)\('(\w+)'\)|FieldError\('(\w+)'\)/g)].map((m) => m[1] ?? m[2]);
    const swiftOrder = [...swift.matchAll(/= try Self\.\w+\(fields, \.(\w+)\)/g)].map((m) => (m[1] === 'id' ? '_id' : m[1]));
    expect(swiftOrder).toEqual([...new Set(sdkOrder)]);
  });
});
