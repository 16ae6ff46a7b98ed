import { describe, expect, it } from 'vitest';
import { manualClock } from '../../server/clock.ts';
import { DEFAULT_RATE_LIMITS, RateLimits } from '../../server/http/rate-limit.ts';

const HOUR_START = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;
const CGNAT = '100.64.0.1';

/** The rate-limit model of docs/server.md with its default numbers, one process. */
describe('rate limits: the model, with the default settings', () => {
  const fresh = () => {
    const clock = manualClock(HOUR_START);
    return { clock, limits: new RateLimits(DEFAULT_RATE_LIMITS, clock) };
  };

  it('lets 1,000 users a minute log in from one carrier-grade NAT address', () => {
    const { limits } = fresh();
    for (let user = 0; user < 1000; user++) {
      expect(limits.request('profile', CGNAT)).toBeNull();
      expect(limits.request('identify', CGNAT)).toBeNull();
      expect(limits.loginBackoff(CGNAT)).toBeNull();
      expect(limits.login('identify', 'pool', `openid-${user}`)).toBeNull();
      expect(limits.request('issue', CGNAT)).toBeNull();
      expect(limits.login('issue', 'pool', `openid-${user}`)).toBeNull();
    }
  });

  it('holds back one WeChat user logging in over and over, not the others on the same address', () => {
    const { clock, limits } = fresh();
    clock.advance(15_000);
    for (let i = 0; i < DEFAULT_RATE_LIMITS.loginsPerUser; i++) expect(limits.login('identify', 'pool', 'scripted')).toBeNull();
    expect(limits.login('identify', 'pool', 'scripted')).toEqual({ retryAfterS: 45 });
    expect(limits.login('identify', 'pool', 'neighbour')).toBeNull();
    expect(limits.login('identify', 'other-pool', 'scripted')).toBeNull();
    clock.advance(45_000);
    expect(limits.login('identify', 'pool', 'scripted')).toBeNull();
  });

  it('puts a client that keeps failing logins in backoff for the minute, then for the hour', () => {
    const { clock, limits } = fresh();
    for (let i = 0; i < DEFAULT_RATE_LIMITS.loginFailuresPerIp; i++) {
      expect(limits.loginBackoff(CGNAT)).toBeNull();
      limits.loginFailed(CGNAT);
    }
    expect(limits.loginBackoff(CGNAT)).toEqual({ retryAfterS: 60 });
    expect(limits.loginBackoff('100.64.0.2')).toBeNull();
    const minutesToHourly = DEFAULT_RATE_LIMITS.loginFailuresPerIpHourly / DEFAULT_RATE_LIMITS.loginFailuresPerIp;
    for (let minute = 1; minute < minutesToHourly; minute++) {
      clock.advance(MINUTE);
      expect(limits.loginBackoff(CGNAT)).toBeNull();
      for (let i = 0; i < DEFAULT_RATE_LIMITS.loginFailuresPerIp; i++) limits.loginFailed(CGNAT);
    }
    clock.advance(MINUTE);
    expect(limits.loginBackoff(CGNAT)).toEqual({ retryAfterS: 3600 - minutesToHourly * 60 });
    clock.set(HOUR_START + 3_600_000);
    expect(limits.loginBackoff(CGNAT)).toBeNull();
  });

  it('counts failed exchanges per pool and client: other clients and other pools are untouched', () => {
    const { limits } = fresh();
    for (let i = 0; i < DEFAULT_RATE_LIMITS.exchangeFailuresPerClient; i++) limits.exchangeFailed('pool', '203.0.113.9');
    expect(limits.exchangeBackoff('pool', '203.0.113.9')).toEqual({ retryAfterS: 60 });
    expect(limits.exchangeBackoff('pool', '198.51.100.1')).toBeNull();
    expect(limits.exchangeBackoff('other-pool', '203.0.113.9')).toBeNull();
  });

  it('caps a flood from one address per route', () => {
    const { limits } = fresh();
    for (let i = 0; i < DEFAULT_RATE_LIMITS.requestsPerIp; i++) limits.request('wxacode', CGNAT);
    expect(limits.request('wxacode', CGNAT)).toEqual({ retryAfterS: 60 });
    expect(limits.request('profile', CGNAT)).toBeNull();
  });
});
