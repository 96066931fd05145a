/**
 * "How much" steps that refit an optimizer walk-forward: at each rebalance, the returns of the
 * last `lookback` bars (as of the decision bar, through BarHistory) go through the same
 * estimators and optimizers the Optimize page uses — hierarchical risk parity, equal risk
 * contribution, or a mean-variance objective on μ and Σ from any configured estimator (maximum
 * Sharpe on a Ledoit–Wolf covariance, say). One optimizer code path serves both pages.
 *
 * Assets without a full window (or no price now) are left out until they have one. When an
 * optimizer has no answer (no asset beats the risk-free rate, a solver failure), the step keeps
 * the weights it had and records why in `fallbacks`, so a backtest never silently invents a
 * portfolio.
 */
import type { BarHistory } from './bar-history';
import type { ReturnTable } from '../returns/return-table';
import { estimate } from '../estimators/return-distribution';
import type { ExpectedReturnsConfig } from '../estimators/expected-returns/expected-returns';
import type { RiskModelConfig } from '../estimators/risk-models/risk-model';
import { riskModel } from '../estimators/risk-models/risk-model';
import { hierarchicalRiskParity } from '../optimizers/hierarchical-risk-parity';
import { riskBudgeting } from '../optimizers/risk-parity';
import { optimizeMeanVariance, type OptimizerSolvers } from '../optimizers/mean-variance';

export type OptimizerStep =
  | { method: 'hrp' }
  | { method: 'risk-parity'; riskModel?: RiskModelConfig }
  | {
      method: 'max-sharpe' | 'min-volatility';
      riskModel?: RiskModelConfig;
      expectedReturns?: ExpectedReturnsConfig;
      riskFreeRate?: number;
    };

export interface Fallback {
  date: string;
  reason: string;
}

/** The window's simple returns of the assets with a full window, as a ReturnTable. */
export function windowReturns(
  history: BarHistory,
  universe: readonly number[],
  lookback: number
): { table: ReturnTable; live: number[] } {
  const now = history.now;
  const m = Math.min(lookback, now);
  const live = universe.filter(
    (j) => m >= 2 && Number.isFinite(history.price(j, now - m)) && Number.isFinite(history.price(j))
  );
  const values = new Float64Array(m * live.length);
  const dates: string[] = [];
  for (let r = 0; r < m; r++) {
    const bar = now - m + 1 + r;
    dates.push(history.date(bar));
    live.forEach((j, c) => (values[r * live.length + c] = history.price(j, bar) / history.price(j, bar - 1) - 1));
  }
  return { table: { assets: live.map((j) => history.assets[j]), dates, values }, live };
}

export function optimizerWeights(
  step: OptimizerStep,
  universe: number[],
  lookback: number,
  options: { solvers?: OptimizerSolvers; invested?: number; periodsPerYear?: number; fallbacks?: Fallback[] } = {}
): (history: BarHistory) => Float64Array {
  const invested = options.invested ?? 1;
  const frequency = options.periodsPerYear ?? 252;
  let previous: Float64Array | undefined;
  return (history) => {
    const { table, live } = windowReturns(history, universe, lookback);
    const w = new Float64Array(history.assets.length);
    const keep = (reason: string) => {
      options.fallbacks?.push({ date: history.date(), reason });
      return previous ?? w;
    };
    if (live.length === 0) return keep('no asset has a full lookback window yet');
    if (live.length === 1) {
      w[live[0]] = invested;
      return (previous = w);
    }
    let x: Float64Array;
    if (step.method === 'hrp') x = hierarchicalRiskParity(table).weights;
    else if (step.method === 'risk-parity') {
      const cov = riskModel(step.riskModel ?? { kind: 'sample' }, table, { frequency }).cov;
      const solved = riskBudgeting(cov, live.length);
      if (!solved.ok) return keep(`risk parity did not converge (${solved.error.code})`);
      x = solved.value.weights;
    } else {
      if (!options.solvers) throw new Error(`${step.method} needs the QP and LP solvers`);
      const dist = estimate(table, {
        expectedReturns: step.expectedReturns ?? { kind: 'mean' },
        riskModel: step.riskModel ?? { kind: 'ledoit-wolf' },
        frequency
      });
      const objective =
        step.method === 'max-sharpe'
          ? { kind: 'max-sharpe' as const, riskFreeRate: step.riskFreeRate ?? 0 }
          : { kind: 'min-volatility' as const };
      const solved = optimizeMeanVariance(dist, objective, {}, options.solvers);
      if (!solved.ok) return keep(`${step.method}: ${solved.error.code}`);
      x = solved.value.weights;
    }
    live.forEach((j, c) => (w[j] = Math.max(0, x[c]) * invested));
    return (previous = w);
  };
}
