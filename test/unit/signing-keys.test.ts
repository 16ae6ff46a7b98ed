import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_GRACE_MS, TOKEN_LIFETIME_S, activeKey, keyHousekeeping, keySchedule, publishedKeys } from '../../server/signing-keys.ts';

const DAY = 24 * 3600_000;
const time = fc.integer({ min: 0, max: 100 * DAY });
const keySet = fc
  .uniqueArray(fc.record({ kid: fc.stringMatching(/^[A-Za-z0-9_-]{1,11}$/), at: time, hasPrivate: fc.boolean() }), {
    selector: (key) => key.kid,
    maxLength: 6,
  })
  .map((keys) => keys.map(({ kid, at, hasPrivate }) => ({ kid, activatesAt: new Date(at), hasPrivate })));

describe('signing-key schedule', () => {
  it('has exactly one active key once any has activated, and it is the one that signs', () => {
    fc.assert(
      fc.property(keySet, time, (keys, now) => {
        const active = keySchedule(keys, now).filter((status) => status.state === 'active');
        const anyActivated = keys.some((key) => key.activatesAt.getTime() <= now);
        expect(active).toHaveLength(anyActivated ? 1 : 0);
        expect(activeKey(keys, now)).toBe(active[0]?.key ?? null);
      }),
    );
  });

  it('publishes every pending and the active key, and a retired key exactly until its tokens (and the grace) are over', () => {
    fc.assert(
      fc.property(keySet, time, (keys, now) => {
        const published = new Set(publishedKeys(keys, now));
        for (const status of keySchedule(keys, now)) {
          if (status.state !== 'retired') expect(published.has(status.key)).toBe(true);
          else {
            const lastToken = status.retiredAt!.getTime() + TOKEN_LIFETIME_S * 1000;
            expect(published.has(status.key)).toBe(now < lastToken + KEY_GRACE_MS);
            expect(status.retiredAt!.getTime()).toBeGreaterThanOrEqual(status.key.activatesAt.getTime());
          }
        }
      }),
    );
  });

  it('once a key has left the JWKS it never comes back', () => {
    fc.assert(
      fc.property(keySet, time, fc.integer({ min: 0, max: 30 * DAY }), (keys, now, later) => {
        const before = new Set(publishedKeys(keys, now).map((key) => key.kid));
        const after = publishedKeys(keys, now + later).map((key) => key.kid);
        for (const kid of after) {
          const key = keys.find((k) => k.kid === kid)!;
          if (key.activatesAt.getTime() <= now) expect(before.has(kid)).toBe(true);
        }
      }),
    );
  });

  it('housekeeping never touches the active or a pending key, and removes only what the JWKS no longer lists', () => {
    fc.assert(
      fc.property(keySet, time, (keys, now) => {
        const { erase, remove } = keyHousekeeping(keys, now);
        const published = new Set(publishedKeys(keys, now).map((key) => key.kid));
        const signing = activeKey(keys, now)?.kid;
        for (const kid of [...erase, ...remove]) expect(kid).not.toBe(signing);
        for (const kid of remove) expect(published.has(kid)).toBe(false);
        for (const kid of erase) expect(published.has(kid) && keys.find((key) => key.kid === kid)!.hasPrivate).toBe(true);
        expect(remove.length + published.size).toBe(keys.length);
      }),
    );
  });

  it('keeps the old key through a rotation’s grace, then erases its private half, then removes it', () => {
    const rotation = 10 * DAY;
    const keys = [
      { kid: 'old', activatesAt: new Date(0), hasPrivate: true },
      { kid: 'new', activatesAt: new Date(rotation), hasPrivate: true },
    ];
    expect(keyHousekeeping(keys, rotation + KEY_GRACE_MS - 1)).toEqual({ erase: [], remove: [] });
    expect(keyHousekeeping(keys, rotation + KEY_GRACE_MS)).toEqual({ erase: ['old'], remove: [] });
    const gone = rotation + TOKEN_LIFETIME_S * 1000 + KEY_GRACE_MS;
    expect(keyHousekeeping(keys, gone - 1).remove).toEqual([]);
    expect(keyHousekeeping(keys, gone)).toEqual({ erase: [], remove: ['old'] });
  });
});
