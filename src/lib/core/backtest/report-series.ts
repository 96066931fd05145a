/**
 * The series the backtest page draws and exports, computed from a report's equity curve:
 * drawdowns, rolling annualised volatility and Sharpe, and calendar-month returns. Pure, so the
 * charts and their CSV downloads show the same numbers.
 */
import { rolling } from '../metrics/summary';
import { annualVolatility, sharpeRatio } from '../metrics/ratios';

/** Drawdown at each bar: value / running peak − 1 (0 at a new high). */
export function drawdownSeries(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let peak = -Infinity;
  for (let t = 0; t < values.length; t++) {
    peak = Math.max(peak, values[t]);
    out[t] = peak > 0 ? values[t] / peak - 1 : 0;
  }
  return out;
}

/** Rolling annualised volatility and Sharpe (risk-free 0) over `window` returns, dated at the window's end. */
export function rollingRisk(
  dates: readonly string[],
  returns: ArrayLike<number>,
  window: number,
  periodsPerYear: number
): { date: string; volatility: number; sharpe: number }[] {
  const vol = rolling(returns, window, (r) => annualVolatility(r, periodsPerYear));
  const sharpe = rolling(returns, window, (r) => sharpeRatio(r, 0, periodsPerYear));
  // returns[i] ends on dates[i + 1]; a window ending at return k is dated dates[k + 1].
  return Array.from(vol, (v, i) => ({ date: dates[i + window], volatility: v, sharpe: sharpe[i] }));
}

/** Compounded return of each calendar month from the time-weighted returns (month = YYYY-MM). */
export function monthlyReturns(
  dates: readonly string[],
  returns: ArrayLike<number>
): { year: number; month: number; value: number }[] {
  const out: { year: number; month: number; value: number }[] = [];
  let key = '';
  let growth = 1;
  for (let i = 0; i < returns.length; i++) {
    const month = dates[i + 1].slice(0, 7);
    if (month !== key) {
      if (key) out.push({ year: Number(key.slice(0, 4)), month: Number(key.slice(5)), value: growth - 1 });
      key = month;
      growth = 1;
    }
    if (Number.isFinite(returns[i])) growth *= 1 + returns[i];
  }
  if (key) out.push({ year: Number(key.slice(0, 4)), month: Number(key.slice(5)), value: growth - 1 });
  return out;
}

export interface ReportCharts {
  /** Each strategy's (and the benchmark's) dates and values. */
  equity: { name: string; dates: string[]; values: Float64Array; benchmark: boolean }[];
  drawdowns: { name: string; dates: string[]; values: Float64Array; benchmark: boolean }[];
  /** Of the focused strategy. */
  rolling: { date: string; volatility: number; sharpe: number }[];
  rollingWindow: number;
  monthly: { year: number; month: number; value: number }[];
}

type ChartedReport = { name: string; equity: [string, number][]; returns?: number[] };

/** Time-weighted returns of a report (flows taken out) when it has them, else of its equity. */
const returnsOf = (s: ChartedReport) =>
  s.returns
    ? Float64Array.from(s.returns)
    : Float64Array.from({ length: s.equity.length - 1 }, (_, i) => s.equity[i + 1][1] / s.equity[i][1] - 1);

/**
 * Everything the charts draw for a report: equity in money (flows included), drawdowns of the
 * time-weighted wealth (flows excluded), and the focused strategy's rolling risk and months.
 */
export function reportCharts(
  report: { strategies: ChartedReport[]; benchmark: ChartedReport | null; periodsPerYear: number },
  focus: number
): ReportCharts {
  const all = [
    ...report.strategies.map((s) => ({ s, benchmark: false })),
    ...(report.benchmark ? [{ s: report.benchmark, benchmark: true }] : [])
  ];
  const equity = all.map(({ s, benchmark }) => ({
    name: benchmark ? `${s.name} (benchmark)` : s.name,
    dates: s.equity.map(([d]) => d),
    values: Float64Array.from(s.equity, ([, v]) => v),
    benchmark
  }));
  const drawdowns = all.map(({ s }, k) => {
    const r = returnsOf(s);
    const wealth = new Float64Array(r.length + 1);
    wealth[0] = 1;
    for (let i = 0; i < r.length; i++) wealth[i + 1] = wealth[i] * (1 + (Number.isFinite(r[i]) ? r[i] : 0));
    return { ...equity[k], values: drawdownSeries(wealth) };
  });
  const index = Math.min(focus, report.strategies.length - 1);
  const focused = report.strategies[index];
  const dates = equity[index].dates;
  const returns = returnsOf(focused);
  const window = report.periodsPerYear >= 52 ? report.periodsPerYear : Math.max(12, report.periodsPerYear * 3);
  return {
    equity,
    drawdowns,
    rolling: returns.length > window ? rollingRisk(dates, returns, window, report.periodsPerYear) : [],
    rollingWindow: window,
    monthly: monthlyReturns(dates, returns)
  };
}
