// The command-line contracts of issue 3, checked in-process (fast) and once through `bin/keel.js`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/keel';
import { loadGolden } from '../helpers/golden';

const PRICES = 'tests/golden/data/stock_prices.csv';
let out = '';
let err = '';

beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

async function run(...argv: string[]) {
  const code = await main(argv);
  return { code, out, err };
}

describe('keel estimate', () => {
  it('prints assets, mu and cov as specified, agreeing with the reference', async () => {
    const { code } = await run('estimate', '--prices', PRICES, '--cov', 'ledoit-wolf', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    const golden = loadGolden<{ assets: string[]; mu: { cagr: number[] }; cov: Record<string, number[][]> }>(
      'estimators-pypfopt-stock-prices.json'
    );
    expect(Object.keys(json).sort()).toEqual(['assets', 'cov', 'mu', 'warnings']);
    expect(json.assets).toEqual(golden.assets);
    expect(json.mu.GOOG).toBeCloseTo(golden.mu.cagr[0], 12);
    expect(json.cov[3][4]).toBeCloseTo(golden.cov.ledoitWolfConstantVariance[3][4], 12);
  });

  it('accepts --option=value and names a bad choice in one line with exit code 2', async () => {
    expect((await run('estimate', `--prices=${PRICES}`, '--mu=ema', '--json')).code).toBe(0);
    const bad = await run('estimate', '--prices', PRICES, '--cov', 'magic');
    expect(bad.code).toBe(2);
    expect(err).toBe(
      'keel estimate: --cov must be one of sample, semicovariance, exp, ledoit-wolf, ledoit-wolf-single-factor, ledoit-wolf-constant-correlation, oas, shrunk; "magic" is not\n'
    );
  });

  it('names the file, line and column of a malformed CSV, exit code 1, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    writeFileSync(join(dir, 'bad.csv'), 'date,A,B\n2024-01-01,1,2\n2024-01-02,1,oops\n');
    const { code } = await run('estimate', '--prices', join(dir, 'bad.csv'));
    expect(code).toBe(1);
    expect(err).toBe(`keel estimate: ${join(dir, 'bad.csv')}, line 3, column B: "oops" is not a number\n`);
  });
});

describe('keel optimize', () => {
  it('prints weights, performance, solver, checks and warnings for max-sharpe', async () => {
    const { code } = await run('optimize', '--prices', PRICES, '--objective', 'max-sharpe', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['weights', 'performance', 'solver', 'checks', 'warnings']);
    const golden = loadGolden<{ cases: { maxSharpe?: { performance: { sharpe: number } } }[] }>(
      'optimizers-pypfopt-stock-prices.json'
    );
    expect(json.performance.sharpe).toBeCloseTo(golden.cases[0].maxSharpe!.performance.sharpe, 6);
    expect(json.solver).toMatchObject({ engine: 'keel-active-set', status: 'optimal' });
    expect(json.checks.maxViolation).toBeLessThan(1e-8);
  });

  it('takes negative bounds both as --bounds -1,1 and --bounds=-1,1', async () => {
    await run('optimize', '--prices', PRICES, '--objective', 'min-volatility', '--bounds', '-1,1', '--json');
    const first = JSON.parse(out);
    out = '';
    await run('optimize', '--prices', PRICES, '--objective', 'min-volatility', '--bounds=-1,1', '--json');
    expect(JSON.parse(out)).toMatchObject({ weights: first.weights });
    expect(Math.min(...(Object.values(first.weights) as number[]))).toBeLessThan(0);
  });

  it('optimizes from mu and cov files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    writeFileSync(join(dir, 'mu.csv'), 'A,B\n0.08,0.05\n');
    writeFileSync(join(dir, 'cov.csv'), 'A,B\n0.04,0.006\n0.006,0.01\n');
    const { code } = await run(
      'optimize',
      '--mu-file',
      join(dir, 'mu.csv'),
      '--cov-file',
      join(dir, 'cov.csv'),
      '--objective',
      'min-volatility',
      '--json'
    );
    expect(code).toBe(0);
    // Two assets: w_A = (σ_B² − σ_AB) / (σ_A² + σ_B² − 2σ_AB) = 0.004 / 0.038.
    expect(JSON.parse(out).weights.A).toBeCloseTo(0.004 / 0.038, 10);
  });

  it('explains an impossible problem in words', async () => {
    const { code } = await run('optimize', '--prices', PRICES, '--objective', 'min-volatility', '--bounds', '0,0.04');
    expect(code).toBe(1);
    expect(err).toMatch(/^keel optimize: .*weights sum to 100 %.*\n$/);
  });

  it('prints help for every command', async () => {
    for (const command of ['estimate', 'optimize', 'allocate']) {
      expect((await run(command, '--help')).code).toBe(0);
      expect(out).toContain(`npx keel ${command}`);
    }
  });
});

