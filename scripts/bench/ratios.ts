/**
 * How the bench turns repeated runs into figures it dares print: a figure is the mean of its runs,
 * and a ratio of two figures is printed only when each figure's runs agree within AGREEMENT (the
 * machine was steady enough for the ratio to mean something).
 */

/** Runs of one figure may differ by at most this fraction of the smaller one. */
export const AGREEMENT = 0.2;

export interface Repeated {
  runs: readonly number[];
  mean: number;
  /** (max − min) / min over the runs. */
  spread: number;
  steady: boolean;
}

export function repeated(runs: readonly number[]): Repeated {
  if (runs.length === 0 || runs.some((run) => !Number.isFinite(run) || run <= 0)) {
    return { runs, mean: Number.NaN, spread: Number.POSITIVE_INFINITY, steady: false };
  }
  const min = Math.min(...runs);
  const max = Math.max(...runs);
  const spread = (max - min) / min;
  return { runs, mean: runs.reduce((sum, run) => sum + run, 0) / runs.length, spread, steady: spread <= AGREEMENT };
}

export type Ratio = { ok: true; value: number } | { ok: false; why: string };

export function ratio(numerator: Repeated, denominator: Repeated): Ratio {
  for (const [figure, name] of [
    [numerator, 'numerator'],
    [denominator, 'denominator'],
  ] as const) {
    if (!figure.steady) {
      const runs = figure.runs.map((run) => run.toFixed(0)).join(' / ');
      return { ok: false, why: `its ${name}'s runs disagree by ${(figure.spread * 100).toFixed(0)} % (${runs})` };
    }
  }
  return { ok: true, value: numerator.mean / denominator.mean };
}

export function formatRatio(value: Ratio, digits = 2): string {
  return value.ok ? `${value.value.toFixed(digits)}×` : `— (${value.why})`;
}

/** `meets` / `misses` a target `ratio ≤ limit` (or `≥`), or `unknown` when the ratio is not steady. */
export function verdict(value: Ratio, comparison: '<=' | '>=', limit: number): 'meets' | 'misses' | 'unknown' {
  if (!value.ok) return 'unknown';
  return (comparison === '<=' ? value.value <= limit : value.value >= limit) ? 'meets' : 'misses';
}
