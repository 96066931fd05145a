/**
 * A small seeded generator (mulberry32): the same seed gives the same numbers in every browser,
 * in Node and in the Python fixture scripts, so seeded results (bootstraps, synthetic data) are
 * reproducible everywhere.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
