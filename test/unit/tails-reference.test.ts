import betainc from '@stdlib/math-base-special-betainc';
import gammainc from '@stdlib/math-base-special-gammainc';
import negativeBinomialCdf from '@stdlib/stats-base-dists-negative-binomial-cdf';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import { describe, expect, it } from 'vitest';
import { negativeBinomialTail, poissonTail } from '../../src/alerts/tails.js';

/**
 * The detector's tails against stdlib's: its distribution CDFs where 1 - CDF is exact enough (tails
 * above 1e-9), and its upper incomplete gamma and beta functions, which give the far tail directly.
 */
const LAMBDAS = [0.05, 0.3, 1, 2.5, 7, 15, 40, 120, 400];
const KAPPAS = [0.01, 0.1, 0.5, 1, 3];
const ks = (mean: number) => [
  ...new Set([1, 2, 3, 5, Math.ceil(mean), Math.ceil(mean * 1.5), Math.ceil(mean * 2 + 3), Math.ceil(mean * 3 + 10), Math.ceil(mean * 5 + 20)]),
];

/** |a - b| relative to b, for values far from zero; absolute near it. */
function closeTo(actual: number, expected: number, relative: number) {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(relative * Math.max(expected, 1e-300));
}

describe('Poisson tail P(X >= k)', () => {
  it.each(LAMBDAS)('matches 1 - CDF(k - 1) for λ = %s', (lambda) => {
    for (const k of ks(lambda)) {
      const reference = 1 - poissonCdf(k - 1, lambda);
      if (reference > 1e-9) closeTo(poissonTail(k, lambda), reference, 1e-6);
    }
  });

  it.each(LAMBDAS)('matches the regularized lower incomplete gamma P(k, λ) far into the tail for λ = %s', (lambda) => {
    for (const k of ks(lambda)) closeTo(poissonTail(k, lambda), gammainc(lambda, k, true, false), 1e-9);
  });

  it('is 1 at k <= 0 and 0 for a series that never posts', () => {
    expect(poissonTail(0, 3)).toBe(1);
    expect(poissonTail(4, 0)).toBe(0);
  });
});

describe('negative binomial tail P(X >= k) with mean μ and variance μ + κμ²', () => {
  // stdlib's parametrization: r successes of probability p, X failures before the r-th; mean r(1-p)/p.
  const parameters = (mu: number, kappa: number) => ({ r: 1 / kappa, p: 1 / kappa / (1 / kappa + mu) });

  for (const kappa of KAPPAS) {
    it.each(LAMBDAS)(`matches 1 - CDF(k - 1) for κ = ${kappa}, μ = %s`, (mu) => {
      const { r, p } = parameters(mu, kappa);
      for (const k of ks(mu)) {
        const reference = 1 - negativeBinomialCdf(k - 1, r, p);
        if (reference > 1e-9) closeTo(negativeBinomialTail(k, mu, kappa), reference, 1e-6);
      }
    });

    it.each(LAMBDAS)(`matches the upper regularized incomplete beta 1 - I_p(r, k) far into the tail for κ = ${kappa}, μ = %s`, (mu) => {
      const { r, p } = parameters(mu, kappa);
      for (const k of ks(mu)) closeTo(negativeBinomialTail(k, mu, kappa), betainc(p, r, k, true, true), 1e-8);
    });
  }

  it('becomes the Poisson tail as κ goes to 0', () => {
    for (const mu of LAMBDAS) for (const k of ks(mu)) closeTo(negativeBinomialTail(k, mu, 1e-12), poissonTail(k, mu), 1e-12);
  });
});
