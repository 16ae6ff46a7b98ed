import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { encodeExtMsg, type ExtMsg } from '../../miniprogram/contract/ext-msg';
import { parseLaunchQuery, type RawQuery } from '../../miniprogram/core/launch-query';
import { parseExtMsg } from '../../sdk/ext-msg';
import { buildLaunchPath, LaunchRequestError, type LaunchRequest } from '../../sdk/launch-path';
import { codeChallengeOf, newCodeVerifier } from '../../sdk/pkce';
import { readExchangedUser } from '../../sdk/exchanged-user';
import { CODE_VERIFIER_PATTERN } from '../../miniprogram/contract/pkce';
import { s256 } from '../../server/pkce';

const vectorsDir = new URL('../vectors/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, vectorsDir), 'utf8')) as T;

interface ExtMsgVectors {
  encode: { name: string; input: ExtMsg; extMsg: string }[];
  parse: { name: string; extMsg: string; expect: { kind: string; code?: number; message?: string; ticket?: string } }[];
}
interface LaunchVectors {
  build: { name: string; input: LaunchRequest; path?: string; error?: string }[];
  parse: {
    name: string;
    query: RawQuery;
    scene: number;
    expect: { ok: true; params: object } | { ok: false; fromApp: boolean; problems: [string, string][] };
  }[];
}

const extMsg = read<ExtMsgVectors>('ext-msg.json');
const launch = read<LaunchVectors>('launch-query.json');

describe('test/vectors/ext-msg.json', () => {
  it.each(extMsg.encode)('encodes: $name', ({ input, extMsg: expected }) => {
    expect(encodeExtMsg(input)).toBe(expected);
  });

  it.each(extMsg.encode)('parses what it encodes: $name', ({ extMsg: raw }) => {
    const parsed = parseExtMsg(raw);
    const fields = new URLSearchParams(raw);
    expect(parsed.kind).not.toBe('malformed');
    if (parsed.kind === 'malformed') return;
    expect(parsed.code).toBe(Number(fields.get('code')));
    expect(parsed.message).toBe(fields.get('message'));
    if (parsed.kind === 'success') expect(parsed.ticket).toBe(fields.get('ticket'));
  });

  it.each(extMsg.parse)('parses: $name', ({ extMsg: raw, expect: expected }) => {
    const parsed = parseExtMsg(raw);
    if (expected.kind === 'malformed') expect(parsed).toEqual({ kind: 'malformed', raw });
    else expect(parsed).toEqual(expected);
  });
});

describe('test/vectors/launch-query.json', () => {
  it.each(launch.build)('builds: $name', ({ input, path, error }) => {
    if (path !== undefined) {
      expect(buildLaunchPath(input)).toBe(path);
    } else {
      expect(() => buildLaunchPath(input)).toThrow(LaunchRequestError);
      try {
        buildLaunchPath(input);
      } catch (e) {
        expect((e as LaunchRequestError).param).toBe(error);
      }
    }
  });

  it.each(launch.build.filter((c) => c.path !== undefined))('the page reads back what the app built: $name', ({ input, path }) => {
    const query = Object.fromEntries(new URLSearchParams((path as string).split('?')[1]));
    const parsed = parseLaunchQuery(query, 1069);
    expect(parsed).toEqual({
      ok: true,
      params: {
        userPoolId: input.userPoolId,
        wantPhone: input.wantPhone,
        useSelfWxapp: input.useSelfWxapp,
        fromApp: true,
        source: 'path',
        codeChallenge: input.codeChallenge ?? null,
      },
    });
  });

  it.each(launch.parse)('parses: $name', ({ query, scene, expect: expected }) => {
    const parsed = parseLaunchQuery(query, scene);
    if (expected.ok) {
      expect(parsed).toEqual(expected);
    } else {
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.fromApp).toBe(expected.fromApp);
      expect(parsed.problems.map((p) => [p.param, p.kind])).toEqual(expected.problems);
    }
  });
});

interface PkceVectors {
  s256: { name: string; verifier: string; challenge?: string; error?: string }[];
  build: { name: string; input: LaunchRequest; path?: string; error?: string }[];
}
const pkce = read<PkceVectors>('pkce.json');

describe('test/vectors/pkce.json', () => {
  it.each(pkce.s256)('derives the challenge, or refuses the verifier: $name', async ({ verifier, challenge, error }) => {
    if (challenge !== undefined) {
      await expect(codeChallengeOf(verifier)).resolves.toBe(challenge);
      expect(s256(verifier)).toBe(challenge);
    } else {
      await expect(codeChallengeOf(verifier)).rejects.toMatchObject({ name: 'CodeVerifierError', problem: error });
    }
  });

  it.each(pkce.build)('builds: $name', ({ input, path, error }) => {
    if (path !== undefined) expect(buildLaunchPath(input)).toBe(path);
    else expect(() => buildLaunchPath(input)).toThrow(expect.objectContaining({ param: error }) as Error);
  });

  it('makes verifiers the service accepts, each with its own challenge', async () => {
    const verifiers = Array.from({ length: 20 }, () => newCodeVerifier());
    for (const verifier of verifiers) expect(verifier).toMatch(CODE_VERIFIER_PATTERN);
    expect(new Set(verifiers).size).toBe(verifiers.length);
    for (const verifier of verifiers) expect(await codeChallengeOf(verifier)).toBe(s256(verifier));
  });
});

interface ExchangedUserVectors {
  read: { name: string; data: unknown; user?: object; error?: string }[];
}
const exchangedUsers = read<ExchangedUserVectors>('exchanged-user.json');

describe('test/vectors/exchanged-user.json', () => {
  it.each(exchangedUsers.read)('reads: $name', ({ data, user, error }) => {
    expect(readExchangedUser(data)).toEqual(user ? { ok: true, user } : { ok: false, field: error });
  });
});
