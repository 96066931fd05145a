/**
 * A backtest's results as CSV for spreadsheets: the equity curves side by side (the chart's
 * data), the metrics table, and a sweep's rows. JSON export is the report itself.
 */
import { toCsv } from '../backup/csv-export';
import type { BacktestReport } from './backtest-config';
import type { SweepRow } from './sweep';

/** One row per date, one column per strategy (and the benchmark). */
export function equityCsv(report: BacktestReport): string {
  const all = [
    ...report.strategies,
    ...(report.benchmark ? [{ ...report.benchmark, name: `${report.benchmark.name} (benchmark)` }] : [])
  ];
  const dates = all[0]?.equity.map(([date]) => date) ?? [];
  return toCsv(
    ['date', ...all.map((s) => s.name)],
    dates.map((date, t) => [date, ...all.map((s) => s.equity[t][1])])
  );
}

/** One row per strategy: the metrics under their reference names, then trading totals. */
export function metricsCsv(report: BacktestReport): string {
  const all = [...report.strategies, ...(report.benchmark ? [report.benchmark] : [])];
  const keys = [...new Set(all.flatMap((s) => Object.keys(s.metrics)))];
  return toCsv(
    ['strategy', 'final_value', ...keys, 'trades', 'turnover', 'costs', 'taxes'],
    all.map((s) => [
      s.name,
      s.finalValue,
      ...keys.map((k) => s.metrics[k] ?? null),
      s.trades,
      s.turnover,
      s.costs,
      s.taxes
    ])
  );
}

export function sweepCsv(rows: SweepRow[]): string {
  const keys = [
    'band',
    'frequency',
    'lookback',
    'bps',
    'finalValue',
    'annualReturn',
    'annualVolatility',
    'sharpe',
    'maxDrawdown',
    'turnover',
    'costs',
    'trades'
  ] as const;
  return toCsv(
    [...keys],
    rows.map((row) => keys.map((k) => row[k]))
  );
}