describe('keel allocate', () => {
  it('prints integer shares and a non-negative leftover', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    writeFileSync(join(dir, 'w.json'), JSON.stringify({ AAPL: 0.5, MA: 0.3, PFE: 0.2 }));
    for (const method of ['greedy', 'milp']) {
      out = '';
      const { code } = await run(
        'allocate',
        '--weights',
        join(dir, 'w.json'),
        '--prices',
        PRICES,
        '--total-value',
        '10000',
        '--method',
        method,
        '--json'
      );
      expect(code).toBe(0);
      const json = JSON.parse(out);
      expect(Object.keys(json)).toEqual(['shares', 'leftover']);
      for (const count of Object.values(json.shares)) expect(Number.isInteger(count)).toBe(true);
      expect(json.leftover).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('npx keel', () => {
  it('runs through bin/keel.js with exit codes and one-line errors', () => {
    const help = execFileSync(process.execPath, ['bin/keel.js', '--help']).toString();
    expect(help).toContain('Usage: npx keel <command>');
    const failed = spawnSync(process.execPath, ['bin/keel.js', 'optimize', '--objective', 'hrp']);
    expect(failed.status).toBe(2);
    expect(failed.stderr.toString()).toBe('keel optimize: give --prices FILE, or --mu-file FILE and --cov-file FILE\n');
  });
});

describe('keel optimize, scenario objectives', () => {
  it('reports the CVaR it minimised, and asks for prices when given only mu and cov', async () => {
    const { code } = await run('optimize', '--prices', PRICES, '--objective', 'min-cvar', '--beta', '0.95', '--json');
    expect(code).toBe(0);
    const golden = loadGolden<{ minCvar: { cvar: number } }>('scenario-pypfopt-stock-prices.json');
    expect(JSON.parse(out).performance.cvar).toBeCloseTo(golden.minCvar.cvar, 8);
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    writeFileSync(join(dir, 'mu.csv'), 'A,B\n0.08,0.05\n');
    writeFileSync(join(dir, 'cov.csv'), 'A,B\n0.04,0.006\n0.006,0.01\n');
    const failed = await run(
      'optimize',
      '--mu-file',
      join(dir, 'mu.csv'),
      '--cov-file',
      join(dir, 'cov.csv'),
      '--objective',
      'min-cdar'
    );
    expect(failed.code).toBe(2);
    expect(err).toBe('keel optimize: --objective min-cdar needs return scenarios: give --prices FILE\n');
  });
});

describe('keel allocate from current holdings', () => {
  it('trades whole shares from current holdings with a minimum trade and fees; cash never negative', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    writeFileSync(join(dir, 'w.json'), JSON.stringify({ AAPL: 0.5, MA: 0.3, PFE: 0.2 }));
    writeFileSync(join(dir, 'current.json'), JSON.stringify({ AAPL: 10, PFE: 100 }));
    const { code } = await run(
      'allocate',
      '--weights',
      join(dir, 'w.json'),
      '--prices',
      PRICES,
      '--method',
      'milp',
      '--current',
      join(dir, 'current.json'),
      '--cash',
      '5000',
      '--min-trade',
      '500',
      '--fee',
      '4.95',
      '--json'
    );
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['shares', 'leftover', 'trades', 'fees']);
    expect(json.leftover).toBeGreaterThanOrEqual(0);
    expect(json.fees).toBeCloseTo(4.95 * Object.keys(json.trades).length, 9);
    const current: Record<string, number> = { AAPL: 10, PFE: 100 };
    for (const [asset, units] of Object.entries(json.trades as Record<string, number>)) {
      expect(Number.isInteger(units)).toBe(true);
      expect(json.shares[asset] ?? 0).toBe((current[asset] ?? 0) + units);
    }
  });
});

describe('keel black-litterman', () => {
  it('prints the prior, posterior and weights the reference gives for the same views', async () => {
    const golden = loadGolden<{
      assets: string[];
      marketCaps: number[];
      riskAversion: number;
      posteriorReturns: number[];
      weights: number[];
    }>('black-litterman-pypfopt-stock-prices.json');
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    writeFileSync(
      join(dir, 'caps.json'),
      JSON.stringify(Object.fromEntries(golden.assets.map((a, i) => [a, golden.marketCaps[i]])))
    );
    writeFileSync(
      join(dir, 'views.json'),
      JSON.stringify([
        { assets: { AAPL: 1 }, return: 0.1 },
        { assets: { FB: 1 }, return: 0.3, confidence: 0.6 },
        { assets: { MA: 1, PFE: -1 }, return: 0.05, confidence: 0.3 }
      ])
    );
    const { code } = await run(
      'black-litterman',
      '--prices',
      PRICES,
      '--market-prices',
      'tests/golden/data/spy_prices.csv',
      '--market-caps',
      join(dir, 'caps.json'),
      '--views',
      join(dir, 'views.json'),
      '--json'
    );
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.riskAversion).toBeCloseTo(golden.riskAversion, 10);
    golden.assets.forEach((asset, i) => {
      expect(json.posterior.mu[asset]).toBeCloseTo(golden.posteriorReturns[i], 10);
      expect(json.weights[asset]).toBeCloseTo(golden.weights[i], 8);
    });
  });

  it('names the assets that have no market cap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    writeFileSync(join(dir, 'caps.json'), JSON.stringify({}));
    writeFileSync(join(dir, 'views.json'), JSON.stringify([{ assets: { NOPE: 1 }, return: 0.1 }]));
    const { code } = await run(
      'black-litterman',
      '--prices',
      PRICES,
      '--market-caps',
      join(dir, 'caps.json'),
      '--views',
      join(dir, 'views.json'),
      '--risk-aversion',
      '2'
    );
    expect(code).toBe(1);
    expect(err).toMatch(/has no market cap for GOOG/);
  });
});

