import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, checkPasswordPolicy, hashPassword, verifyPassword } from '../../server/admin/passwords.ts';
import { csrfTokenOf } from '../../server/admin/auth.ts';

/** Cheap parameters: the properties hold for any, and the stored hash says which were used. */
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('admin passwords (scrypt)', () => {
  it('verifies a password against its own hash and no other, whatever the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), fc.string({ minLength: 1, maxLength: 80 }), async (password, other) => {
        const stored = await hashPassword(password, CHEAP);
        expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
        expect(await verifyPassword(password, stored)).toBe(true);
        if (other.normalize('NFKC') !== password.normalize('NFKC')) expect(await verifyPassword(other, stored)).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it('salts every hash, and stores the parameters it used (the default ones too)', async () => {
    const [a, b] = await Promise.all([hashPassword('same password', CHEAP), hashPassword('same password', CHEAP)]);
    expect(a).not.toBe(b);
    const stored = await hashPassword('twelve chars ok');
    expect(stored.split('$').slice(1, 4).map(Number)).toEqual([DEFAULT_SCRYPT.N, DEFAULT_SCRYPT.r, DEFAULT_SCRYPT.p]);
    expect(await verifyPassword('twelve chars ok', stored)).toBe(true);
  });

  it('refuses a stored value it did not write, naming it, instead of answering false', async () => {
    for (const stored of ['', 'plain text', 'bcrypt$2b$10$abc', 'scrypt$1024$8$1$short$x'])
      await expect(verifyPassword('x', stored)).rejects.toThrow('stored password hash: not a scrypt hash this service wrote');
  });

  it('asks for 12 to 1024 characters', () => {
    expect(() => checkPasswordPolicy('eleven char')).toThrow('password: must be at least 12 characters');
    expect(() => checkPasswordPolicy('x'.repeat(1025))).toThrow('password: must be at most 1024 characters');
    expect(() => checkPasswordPolicy('twelve chars')).not.toThrow();
  });

  it('derives a different CSRF token for every session id, never the id itself', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(csrfTokenOf(a)).not.toBe(a);
        if (a !== b) expect(csrfTokenOf(a)).not.toBe(csrfTokenOf(b));
      }),
    );
  });
});
