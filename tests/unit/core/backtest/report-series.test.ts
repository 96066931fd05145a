import { describe, expect, it } from 'vitest';
import { drawdownSeries, monthlyReturns, reportCharts, rollingRisk } from '$lib/core/backtest/report-series';
import { sweepVariants, runSweepVariants } from '$lib/core/backtest/sweep';
import { equityCsv, sweepCsv } from '$lib/core/backtest/backtest-export';
import type { PriceTable } from '$lib/core/returns/return-table';

describe('report series', () => {
  it('drawdowns are value over the running peak minus one', () => {
    expect(Array.from(drawdownSeries([100, 120, 90, 130, 65]))).toEqual([0, 0, -0.25, 0, -0.5]);
  });

  it('monthly returns compound the returns that end in each month', () => {
    const dates = ['2020-01-30', '2020-01-31', '2020-02-03', '2020-02-04', '2020-03-02'];
    const months = monthlyReturns(dates, [0.1, 0.1, -0.5, 0.2]);
    expect(months).toHaveLength(3);
    expect(months[0]).toEqual({ year: 2020, month: 1, value: expect.closeTo(0.1, 12) });
    expect(months[1].value).toBeCloseTo(1.1 * 0.5 - 1, 12);
    expect(months[2].value).toBeCloseTo(0.2, 12);
  });

  it('rolling risk is dated at each window’s last return', () => {
    const dates = ['d0', 'd1', 'd2', 'd3', 'd4'];
    const rows = rollingRisk(dates, [0.01, -0.02, 0.03, 0.01], 3, 252);
    expect(rows.map((r) => r.date)).toEqual(['d3', 'd4']);
  });

  it('drawdowns of a report leave cash flows out', () => {
    const equity: [string, number][] = [
      ['2020-01-01', 100],
      ['2020-01-02', 90],
      ['2020-01-03', 190]
    ];
    // The jump to 190 is a contribution of 100: the time-weighted return that day is 0.
    const charts = reportCharts(
      { strategies: [{ name: 's', equity, returns: [-0.1, 0] }], benchmark: null, periodsPerYear: 252 },
      0
    );
    expect(Array.from(charts.drawdowns[0].values)).toEqual([0, expect.closeTo(-0.1, 12), expect.closeTo(-0.1, 12)]);
    expect(Array.from(charts.equity[0].values)).toEqual([100, 90, 190]);
  });
});

describe('sweeps', () => {
  const table: PriceTable = {
    assets: ['A', 'B'],
    dates: Array.from({ length: 300 }, (_, t) =>
      new Date(Date.UTC(2020, 0, 1) + t * 86_400_000).toISOString().slice(0, 10)
    ),
    values: Float64Array.from({ length: 600 }, (_, i) =>
      i % 2 === 0 ? 100 * (1 + 0.2 * Math.sin(i / 40)) : 100 + i / 10
    )
  };

  it('a grid expands in order and each variant says how it rebalances', () => {
    const variants = sweepVariants(
      { name: 'base', targets: { A: 0.5, B: 0.5 }, rebalance: 'never' },
      { bands: [0, 0.05], frequencies: ['none', 'month'], lookbacks: [60], costs: [0, 10] }
    );
    expect(variants).toHaveLength(8);
    expect(variants.map((v) => v.strategy.rebalance)).toEqual([
      'never',
      'never',
      { every: 'month' },
      { every: 'month' },
      { bands: { absolute: 0.05 } },
      { bands: { absolute: 0.05 } },
      { every: 'month', bands: { absolute: 0.05 } },
      { every: 'month', bands: { absolute: 0.05 } }
    ]);
    expect(variants.map((v) => v.bps)).toEqual([0, 10, 0, 10, 0, 10, 0, 10]);
  });

  it('results do not depend on how the grid is split into chunks', () => {
    const variants = sweepVariants(
      { name: 'base', targets: { A: 0.5, B: 0.5 }, rebalance: 'never' },
      { bands: [0, 0.02, 0.05], frequencies: ['none', 'month'], lookbacks: [60], costs: [0, 25] }
    );
    const config = { prices: 'x', strategies: [] };
    const whole = runSweepVariants(config, table, variants, {});
    const split = [
      ...runSweepVariants(config, table, variants.slice(0, 5), {}),
      ...runSweepVariants(config, table, variants.slice(5), {})
    ];
    expect(split).toEqual(whole);
    // More cost never helps: the 25 bps twin of each variant ends lower or equal.
    for (let i = 0; i < whole.length; i += 2) expect(whole[i + 1].finalValue).toBeLessThanOrEqual(whole[i].finalValue);
    expect(whole.find((r) => r.band === 0.02 && r.frequency === 'none' && r.bps === 25)!.costs).toBeGreaterThan(0);
    expect(sweepCsv(whole).split('\r\n')[0]).toBe(
      'band,frequency,lookback,bps,finalValue,annualReturn,annualVolatility,sharpe,maxDrawdown,turnover,costs,trades'
    );
  });

  it('the equity CSV has a column per strategy and the benchmark', () => {
    const csv = equityCsv({
      strategies: [
        {
          name: 'a, quoted',
          equity: [
            ['2020-01-01', 1],
            ['2020-01-02', 2]
          ]
        }
      ],
      benchmark: {
        name: 'B',
        equity: [
          ['2020-01-01', 1],
          ['2020-01-02', 3]
        ]
      }
    } as never);
    expect(csv.trim().split('\r\n')).toEqual(['date,"a, quoted",B (benchmark)', '2020-01-01,1,1', '2020-01-02,2,3']);
  });
});
