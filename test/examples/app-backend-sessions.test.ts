/** The reference app backend's in-memory sessions (examples/app-backend/sessions.ts), on a manual clock. */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../server/clock.ts';
import { SESSION_TOKEN_PATTERN, Sessions } from '../../examples/app-backend/sessions.ts';

const USER = { userId: 'u1', phone: '13800138000', openid: 'o1', unionid: null };

describe('app backend sessions', () => {
  it('a session is found by its token until its lifetime ends, then never again', () => {
    const clock = manualClock();
    const sessions = new Sessions(60_000, clock);
    const { token, expiresAt } = sessions.open(USER);
    expect(token).toMatch(SESSION_TOKEN_PATTERN);
    expect(expiresAt.getTime()).toBe(clock.now() + 60_000);
    clock.advance(59_999);
    expect(sessions.find(token)).toEqual(USER);
    clock.advance(1);
    expect(sessions.find(token)).toBeNull();
    expect(sessions.size).toBe(0);
  });

  it('tokens are distinct, and neither a malformed token nor a near miss finds a session', () => {
    const sessions = new Sessions(60_000, manualClock());
    const tokens = new Set(Array.from({ length: 100 }, () => sessions.open(USER).token));
    expect(tokens.size).toBe(100);
    const [first] = tokens;
    expect(sessions.find(`${first!.slice(0, -1)}${first!.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(sessions.find('')).toBeNull();
    expect(sessions.find(`${first!} `)).toBeNull();
  });

  it('expired sessions are swept on a later login, not kept forever', () => {
    const clock = manualClock();
    const sessions = new Sessions(60_000, clock);
    for (let i = 0; i < 10; i++) sessions.open(USER);
    clock.advance(60_000);
    sessions.open(USER);
    expect(sessions.size).toBe(1);
  });
});
