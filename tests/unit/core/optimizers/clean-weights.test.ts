import { describe, expect, it } from 'vitest';
import { cleanWeights } from '$lib/core/optimizers/clean-weights';

describe('cleanWeights', () => {
  it('drops weights below 1e-4, rounds to 5 decimals, and keeps the sum exactly 1', () => {
    const cleaned = cleanWeights([0.333333333, 0.00005, 0.333333333, 0.333283334]);
    // Rounded: 0.33333, 0, 0.33333, 0.33328 (sum 0.99994); the 0.00006 residue goes to the first largest.
    expect(Array.from(cleaned)).toEqual([0.33339, 0, 0.33333, 0.33328]);
    expect(cleaned.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  });
});
