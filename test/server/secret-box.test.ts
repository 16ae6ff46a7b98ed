import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DataKeyConfigError,
  SecretBox,
  SecretBoxError,
  formatDataKey,
  generateDataKey,
  isSealed,
  parseDataKeys,
} from '../../server/secret-box.ts';

const field = (aad: string) => ({ aad, label: `field ${aad}` });
const k1 = generateDataKey('k1');
const k2 = generateDataKey('k2');

describe('secret box', () => {
  it('seals to a self-describing v1 value and opens it again', () => {
    const box = new SecretBox([k1]);
    const sealed = box.seal('0123456789abcdef0123456789abcdef', field('pools.app_secret/p1'));
    expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('0123456789abcdef');
    expect(isSealed(sealed)).toBe(true);
    expect(box.open(sealed, field('pools.app_secret/p1'))).toBe('0123456789abcdef0123456789abcdef');
    expect(box.seal('same', field('a'))).not.toBe(box.seal('same', field('a')));
  });

  it('round-trips any text under any record identity', () => {
    const box = new SecretBox([k1, k2]);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), (plain, aad) => {
        expect(box.open(box.seal(plain, field(aad)), field(aad))).toBe(plain);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a value moved to another record, naming the key', () => {
    const box = new SecretBox([k1]);
    const sealed = box.seal('secret', field('pools.app_secret/p1'));
    expect(() => box.open(sealed, field('pools.app_secret/p2'))).toThrow(
      /field pools\.app_secret\/p2 does not authenticate under data key "k1"/,
    );
  });

  it('refuses a tampered value, whichever part changed', () => {
    const box = new SecretBox([k1]);
    const sealed = box.seal('secret', field('a'));
    const [version, kid, iv, body] = sealed.split('.') as [string, string, string, string];
    const flip = (text: string) => `${text[0] === 'A' ? 'B' : 'A'}${text.slice(1)}`;
    for (const tampered of [
      `${version}.${kid}.${flip(iv)}.${body}`,
      `${version}.${kid}.${iv}.${flip(body)}`,
      `${version}.${kid}.${iv}.${body.slice(0, -4)}`,
    ]) {
      expect(() => box.open(tampered, field('a'))).toThrow(SecretBoxError);
    }
    expect(() => box.open(`v2.${kid}.${iv}.${body}`, field('a'))).toThrow(/unsupported format v2/);
    expect(() => box.open('v1.k1.???.x', field('a'))).toThrow(/malformed/);
  });

  it('refuses a value sealed with a key it does not have, or with other material under the same kid', () => {
    const sealed = new SecretBox([k1]).seal('secret', field('a'));
    const error = (() => {
      try {
        new SecretBox([k2]).open(sealed, field('a'));
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SecretBoxError);
    expect(error).toMatchObject({ kid: 'k1', message: expect.stringContaining('sealed with data key "k1", which is not configured') });
    expect(() => new SecretBox([generateDataKey('k1')]).open(sealed, field('a'))).toThrow(/does not authenticate under data key "k1"/);
  });

  it('rotates: seals with the first key and still opens what older keys sealed', () => {
    const old = new SecretBox([k1]).seal('old secret', field('a'));
    const rotated = new SecretBox([k2, k1]);
    expect(rotated.open(old, field('a'))).toBe('old secret');
    const fresh = rotated.seal('new secret', field('a'));
    expect(fresh.startsWith('v1.k2.')).toBe(true);
    expect(rotated.isSealedWithCurrentKey(fresh)).toBe(true);
    expect(rotated.isSealedWithCurrentKey(old)).toBe(false);
  });

  it('parses configured keys, naming what is wrong', () => {
    const keys = parseDataKeys(` ${formatDataKey(k2)}, ${formatDataKey(k1)} `, 'XDL_DATA_KEYS');
    expect(keys.map((k) => k.kid)).toEqual(['k2', 'k1']);
    expect(keys[0]!.key.equals(k2.key)).toBe(true);
    expect(() => parseDataKeys('', 'XDL_DATA_KEYS')).toThrow('XDL_DATA_KEYS: no key given');
    expect(() => parseDataKeys('k1', 'XDL_DATA_KEYS')).toThrow('XDL_DATA_KEYS (key 1): must be kid:key');
    expect(() => parseDataKeys(`bad.kid:${k1.key.toString('base64url')}`, 'XDL_DATA_KEYS')).toThrow(DataKeyConfigError);
    expect(() => parseDataKeys(`k1:${k1.key.subarray(0, 16).toString('base64url')}`, 'XDL_DATA_KEYS')).toThrow(
      'key "k1" must be 32 random bytes',
    );
    expect(() => parseDataKeys(`k1:${k1.key.toString('base64')}`, 'XDL_DATA_KEYS')).toThrow(
      /key "k1" must be 32 random bytes|must be kid:key/,
    );
    expect(() => parseDataKeys(`${formatDataKey(k1)},${formatDataKey(generateDataKey('k1'))}`, 'XDL_DATA_KEYS')).toThrow(
      '"k1" appears twice',
    );
  });
});