describe('keel check', () => {
  it('prints the JSON contract for a file with errors and exits 1', async () => {
    const { code } = await run('check', 'tests/golden/data/gpl/nyse.csv', '--kind', 'prices', '--json');
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(Object.keys(json).slice(0, 8)).toEqual(['ok', 'kind', 'rows', 'assets', 'from', 'to', 'errors', 'warnings']);
    expect(json).toMatchObject({
      ok: false,
      kind: 'prices',
      rows: 9311,
      assets: ['NYSE'],
      from: '1966-01-04',
      to: '2002-12-31'
    });
    expect(json.errors[0]).toEqual({
      line: 289,
      column: 'date',
      code: 'duplicate-date',
      message: '1966-02-23 appears again (first on line 37).'
    });
    expect(json.warnings[0]).toEqual({
      line: 5586,
      column: 'date',
      code: 'weekend-date',
      message: '1988-03-27 is a Sunday; markets are usually closed.'
    });
  });

  it('exits 0 for a clean file and 2 for a file that cannot be read', async () => {
    expect((await run('check', 'tests/golden/data/sp500_dataset.csv.gz', '--json')).code).toBe(0);
    expect(JSON.parse(out).ok).toBe(true);
    const missing = await run('check', 'no/such/file.csv');
    expect(missing.code).toBe(2);
    expect(err).toBe('keel check: cannot read no/such/file.csv: ENOENT\n');
  });
});

describe('keel optimize, more options', () => {
  it('meets given risk budgets with --risk-budgets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    writeFileSync(join(dir, 'mu.csv'), 'A,B,C\n0.08,0.05,0.06\n');
    writeFileSync(join(dir, 'cov.csv'), 'A,B,C\n0.04,0.006,0.01\n0.006,0.01,0.002\n0.01,0.002,0.02\n');
    writeFileSync(join(dir, 'budgets.json'), JSON.stringify({ A: 2, B: 1, C: 1 }));
    const { code } = await run(
      'optimize',
      '--mu-file',
      join(dir, 'mu.csv'),
      '--cov-file',
      join(dir, 'cov.csv'),
      '--objective',
      'risk-parity',
      '--risk-budgets',
      join(dir, 'budgets.json'),
      '--json'
    );
    expect(code).toBe(0);
    const w = JSON.parse(out).weights as Record<string, number>;
    const cov = [
      [0.04, 0.006, 0.01],
      [0.006, 0.01, 0.002],
      [0.01, 0.002, 0.02]
    ];
    const x = [w.A, w.B, w.C];
    const marginal = cov.map((row) => row.reduce((s, c, j) => s + c * x[j], 0));
    const variance = x.reduce((s, xi, i) => s + xi * marginal[i], 0);
    expect((x[0] * marginal[0]) / variance).toBeCloseTo(0.5, 9);
    expect((x[1] * marginal[1]) / variance).toBeCloseTo(0.25, 9);
  });

  it('limits the holdings of minimum CVaR with --max-holdings', async () => {
    const { code } = await run(
      'optimize',
      '--prices',
      PRICES,
      '--objective',
      'min-cvar',
      '--max-holdings',
      '3',
      '--min-position',
      '0.1',
      '--json'
    );
    expect(code).toBe(0);
    const held = (Object.values(JSON.parse(out).weights) as number[]).filter((w) => w > 1e-9);
    expect(held.length).toBeLessThanOrEqual(3);
    for (const w of held) expect(w).toBeGreaterThanOrEqual(0.1 - 1e-9);
  });
});

describe('keel check --kind holdings and transactions', () => {
  it('checks a holdings file with the same JSON contract', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    writeFileSync(
      join(dir, 'h.csv'),
      'account,symbol,quantity,cost basis,acquired,currency\nIRA,0042,10,100.5,2021-05-04,USD\n'
    );
    const { code } = await run('check', join(dir, 'h.csv'), '--kind', 'holdings', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      ok: true,
      kind: 'holdings',
      rows: 1,
      assets: ['0042'],
      from: '2021-05-04',
      to: '2021-05-04',
      errors: [],
      warnings: []
    });
  });

  it('exits 1 when a transaction sells more than is held, naming the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    writeFileSync(
      join(dir, 't.csv'),
      'date,account,type,symbol,quantity,price\n2024-01-02,Main,buy,AAA,5,10\n2024-01-03,Main,sell,AAA,6,11\n'
    );
    const { code } = await run('check', join(dir, 't.csv'), '--kind=transactions', '--json');
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json.kind).toBe('transactions');
    expect(json.errors).toEqual([
      {
        line: 3,
        column: 'quantity',
        code: 'oversell',
        message: 'Selling 6 AAA in Main, but only 5 are held on 2024-01-03.'
      }
    ]);
  });
});
