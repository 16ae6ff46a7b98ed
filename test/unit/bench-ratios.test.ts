import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGREEMENT, ratio, repeated, verdict } from '../../scripts/bench/ratios.ts';

const positive = fc.double({ min: 1, max: 1e6, noNaN: true });

describe('bench ratios', () => {
  it('prints a ratio only when both figures’ runs agree within 20 %', () => {
    fc.assert(
      fc.property(fc.array(positive, { minLength: 1, maxLength: 5 }), fc.array(positive, { minLength: 1, maxLength: 5 }), (a, b) => {
        const [x, y] = [repeated(a), repeated(b)];
        const agree = (runs: number[]) => (Math.max(...runs) - Math.min(...runs)) / Math.min(...runs) <= AGREEMENT;
        const value = ratio(x, y);
        expect(value.ok).toBe(agree(a) && agree(b));
        if (value.ok) expect(value.value).toBeCloseTo(x.mean / y.mean, 9);
      }),
    );
  });

  it('says which figure disagreed, with its runs', () => {
    const value = ratio(repeated([100, 130]), repeated([50, 50]));
    expect(value).toEqual({ ok: false, why: "its numerator's runs disagree by 30 % (100 / 130)" });
    expect(verdict(value, '<=', 3)).toBe('unknown');
  });

  it('judges targets on steady ratios only', () => {
    expect(verdict(ratio(repeated([300, 310]), repeated([100, 100])), '<=', 3)).toBe('misses');
    expect(verdict(ratio(repeated([290, 300]), repeated([100, 100])), '<=', 3)).toBe('meets');
    expect(verdict(ratio(repeated([60, 60]), repeated([100, 100])), '>=', 0.5)).toBe('meets');
  });

  it('treats a missing or non-positive run as unsteady', () => {
    expect(repeated([]).steady).toBe(false);
    expect(repeated([0, 10]).steady).toBe(false);
    expect(repeated([Number.NaN]).steady).toBe(false);
  });
});
