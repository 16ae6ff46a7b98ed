import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeExtMsg, extMsgMessage, type ExtMsg, type RefusalReason } from '../../miniprogram/contract/ext-msg';
import { POOL_ID_PATTERN, type LaunchParamName } from '../../miniprogram/contract/launch';
import { CODE_CHALLENGE_PATTERN } from '../../miniprogram/contract/pkce';
import { decodeOnce, parseLaunchQuery, splitQuery } from '../../miniprogram/core/launch-query';
import { classifyPhoneDetail } from '../../miniprogram/core/phone-detail';
import { parseExtMsg } from '../../sdk/ext-msg';
import { buildLaunchPath } from '../../sdk/launch-path';

/** The seed's Swift parser: split on `&`, then on `=`, no decoding (crashes on a field without `=`). */
function seedParse(extMsg: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const row of extMsg.split('&')) {
    const pairs = row.split('=');
    if (pairs.length < 2) throw new Error(`the seed parser would crash on ${JSON.stringify(row)}`);
    data[pairs[0]] = pairs[1];
  }
  return data;
}

const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('%', 'E', '0', 'A', '&', '=', '+', '#', '?', '/', 'a', '1', ' '), maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant('x'.repeat(10_000)),
);
const poolId = fc.stringMatching(POOL_ID_PATTERN);
const codeChallenge = fc.stringMatching(CODE_CHALLENGE_PATTERN);
const paramName = fc.constantFrom<LaunchParamName>('userPoolId', 'getPhone', 'fromApp', 'useSelfWxapp', 'codeChallenge', 'q', 'scene');
const refusal = fc.constantFrom<RefusalReason>('login_only', 'account_blocked', 'wrong_wxapp', 'self_wxapp_unavailable');
const extMsgArb: fc.Arbitrary<ExtMsg> = fc.oneof(
  fc.record({ code: fc.constant(200 as const), ticket: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), hostileString) }),
  fc.constantFrom<ExtMsg>({ code: 400 }, { code: 404 }, { code: 429 }, { code: 500 }, { code: 503 }),
  fc.record({ code: fc.constant(403 as const), reason: refusal }),
  fc.record({ code: fc.constant(422 as const), param: paramName }),
);

describe('launch query parser', () => {
  it('never throws, and every refusal names a parameter', () => {
    const query = fc.dictionary(fc.oneof(paramName, hostileString), hostileString, { maxKeys: 8 });
    fc.assert(
      fc.property(query, fc.integer(), (q, scene) => {
        const parsed = parseLaunchQuery(q, scene);
        if (parsed.ok) expect(parsed.params.userPoolId).toMatch(POOL_ID_PATTERN);
        else expect(parsed.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('decodeOnce and splitQuery never throw', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        expect(typeof decodeOnce(s)).toBe('string');
        expect(splitQuery(s)).toBeInstanceOf(Map);
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes a raw value exactly once', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        expect(decodeOnce(encodeURIComponent(s))).toBe(s);
        expect(decodeOnce(encodeURIComponent(encodeURIComponent(s)))).toBe(encodeURIComponent(s));
      }),
    );
  });

  it('reads back every path an app builds, raw or decoded, and through a 普通链接二维码', () => {
    fc.assert(
      fc.property(
        poolId,
        fc.boolean(),
        fc.boolean(),
        fc.option(codeChallenge, { nil: undefined }),
        (userPoolId, wantPhone, useSelfWxapp, challenge) => {
          const path = buildLaunchPath({
            userPoolId,
            wantPhone,
            useSelfWxapp,
            ...(challenge !== undefined ? { codeChallenge: challenge } : {}),
          });
          const raw = Object.fromEntries(
            path
              .split('?')[1]
              .split('&')
              .map((kv) => kv.split('=') as [string, string]),
          );
          const expected = {
            ok: true,
            params: { userPoolId, wantPhone, useSelfWxapp, fromApp: true, source: 'path', codeChallenge: challenge ?? null },
          };
          expect(parseLaunchQuery(raw, 1069)).toEqual(expected);
          const encodedRaw = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, encodeURIComponent(v)]));
          expect(parseLaunchQuery(encodedRaw, 1069)).toEqual(expected);
          const q = encodeURIComponent(`https://xdl.example.com/try?userPoolId=${userPoolId}&getPhone=${wantPhone ? 1 : 0}`);
          expect(parseLaunchQuery({ q }, 1011)).toEqual({
            ok: true,
            params: { userPoolId, wantPhone, useSelfWxapp: false, fromApp: false, source: 'q', codeChallenge: null },
          });
        },
      ),
    );
  });
});

describe('extMsg encoder', () => {
  it('never throws, and URLSearchParams, the seed parser and our parser read the same code, message and ticket', () => {
    fc.assert(
      fc.property(extMsgArb, (msg) => {
        const encoded = encodeExtMsg(msg);
        expect(encoded).not.toMatch(/[%+#\n]/);
        const standard = new URLSearchParams(encoded);
        const naive = seedParse(encoded);
        const ours = parseExtMsg(encoded);
        expect(Object.fromEntries(standard)).toEqual(naive);
        expect(ours.kind).not.toBe('malformed');
        if (ours.kind === 'malformed') return;
        expect(String(ours.code)).toBe(naive.code);
        expect(ours.message).toBe(naive.message);
        if (ours.kind === 'success') expect(ours.ticket).toBe(naive.ticket);
        else expect(naive.ticket).toBeUndefined();
        if (msg.code !== 200) expect(ours.message).toBe(extMsgMessage(msg));
      }),
      { numRuns: 3000 },
    );
  });

  it('passes a well-formed ticket through unchanged', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{43,86}$/), (ticket) => {
        expect(parseExtMsg(encodeExtMsg({ code: 200, ticket }))).toEqual({ kind: 'success', code: 200, message: '授权成功', ticket });
      }),
    );
  });
});

describe('app-side extMsg parser', () => {
  it('never throws on any input, in either form', () => {
    const jsonish = fc.jsonValue().map((v) => JSON.stringify(v));
    fc.assert(
      fc.property(fc.oneof(hostileString, jsonish), (raw) => {
        const parsed = parseExtMsg(raw);
        expect(['success', 'cancelled', 'failure', 'malformed']).toContain(parsed.kind);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('phone button detail', () => {
  it('never throws and only getPhoneNumber:ok yields a proof', () => {
    const detail = fc.record(
      {
        errMsg: fc.oneof(hostileString, fc.constantFrom('getPhoneNumber:ok', 'getPhoneNumber:fail user deny')),
        errno: fc.oneof(fc.integer(), fc.constantFrom(104, 112, 1400001)),
        code: hostileString,
        encryptedData: hostileString,
        iv: hostileString,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(detail, (d) => {
        const outcome = classifyPhoneDetail(d);
        if (outcome.kind === 'proof') expect(d.errMsg).toBe('getPhoneNumber:ok');
      }),
      { numRuns: 2000 },
    );
  });
});
