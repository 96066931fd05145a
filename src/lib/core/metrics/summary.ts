/**
 * Every metric of a return series at once, under the names of reference-definitions.md Part 2
 * (snake_case, as `npx keel metrics` prints them), and their rolling versions.
 */
import {
  alpha,
  beta,
  capture,
  downCapture,
  informationRatio,
  trackingError,
  upCapture,
  upDownCapture
} from './benchmark-relative';
import { conditionalValueAtRisk, stabilityOfTimeseries, tailRatio, valueAtRisk } from './distribution';
import { cumReturnsFinal, maxDrawdown, maxDrawdownDuration } from './drawdown';
import { ANNUALIZATION, type Period, type Returns } from './periods';
import {
  annualReturn,
  annualVolatility,
  calmarRatio,
  downsideRisk,
  excessSharpe,
  omegaRatio,
  sharpeRatio,
  sortinoRatio
} from './ratios';

export interface MetricsOptions {
  period?: Period;
  /** Per-period risk-free rate. */
  riskFree?: number;
  benchmark?: Returns;
}

export function returnMetrics(r: Returns, options: MetricsOptions = {}): Record<string, number> {
  const factor = ANNUALIZATION[options.period ?? 'daily'];
  const rf = options.riskFree ?? 0;
  const metrics: Record<string, number> = {
    cum_returns_final: cumReturnsFinal(r),
    annual_return: annualReturn(r, factor),
    annual_volatility: annualVolatility(r, factor),
    sharpe_ratio: sharpeRatio(r, rf, factor),
    sortino_ratio: sortinoRatio(r, rf, factor),
    downside_risk: downsideRisk(r, rf, factor),
    calmar_ratio: calmarRatio(r, factor),
    omega_ratio: omegaRatio(r, rf, 0, factor),
    max_drawdown: maxDrawdown(r),
    max_drawdown_duration: maxDrawdownDuration(r),
    value_at_risk: valueAtRisk(r),
    conditional_value_at_risk: conditionalValueAtRisk(r),
    tail_ratio: tailRatio(r),
    stability_of_timeseries: stabilityOfTimeseries(r)
  };
  const f = options.benchmark;
  if (f) {
    Object.assign(metrics, {
      alpha: alpha(r, f, rf, factor),
      beta: beta(r, f),
      excess_sharpe: excessSharpe(r, f),
      tracking_error: trackingError(r, f, factor),
      information_ratio: informationRatio(r, f, factor),
      capture: capture(r, f, factor),
      up_capture: upCapture(r, f, factor),
      down_capture: downCapture(r, f, factor),
      up_down_capture: upDownCapture(r, f, factor)
    });
  }
  return metrics;
}

/** A statistic on each trailing window of `window` periods: length − window + 1 values. */
export function rolling(r: Returns, window: number, statistic: (slice: Returns) => number): Float64Array {
  const out = new Float64Array(Math.max(0, r.length - window + 1));
  for (let end = window; end <= r.length; end++)
    out[end - window] = statistic(Array.prototype.slice.call(r, end - window, end));
  return out;
}
