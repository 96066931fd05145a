/**
 * Each metric's name in words and its formula (docs/metrics.md; empyrical's conventions), so
 * the UI can put the definition one click from every number. r are the period returns, rf the
 * risk-free rate per period, f the benchmark's returns, factor the periods per year.
 */
export interface MetricText {
  label: string;
  formula: string;
  kind: 'percent' | 'ratio' | 'periods';
}

export const METRIC_TEXT: Record<string, MetricText> = {
  cum_returns_final: { label: 'Cumulative return', formula: '∏(1 + r) − 1', kind: 'percent' },
  annual_return: { label: 'Annual return', formula: '∏(1 + r)^(factor / n) − 1', kind: 'percent' },
  annual_volatility: { label: 'Annual volatility', formula: 'std(r) · √factor (sample, ddof 1)', kind: 'percent' },
  sharpe_ratio: { label: 'Sharpe ratio', formula: 'mean(r − rf) / std(r − rf) · √factor', kind: 'ratio' },
  sortino_ratio: { label: 'Sortino ratio', formula: 'mean(r − rf) · factor / downside risk', kind: 'ratio' },
  downside_risk: { label: 'Downside risk', formula: '√mean(min(r − rf, 0)²) · √factor', kind: 'percent' },
  calmar_ratio: { label: 'Calmar ratio', formula: 'annual return / |maximum drawdown|', kind: 'ratio' },
  omega_ratio: { label: 'Omega ratio', formula: 'Σ positive (r − rf) / Σ |negative (r − rf)|', kind: 'ratio' },
  max_drawdown: { label: 'Maximum drawdown', formula: 'min over t of (W_t − peak_t) / peak_t', kind: 'percent' },
  max_drawdown_duration: {
    label: 'Longest drawdown (periods)',
    formula: 'the longest run of periods below the running peak',
    kind: 'periods'
  },
  value_at_risk: {
    label: 'Value at risk (95 %)',
    formula: 'the 5 % quantile of r (linear interpolation)',
    kind: 'percent'
  },
  conditional_value_at_risk: {
    label: 'Conditional VaR (95 %)',
    formula: 'mean of the k + 1 smallest returns, k = ⌊(n − 1) · 0.05⌋',
    kind: 'percent'
  },
  tail_ratio: { label: 'Tail ratio', formula: '|95th percentile| / |5th percentile| of r', kind: 'ratio' },
  stability_of_timeseries: { label: 'Stability', formula: 'R² of cumsum(log(1 + r)) against time', kind: 'ratio' },
  alpha: { label: 'Alpha', formula: '(1 + mean(r − rf − β(f − rf)))^factor − 1', kind: 'percent' },
  beta: { label: 'Beta', formula: 'cov(r, f) / var(f) (population)', kind: 'ratio' },
  excess_sharpe: { label: 'Excess Sharpe', formula: 'mean(r − f) / std(r − f)', kind: 'ratio' },
  tracking_error: { label: 'Tracking error', formula: 'std(r − f) · √factor', kind: 'percent' },
  information_ratio: { label: 'Information ratio', formula: 'mean(r − f) · factor / tracking error', kind: 'ratio' },
  capture: { label: 'Capture', formula: 'annual return of r / annual return of f', kind: 'ratio' },
  up_capture: { label: 'Up capture', formula: 'capture over periods with f > 0', kind: 'ratio' },
  down_capture: { label: 'Down capture', formula: 'capture over periods with f < 0', kind: 'ratio' },
  up_down_capture: { label: 'Up/down capture', formula: 'up capture / down capture', kind: 'ratio' }
};
