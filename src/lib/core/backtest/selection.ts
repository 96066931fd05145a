/**
 * "What" steps of a backtested strategy: which assets of the universe to hold at a rebalance.
 * `topN` ranks the assets that have a price now by a signal computed from the history as of the
 * decision bar and keeps the best N; the "how much" step then weighs only those. A signal is any
 * function of the history (trailing momentum here; the ONNX signals of the models issue plug in
 * through the same type).
 */
import type { BarHistory } from './bar-history';

/** A score per asset of `universe` at the decision bar (NaN: no score, never selected). */
export type Signal = (history: BarHistory, universe: readonly number[]) => Float64Array;

/** Total return over the last `lookback` bars, skipping the most recent `skip` (12-1 momentum: 252, 21). */
export function momentum(lookback: number, skip = 0): Signal {
  return (history, universe) =>
    Float64Array.from(universe, (j) => {
      const end = history.now - skip;
      const begin = end - lookback;
      if (begin < 0) return Number.NaN;
      return history.price(j, end) / history.price(j, begin) - 1;
    });
}

/** The best `n` assets by `signal` (ties by universe order). */
export function topN(signal: Signal, n: number): (history: BarHistory, universe: readonly number[]) => number[] {
  return (history, universe) => {
    const scores = signal(history, universe);
    return universe
      .map((j, k) => ({ j, k, score: scores[k] }))
      .filter((a) => Number.isFinite(a.score) && Number.isFinite(history.price(a.j)))
      .sort((a, b) => b.score - a.score || a.k - b.k)
      .slice(0, n)
      .map((a) => a.j);
  };
}
