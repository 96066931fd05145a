/** Loading the golden data sets and comparing numbers with a stated relative tolerance. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { parseWidePriceCsv } from '$lib/core/io/price-csv';
import type { PriceTable } from '$lib/core/returns/return-table';

export const GOLDEN = 'tests/golden';

export function loadPrices(file: string): PriceTable {
  const raw = readFileSync(`${GOLDEN}/data/${file}`);
  const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const parsed = parseWidePriceCsv(text);
  if (!parsed.ok) throw new Error(`cannot read ${file}: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

export function loadGolden<T>(file: string): T {
  return JSON.parse(readFileSync(`${GOLDEN}/${file}`, 'utf8')) as T;
}

/**
 * Every element agrees to `relative` of its reference value; values near zero (below
 * `relative` × the largest reference magnitude) are compared against that scale instead.
 */
export function expectAllClose(
  actual: ArrayLike<number>,
  reference: ArrayLike<number | null>,
  relative: number,
  label = ''
) {
  expect(actual.length, `${label}: length`).toBe(reference.length);
  // The fixtures write NaN as null.
  const expected = Array.from(reference, (value) => (value === null ? Number.NaN : value));
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) expect(actual[i], `${label}[${i}] should be NaN`).toBeNaN();
  }
  let scale = 0;
  for (let i = 0; i < expected.length; i++)
    if (!Number.isNaN(expected[i])) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  let worstIndex = -1;
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) continue;
    const error = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), relative * scale, 1e-300);
    if (!(error <= worst)) {
      worst = error;
      worstIndex = i;
    }
  }
  expect(
    worst,
    `${label}: worst relative error ${worst} at ${worstIndex} (got ${actual[worstIndex]}, want ${expected[worstIndex]})`
  ).toBeLessThanOrEqual(relative);
}

export const flat = (matrix: number[][]) => matrix.flat();
