/**
 * `npx keel`: estimate, optimize and allocate from the command line, on the same core as the app.
 * Exit codes: 0 success, 1 a problem with the inputs or the problem itself, 2 a usage error.
 */
import { backtestPolicy, commandPredict, commandSentiment, MODEL_HELP } from './model-commands';
import { greedyAllocation, latestPrices, milpAllocation } from '../lib/core/allocation/discrete-allocation';
import { allocateTrades } from '../lib/core/allocation/trade-allocation';
import { EXPECTED_RETURN_KINDS } from '../lib/core/estimators/expected-returns/expected-returns';
import { estimate, makeReturnDistribution, type ReturnDistribution } from '../lib/core/estimators/return-distribution';
import type { RiskModelConfig } from '../lib/core/estimators/risk-models/risk-model';
import type { EstimationWarning } from '../lib/core/estimators/warnings';
import {
  hierarchicalEqualRiskContribution,
  hierarchicalRiskParity,
  hierarchicalRiskParityFromCovariance
} from '../lib/core/optimizers/hierarchical-risk-parity';
import { optimizeMeanVariance, type MeanVarianceObjective } from '../lib/core/optimizers/mean-variance';
import type { OptimizationResult } from '../lib/core/optimizers/optimization-result';
import { portfolioPerformance } from '../lib/core/optimizers/performance';
import { minimumCdar, minimumCvar, minimumSemivariance } from '../lib/core/optimizers/scenario-risk';
import { riskBudgeting } from '../lib/core/optimizers/risk-parity';
import { optimizeWithCardinality } from '../lib/core/optimizers/cardinality';
import { meanHistoricalReturn } from '../lib/core/estimators/expected-returns/mean-historical';
import { sampleCovariance } from '../lib/core/estimators/risk-models/sample-covariance';
import { returnsFromPrices } from '../lib/core/returns/returns-from-prices';
import {
  describeCheckIssue,
  describeEstimationWarning,
  describeInputIssue,
  describeOptimizationError,
  describeRelaxation,
  describeTradeReason,
  describeViolation,
  describeBacktestIssue
} from '../lib/messages/en';
import { createGlpkMilpSolver } from '../lib/solvers/glpk-milp';
import { createQpEngine } from '../lib/solvers/qp-engine';
import { choiceOption, numberOption, parseArgs, UsageError, type OptionKinds } from './args';
import { InputError, readCov, readMu, readPrices, readWeights } from './files';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { checkPriceFile, type CheckIssue } from '../lib/core/io/check-prices';
import { readHoldingsFile } from '../lib/core/io/holdings-file';
import { readTransactionsFile } from '../lib/core/io/transactions-file';
import { readPlannerInput } from '../lib/core/planner/planner-input';
import { alignTo, readReturnsCsv } from '../lib/core/metrics/returns-csv';
import { returnMetrics } from '../lib/core/metrics/summary';
import { readBacktestConfig, runBacktestConfig, solversNeeded } from '../lib/core/backtest/backtest-config';
import { basename, dirname, resolve } from 'node:path';
import { comparePresets, planHousehold } from '../lib/core/planner/plan-household';
import {
  blackLittermanPosterior,
  blackLittermanWeights,
  marketImpliedPrior,
  marketImpliedRiskAversion
} from '../lib/core/optimizers/black-litterman';

const COV_CHOICES = [
  'sample',
  'semicovariance',
  'exp',
  'ledoit-wolf',
  'ledoit-wolf-single-factor',
  'ledoit-wolf-constant-correlation',
  'oas',
  'shrunk'
] as const;
const OBJECTIVES = [
  'min-volatility',
  'max-sharpe',
  'max-quadratic-utility',
  'efficient-risk',
  'efficient-return',
  'risk-parity',
  'hrp',
  'herc',
  'min-cvar',
  'min-semivariance',
  'min-cdar'
] as const;
const NOT_YET = new Set<string>();

const ESTIMATOR_OPTIONS: OptionKinds = { prices: 'value', frequency: 'value', mu: 'value', cov: 'value' };

const HELP: Record<string, string> = {
  ...MODEL_HELP,
  main: `keel — private portfolio estimation, optimization and allocation

Usage: npx keel <command> [options]

Commands:
  estimate   expected returns and covariance from a price file
  optimize   optimal weights from prices or from mu and cov files
  allocate   whole shares from weights, prices and a portfolio value
  black-litterman   posterior returns and weights from market caps and views
  check      validate a price file as an import would, naming every problem's line and column
  rebalance  plan a household's trades: whole shares, costs, taxes, lots, rules (JSON in and out)
  backtest   run rebalancing strategies over a price file (JSON config in, metrics and equity out)
  metrics    return and risk metrics of a (date, return) series, empyrical's definitions
  predict    run a model (forecaster, regimes, policy, sentiment or your .onnx) with explanations
  sentiment  score headlines bearish / bullish / neutral, with the words that drove the score

Run npx keel <command> --help for its options.`,
  estimate: `Usage: npx keel estimate --prices FILE [options] [--json]

  --prices FILE     CSV: a date column, then one column per asset; empty cells are missing
  --frequency N     periods per year (default 252)
  --mu KIND         cagr (default) | mean | ema | capm
  --cov KIND        sample (default) | semicovariance | exp | ledoit-wolf |
                    ledoit-wolf-single-factor | ledoit-wolf-constant-correlation | oas | shrunk
  --json            print {"assets", "mu", "cov", "warnings"} as JSON`,
  optimize: `Usage: npx keel optimize (--prices FILE [estimator options] | --mu-file FILE --cov-file FILE)
                         --objective NAME [options] [--json]

  --objective NAME        min-volatility | max-sharpe | max-quadratic-utility | efficient-risk |
                          efficient-return | risk-parity | hrp | herc | min-cvar | min-cdar |
                          min-semivariance
  --prices FILE           price CSV (see keel estimate --help), with --frequency, --mu, --cov
  --mu-file FILE          CSV: asset names as header, one row of expected returns
  --cov-file FILE         CSV: asset names as header, a square covariance in the same order
  --risk-free-rate R      for max-sharpe and the reported Sharpe ratio (default 0.02)
  --risk-aversion D       for max-quadratic-utility (default 1)
  --target-volatility V   for efficient-risk
  --target-return R       for efficient-return
  --bounds LO,HI          weight bounds for every asset (default 0,1), e.g. --bounds=-1,1
  --l2-gamma G            L2 regularisation γ‖w‖² (default 0)
  --beta B                confidence level for CVaR and CDaR (default 0.95)
  --max-holdings K        at most K assets held (min-volatility, max-quadratic-utility,
                          efficient-return: exact branch and bound; min-cvar: a MILP)
  --risk-budgets FILE     with risk-parity: {"ASSET": budget, ...} (normalised to sum to 1)
  --min-position M        with --max-holdings: each held asset at least M (e.g. 0.02)
  --json                  print {"weights", "performance", "solver", "checks", "warnings"}`,
  check: `Usage: npx keel check FILE [--kind prices|holdings|transactions] [--date-format iso|dmy|mdy|ymd] [--json]

  Checks a file as an import would, without storing anything, and lists errors (which block an
  import) and warnings, each with its line (the header is line 1) and column. Delimiter, decimal
  comma and date format are detected. Exit 0 without errors, 1 with errors, 2 when the file
  cannot be read.
    prices (default)  wide (date, one column per asset) or long (date, symbol, close[, adj close])
    holdings          account, symbol, quantity[, cost basis, acquired, currency]
    transactions      date, account, type (buy, sell, dividend, interest, deposit, withdrawal,
                      fee, split, transfer), symbol, quantity, price, fees, amount, currency[, lot,
                      to account]; replayed into lots (first in, first out, or the named lot), so
                      a sale of more than is held is an error`,
  backtest: `Usage: npx keel backtest --config FILE.json [--policy-model FILE.onnx] [--regimes-model FILE.onnx] [--json]

  Runs each strategy of the config over the price file it names (relative to the config):
  targets, a rebalance rule ("never", {"every": "week"|"month"|"quarter"|"year"} or {"bands":
  {"absolute": 0.05}, "to": "target"|"edge"}), costs in bps, next-close or same-close execution.
  Prints each strategy's metrics, final value, equity curve, trades, turnover and costs, and the
  benchmark's. docs/backtest.md describes the conventions; docs/examples/backtest-*.json run as is.
  --policy-model and --regimes-model run your own models (in Keel's linear policy and Gaussian
  mixture graph forms) where {"policy": "learned"} and "regime" use the shipped ones.`,
  metrics: `Usage: npx keel metrics --returns FILE [--period daily|weekly|monthly|quarterly|yearly] [--risk-free R] [--benchmark FILE] [--json]

  Reads a CSV of (date, return) rows (a header is optional; an empty or NaN return is missing) and
  prints the metrics of reference-definitions.md Part 2 under their snake_case names: annual_return,
  annual_volatility, sharpe_ratio, sortino_ratio, calmar_ratio, omega_ratio, max_drawdown, value_at_risk,
  … and, with --benchmark (aligned on the dates), alpha, beta, tracking_error, information_ratio and the
  captures. --risk-free is per period. A value that is undefined (too few returns) prints as null.`,
  rebalance: `Usage: npx keel rebalance --portfolio FILE.json [--json] [--compare] [--time-limit SECONDS]

  Plans the trades that bring a household (accounts, tax lots, cash) to its targets under a
  policy, costs, taxes and compliance rules; every trade comes with its reasons. The file format
  and the output are described in docs/rebalance-input.md; docs/examples/ has files to start
  from. --compare adds the same plan under each objective preset (the trade-off). Exit 0 with a
  plan (or nothing to do), 1 when the file is invalid or no plan satisfies the rules (the output
  then says what to relax), 2 on a usage error.`,
  'black-litterman': `Usage: npx keel black-litterman --prices FILE --market-caps FILE.json --views FILE.json
                            (--market-prices FILE | --risk-aversion D) [options] [--json]

  --prices FILE          asset price CSV (with --frequency and --cov as in keel estimate)
  --market-caps FILE     {"ASSET": market cap, ...} for every asset
  --views FILE           [{"assets": {"AAPL": 1}, "return": 0.10},
                          {"assets": {"MA": 1, "PFE": -1}, "return": 0.05, "confidence": 0.3}]
                         (absolute or relative; confidence in [0, 1] uses Idzorek's method)
  --market-prices FILE   a market index price CSV (first column) to imply the risk aversion
  --risk-aversion D      or give it directly
  --tau T                default 0.05
  --risk-free-rate R     default 0
  --json                 print {"riskAversion", "prior", "posterior": {"mu", "cov"}, "weights"}`,
  allocate: `Usage: npx keel allocate --weights FILE.json --prices FILE --total-value V [options] [--json]

  --weights FILE.json   {"ASSET": weight, ...} (or the JSON that keel optimize prints)
  --prices FILE         price CSV; the latest price of each asset is used
  --total-value V       money to allocate
  --method M            greedy (default) | milp
  --json                print {"shares", "leftover"}

From current holdings (with --method milp):
  --current FILE.json   shares held now, {"ASSET": shares}
  --cash V              cash on hand (instead of --total-value)
  --lot-size N          trade in lots of N shares (default 1)
  --min-trade V         no trade smaller than V
  --fee F               fixed fee per trade, paid from cash
  --json                also prints "trades" (shares bought, negative sold) and "fees"`
};

function print(json: boolean, data: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}

const fixed = (value: number, digits = 6) => (Number.isFinite(value) ? value.toFixed(digits) : String(value));

function riskModelConfig(kind: (typeof COV_CHOICES)[number]): RiskModelConfig {
  switch (kind) {
    case 'sample':
      return { kind: 'sample' };
    case 'semicovariance':
      return { kind: 'semicovariance' };
    case 'exp':
      return { kind: 'exponential' };
    case 'ledoit-wolf':
      return { kind: 'ledoit-wolf', target: 'constant-variance' };
    case 'ledoit-wolf-single-factor':
      return { kind: 'ledoit-wolf', target: 'single-factor' };
    case 'ledoit-wolf-constant-correlation':
      return { kind: 'ledoit-wolf', target: 'constant-correlation' };
    case 'oas':
      return { kind: 'oracle-approximating' };
    case 'shrunk':
      return { kind: 'fixed-shrinkage', delta: 0.2 };
  }
}

function estimateFromPrices(values: Record<string, string>): ReturnDistribution {
  const frequency = numberOption(values, 'frequency', 252)!;
  if (!(frequency > 0)) throw new UsageError('--frequency must be positive');
  const prices = readPrices(values.prices);
  const { returns, warnings } = returnsFromPrices(prices);
  if (returns.dates.length < 2)
    throw new InputError(`${values.prices} has fewer than three dates; at least two returns are needed`);
  const mu = choiceOption(values, 'mu', EXPECTED_RETURN_KINDS, 'cagr');
  const cov = choiceOption(values, 'cov', COV_CHOICES, 'sample');
  return estimate(returns, { expectedReturns: { kind: mu }, riskModel: riskModelConfig(cov), frequency }, warnings);
}

function warningsOf(dist: { warnings: readonly EstimationWarning[] }): string[] {
  return dist.warnings.map(describeEstimationWarning);
}

function commandEstimate(argv: string[]): number {
  const { values, flags } = parseArgs(argv, { ...ESTIMATOR_OPTIONS, json: 'flag' }, 'estimate');
  if (!values.prices) throw new UsageError('--prices FILE is required');
  const dist = estimateFromPrices(values);
  const n = dist.assets.length;
  const cov = Array.from({ length: n }, (_, i) => Array.from(dist.cov.subarray(i * n, i * n + n)));
  const mu = Object.fromEntries(dist.assets.map((asset, i) => [asset, dist.mu[i]]));
  print(flags.has('json'), { assets: dist.assets, mu, cov, warnings: warningsOf(dist) }, () =>
    [
      'asset         expected return   volatility',
      ...dist.assets.map(
        (asset, i) =>
          `${asset.padEnd(12)} ${fixed(dist.mu[i]).padStart(16)} ${fixed(Math.sqrt(dist.cov[i * n + i])).padStart(12)}`
      ),
      ...warningsOf(dist).map((w) => `warning: ${w}`)
    ].join('\n')
  );
  return 0;
}

function parseBounds(text: string | undefined): [number, number] {
  if (text === undefined) return [0, 1];
  const parts = text.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 2 || parts.some((value) => !Number.isFinite(value))) {
    throw new UsageError(`--bounds must be LO,HI (for example 0,1 or -1,1), not "${text}"`);
  }
  if (parts[0] > parts[1])
    throw new UsageError(`--bounds: the lower bound ${parts[0]} is above the upper bound ${parts[1]}`);
  return [parts[0], parts[1]];
}

async function commandOptimize(argv: string[]): Promise<number> {
  const { values, flags } = parseArgs(
    argv,
    {
      ...ESTIMATOR_OPTIONS,
      'mu-file': 'value',
      'cov-file': 'value',
      objective: 'value',
      'risk-free-rate': 'value',
      'risk-aversion': 'value',
      'target-volatility': 'value',
      'target-return': 'value',
      bounds: 'value',
      'l2-gamma': 'value',
      beta: 'value',
      'max-holdings': 'value',
      'min-position': 'value',
      'risk-budgets': 'value',
      json: 'flag'
    },
    'optimize'
  );
  if (!values.objective) throw new UsageError(`--objective is required: one of ${OBJECTIVES.join(', ')}`);
  const objectiveName = choiceOption(values, 'objective', OBJECTIVES, 'min-volatility');
  if (NOT_YET.has(objectiveName)) {
    throw new InputError(`the ${objectiveName} objective is not available in this version of Keel yet`);
  }
  const fromFiles = values['mu-file'] !== undefined || values['cov-file'] !== undefined;
  if (fromFiles && values.prices) throw new UsageError('give either --prices or --mu-file and --cov-file, not both');
  if (!fromFiles && !values.prices) throw new UsageError('give --prices FILE, or --mu-file FILE and --cov-file FILE');
  if (fromFiles && (!values['mu-file'] || !values['cov-file']))
    throw new UsageError('--mu-file and --cov-file go together');

  const riskFreeRate = numberOption(values, 'risk-free-rate', 0.02)!;
  const bounds = parseBounds(values.bounds);
  const l2Gamma = numberOption(values, 'l2-gamma', 0)!;
  const beta = numberOption(values, 'beta', 0.95)!;

  let dist: ReturnDistribution;
  if (fromFiles) {
    const mu = readMu(values['mu-file']);
    const cov = readCov(values['cov-file']);
    if (mu.assets.join('\u0000') !== cov.assets.join('\u0000')) {
      throw new InputError(
        `${values['mu-file']} and ${values['cov-file']} must name the same assets in the same order`
      );
    }
    dist = makeReturnDistribution({ assets: mu.assets, mu: mu.mu, cov: cov.cov, frequency: 252, warnings: [] });
  } else {
    dist = estimateFromPrices(values);
  }

  let result: OptimizationResult;
  if (objectiveName === 'hrp' || objectiveName === 'herc') {
    const started = performance.now();
    const n = dist.assets.length;
    let weights: Float64Array;
    let performanceReport;
    if (dist.returns) {
      const hrp = hierarchicalRiskParity(dist.returns);
      weights =
        objectiveName === 'herc' ? hierarchicalEqualRiskContribution(hrp.covariance, n, hrp.linkage) : hrp.weights;
      // As upstream: arithmetic mean returns and sample covariance, annualised.
      performanceReport = portfolioPerformance(
        weights,
        meanHistoricalReturn(dist.returns, { compounding: false, frequency: dist.frequency }),
        sampleCovariance(dist.returns, dist.frequency),
        riskFreeRate
      );
    } else {
      const clustered = hierarchicalRiskParityFromCovariance(dist.cov, n);
      weights =
        objectiveName === 'herc'
          ? hierarchicalEqualRiskContribution(dist.cov, n, clustered.linkage)
          : clustered.weights;
      performanceReport = portfolioPerformance(weights, dist.mu, dist.cov, riskFreeRate);
    }
    const sum = weights.reduce((s, w) => s + w, 0);
    result = {
      assets: dist.assets,
      weights,
      performance: performanceReport,
      solver: {
        engine: objectiveName === 'herc' ? 'hierarchical-equal-risk-contribution' : 'hierarchical-risk-parity',
        status: 'optimal',
        solveMs: performance.now() - started,
        iterations: 0
      },
      checks: {
        maxViolation: Math.max(Math.abs(sum - 1), ...Array.from(weights, (w) => Math.max(0, -w))),
        constraint: 'weights sum to 100 %'
      },
      warnings: values.bounds ? [`${objectiveName} ignores --bounds (its weights are always long-only)`] : []
    };
  } else if (objectiveName === 'risk-parity') {
    const started = performance.now();
    const n = dist.assets.length;
    let budgets: number[] | undefined;
    if (values['risk-budgets']) {
      const given = readWeights(values['risk-budgets']);
      const missing = dist.assets.filter((asset) => given[asset] === undefined);
      if (missing.length > 0)
        throw new InputError(`${values['risk-budgets']} has no risk budget for ${missing.join(', ')}`);
      budgets = dist.assets.map((asset) => given[asset]);
    }
    const parity = riskBudgeting(dist.cov, n, budgets);
    if (!parity.ok) {
      throw new InputError(
        parity.error.code === 'invalid-budgets'
          ? parity.error.message
          : `risk parity did not converge (${parity.error.code})`
      );
    }
    const weights = parity.value.weights;
    result = {
      assets: dist.assets,
      weights,
      performance: portfolioPerformance(weights, dist.mu, dist.cov, riskFreeRate),
      solver: {
        engine: 'newton-risk-budgeting',
        status: 'optimal',
        solveMs: performance.now() - started,
        iterations: parity.value.iterations
      },
      checks: { maxViolation: Math.abs(weights.reduce((s, w) => s + w, 0) - 1), constraint: 'weights sum to 100 %' },
      warnings: values.bounds ? ['risk-parity ignores --bounds (its weights are always long-only)'] : []
    };
  } else if (objectiveName === 'min-semivariance') {
    if (!dist.returns) throw new UsageError(`--objective ${objectiveName} needs return scenarios: give --prices FILE`);
    const solvers = { qp: await createQpEngine(), lp: await createGlpkMilpSolver() };
    const optimized = minimumSemivariance(dist, { benchmark: 0, constraints: { bounds }, riskFreeRate }, solvers);
    if (!optimized.ok) throw new InputError(describeOptimizationError(optimized.error));
    result = optimized.value;
  } else if (objectiveName === 'min-cvar' || objectiveName === 'min-cdar') {
    if (!dist.returns) throw new UsageError(`--objective ${objectiveName} needs return scenarios: give --prices FILE`);
    const lp = await createGlpkMilpSolver();
    const maxHoldings = numberOption(values, 'max-holdings');
    if (maxHoldings !== undefined && objectiveName === 'min-cdar')
      throw new UsageError('--max-holdings works with min-cvar but not min-cdar');
    const cardinality =
      maxHoldings === undefined ? undefined : { maxHoldings, minPosition: numberOption(values, 'min-position', 0) };
    const run = objectiveName === 'min-cvar' ? minimumCvar : minimumCdar;
    const optimized = run(dist, { beta, constraints: { bounds }, riskFreeRate, cardinality }, lp);
    if (!optimized.ok) throw new InputError(describeOptimizationError(optimized.error));
    result = optimized.value;
  } else {
    const objective: MeanVarianceObjective =
      objectiveName === 'max-sharpe'
        ? { kind: 'max-sharpe', riskFreeRate }
        : objectiveName === 'max-quadratic-utility'
          ? { kind: 'max-quadratic-utility', riskAversion: numberOption(values, 'risk-aversion', 1) }
          : objectiveName === 'efficient-risk'
            ? { kind: 'efficient-risk', targetVolatility: required(values, 'target-volatility', objectiveName) }
            : objectiveName === 'efficient-return'
              ? { kind: 'efficient-return', targetReturn: required(values, 'target-return', objectiveName) }
              : { kind: 'min-volatility' };
    const solvers = { qp: await createQpEngine(), lp: await createGlpkMilpSolver() };
    const maxHoldings = numberOption(values, 'max-holdings');
    const optionsForObjective = { constraints: { bounds }, l2Gamma, riskFreeRate };
    let optimized;
    if (maxHoldings !== undefined) {
      if (objective.kind === 'max-sharpe' || objective.kind === 'efficient-risk') {
        throw new UsageError(
          '--max-holdings works with min-volatility, max-quadratic-utility, efficient-return and min-cvar'
        );
      }
      const limit = { maxHoldings, minPosition: numberOption(values, 'min-position', 0) };
      optimized = optimizeWithCardinality(dist, objective, limit, optionsForObjective, solvers);
    } else {
      optimized = optimizeMeanVariance(dist, objective, optionsForObjective, solvers);
    }
    if (!optimized.ok) throw new InputError(describeOptimizationError(optimized.error));
    result = optimized.value;
  }

  const weights = Object.fromEntries(result.assets.map((asset, i) => [asset, result.weights[i]]));
  const output = {
    weights,
    performance: result.performance,
    solver: {
      engine: result.solver.engine,
      status: result.solver.status,
      solveMs: result.solver.solveMs,
      iterations: result.solver.iterations
    },
    checks: { maxViolation: result.checks.maxViolation },
    warnings: [...warningsOf(dist), ...result.warnings]
  };
  print(flags.has('json'), output, () =>
    [
      ...result.assets.map((asset, i) => `${asset.padEnd(12)} ${fixed(result.weights[i]).padStart(10)}`),
      '',
      `expected return ${fixed(result.performance.expectedReturn, 4)}   volatility ${fixed(result.performance.volatility, 4)}   Sharpe ${fixed(result.performance.sharpe, 3)}`,
      `solver ${result.solver.engine} (${result.solver.status}, ${result.solver.solveMs.toFixed(1)} ms); largest constraint violation ${result.checks.maxViolation.toExponential(1)}`,
      ...output.warnings.map((w) => `warning: ${w}`)
    ].join('\n')
  );
  return 0;
}

function required(values: Record<string, string>, name: string, objective: string): number {
  const value = numberOption(values, name);
  if (value === undefined) throw new UsageError(`--${name} is required for --objective ${objective}`);
  return value;
}

async function commandAllocate(argv: string[]): Promise<number> {
  const { values, flags } = parseArgs(
    argv,
    {
      weights: 'value',
      prices: 'value',
      'total-value': 'value',
      method: 'value',
      current: 'value',
      cash: 'value',
      'lot-size': 'value',
      'min-trade': 'value',
      fee: 'value',
      json: 'flag'
    },
    'allocate'
  );
  for (const name of ['weights', 'prices']) {
    if (!values[name]) throw new UsageError(`--${name} is required`);
  }
  const weights = readWeights(values.weights);
  const prices = latestPrices(readPrices(values.prices));
  const method = choiceOption(values, 'method', ['greedy', 'milp'] as const, 'greedy');
  const fromHoldings = ['current', 'cash', 'lot-size', 'min-trade', 'fee'].some((name) => values[name] !== undefined);

  if (fromHoldings) {
    if (method !== 'milp')
      throw new UsageError('--current, --cash, --lot-size, --min-trade and --fee need --method milp');
    if (values['total-value'])
      throw new UsageError('with --current, give the cash on hand with --cash instead of --total-value');
    const current = values.current ? readWeights(values.current) : {};
    const cash = numberOption(values, 'cash', 0)!;
    const lotSize = numberOption(values, 'lot-size', 1)!;
    const symbols = [...new Set([...Object.keys(weights), ...Object.keys(current)])];
    for (const symbol of symbols) {
      if (prices[symbol] === undefined) throw new InputError(`${values.prices} has no price for ${symbol}`);
    }
    const result = allocateTrades(
      symbols.map((symbol) => ({
        symbol,
        quantity: current[symbol] ?? 0,
        price: prices[symbol],
        targetWeight: weights[symbol] ?? 0,
        lotSize
      })),
      cash,
      { minTradeValue: numberOption(values, 'min-trade', 0), feePerTrade: numberOption(values, 'fee', 0) },
      await createGlpkMilpSolver()
    );
    if (!result.ok) {
      throw new InputError(
        result.error.code === 'invalid-input'
          ? result.error.message
          : `the allocation solver failed (${result.error.status})`
      );
    }
    const shares = Object.fromEntries(Object.entries(result.value.quantities).filter(([, count]) => count !== 0));
    const output = { shares, leftover: result.value.leftover, trades: result.value.trades, fees: result.value.fees };
    print(flags.has('json'), output, () =>
      [
        ...Object.entries(result.value.trades).map(
          ([asset, units]) =>
            `${units > 0 ? 'buy ' : 'sell'} ${asset.padEnd(10)} ${String(Math.abs(units)).padStart(8)}`
        ),
        `fees ${result.value.fees.toFixed(2)}   leftover ${result.value.leftover.toFixed(2)}`
      ].join('\n')
    );
    return 0;
  }

  if (!values['total-value']) throw new UsageError('--total-value is required');
  const total = numberOption(values, 'total-value')!;
  const result =
    method === 'greedy'
      ? greedyAllocation(weights, prices, total)
      : milpAllocation(weights, prices, total, await createGlpkMilpSolver());
  if (!result.ok) {
    const error = result.error;
    const message =
      error.code === 'missing-price'
        ? `${values.prices} has no price for ${error.asset}`
        : error.code === 'non-positive-price'
          ? `the latest price of ${error.asset} is ${error.price}; prices must be positive`
          : error.code === 'negative-weight'
            ? `the weight of ${error.asset} is negative (${error.weight}); allocate handles long-only weights`
            : error.code === 'invalid-total-value'
              ? `--total-value must be a positive amount, not ${error.value}`
              : `the allocation solver failed (${error.status})`;
    throw new InputError(message);
  }
  print(flags.has('json'), result.value, () =>
    [
      ...Object.entries(result.value.shares).map(
        ([asset, count]) => `${asset.padEnd(12)} ${String(count).padStart(8)}`
      ),
      `leftover ${result.value.leftover.toFixed(2)}`
    ].join('\n')
  );
  return 0;
}

/**
 * Black–Litterman from the command line: prior from market caps (and the market's implied risk
 * aversion from its prices), views from a JSON file, posterior and BL weights out.
 */
function commandBlackLitterman(argv: string[]): number {
  const { values, flags } = parseArgs(
    argv,
    {
      ...ESTIMATOR_OPTIONS,
      'market-prices': 'value',
      'market-caps': 'value',
      views: 'value',
      tau: 'value',
      'risk-aversion': 'value',
      'risk-free-rate': 'value',
      json: 'flag'
    },
    'black-litterman'
  );
  for (const name of ['prices', 'market-caps', 'views']) {
    if (!values[name]) throw new UsageError(`--${name} is required`);
  }
  const dist = estimateFromPrices(values);
  const n = dist.assets.length;
  const caps = readWeights(values['market-caps']);
  const missing = dist.assets.filter((asset) => caps[asset] === undefined);
  if (missing.length > 0) throw new InputError(`${values['market-caps']} has no market cap for ${missing.join(', ')}`);
  let riskAversion = numberOption(values, 'risk-aversion');
  const riskFreeRate = numberOption(values, 'risk-free-rate', 0)!;
  if (riskAversion === undefined) {
    if (!values['market-prices']) throw new UsageError('give --risk-aversion D, or --market-prices FILE to imply it');
    const market = readPrices(values['market-prices']);
    const { returns } = returnsFromPrices(market);
    riskAversion = marketImpliedRiskAversion(
      Array.from({ length: returns.dates.length }, (_, t) => returns.values[t * returns.assets.length]),
      dist.frequency,
      riskFreeRate
    );
  }
  const prior = marketImpliedPrior(
    dist.assets.map((asset) => caps[asset]),
    riskAversion,
    dist.cov,
    riskFreeRate
  );
  let rawViews: unknown;
  try {
    rawViews = JSON.parse(readFileSync(values.views, 'utf8'));
  } catch (error) {
    throw new InputError(`${values.views} is not readable JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(rawViews) || rawViews.length === 0) {
    throw new InputError(
      `${values.views} must be a list of views, e.g. [{"assets": {"AAPL": 1}, "return": 0.1, "confidence": 0.5}]`
    );
  }
  const views = rawViews.map((view, k) => {
    const picks: Record<number, number> = {};
    const assets = (view as { assets?: Record<string, number> }).assets;
    const expected = (view as { return?: number }).return;
    const confidence = (view as { confidence?: number }).confidence;
    if (!assets || typeof assets !== 'object' || typeof expected !== 'number') {
      throw new InputError(
        `${values.views}, view ${k + 1}: needs "assets" ({"TICKER": weight}) and a numeric "return"`
      );
    }
    for (const [asset, weight] of Object.entries(assets)) {
      const index = dist.assets.indexOf(asset);
      if (index < 0) throw new InputError(`${values.views}, view ${k + 1}: ${asset} is not in ${values.prices}`);
      picks[index] = weight;
    }
    if (confidence !== undefined && !(confidence >= 0 && confidence <= 1)) {
      throw new InputError(`${values.views}, view ${k + 1}: confidence must be between 0 and 1`);
    }
    return { picks, expectedReturn: expected, confidence };
  });
  const posterior = blackLittermanPosterior({ cov: dist.cov, n, prior, views, tau: numberOption(values, 'tau', 0.05) });
  if (!posterior.ok) throw new InputError(posterior.error.message);
  const weights = blackLittermanWeights(dist.cov, n, posterior.value.mu, riskAversion);
  const named = (vector: ArrayLike<number>) => Object.fromEntries(dist.assets.map((asset, i) => [asset, vector[i]]));
  const output = {
    riskAversion,
    prior: named(prior),
    posterior: {
      mu: named(posterior.value.mu),
      cov: Array.from({ length: n }, (_, i) => Array.from(posterior.value.cov.subarray(i * n, i * n + n)))
    },
    weights: weights ? named(weights) : null
  };
  print(flags.has('json'), output, () =>
    [
      `risk aversion ${fixed(riskAversion!, 4)}`,
      'asset         prior     posterior    BL weight',
      ...dist.assets.map(
        (asset, i) =>
          `${asset.padEnd(12)} ${fixed(prior[i], 4).padStart(8)} ${fixed(posterior.value.mu[i], 4).padStart(12)} ${weights ? fixed(weights[i], 4).padStart(12) : '—'}`
      )
    ].join('\n')
  );
  return 0;
}

/** `keel check FILE`: validates a file as an import would, without storing anything. */
function commandCheck(argv: string[]): number {
  const file = argv[0] && !argv[0].startsWith('--') ? argv[0] : undefined;
  const { values, flags } = parseArgs(
    file ? argv.slice(1) : argv,
    { kind: 'value', 'date-format': 'value', json: 'flag' },
    'check'
  );
  if (!file) throw new UsageError('name the file to check: npx keel check FILE');
  const kind = choiceOption(values, 'kind', ['prices', 'holdings', 'transactions'] as const, 'prices');
  const dateFormat = values['date-format']
    ? choiceOption(values, 'date-format', ['iso', 'dmy', 'mdy', 'ymd'] as const, 'iso')
    : undefined;
  let text: string;
  try {
    const raw = readFileSync(file);
    text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  } catch (error) {
    process.stderr.write(
      `keel check: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`
    );
    return 2;
  }
  const report =
    kind === 'holdings'
      ? readHoldingsFile(text, { dateFormat }).report
      : kind === 'transactions'
        ? readTransactionsFile(text, { dateFormat }).report
        : checkPriceFile(text, { dateFormat });
  const withMessages = (list: CheckIssue[]) =>
    list.map((issue) => ({
      line: issue.line,
      column: issue.column,
      code: issue.code,
      message: describeCheckIssue(issue)
    }));
  const output = {
    ok: report.ok,
    kind: report.kind,
    rows: report.rows,
    assets: report.assets,
    from: report.from,
    to: report.to,
    errors: withMessages(report.errors),
    warnings: withMessages(report.warnings),
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    delimiter: report.delimiter,
    decimal: report.decimal,
    dateFormat: report.dateFormat
  };
  print(flags.has('json'), output, () =>
    [
      `${file} (${report.kind}): ${report.rows} rows, ${report.assets.length} assets, ${report.from ?? '?'} to ${report.to ?? '?'}`,
      ...output.errors.map((e) => `error   line ${e.line}${e.column ? `, ${e.column}` : ''}: ${e.message}`),
      ...output.warnings.map((w) => `warning line ${w.line}${w.column ? `, ${w.column}` : ''}: ${w.message}`),
      report.errorCount > report.errors.length ? `… ${report.errorCount} errors in all` : '',
      report.warningCount > report.warnings.length ? `… ${report.warningCount} warnings in all` : '',
      report.ok
        ? 'OK: no errors.'
        : `${report.errorCount} error${report.errorCount === 1 ? '' : 's'}: the import would be refused.`
    ]
      .filter((line) => line !== '')
      .join('\n')
  );
  return report.ok ? 0 : 1;
}

/** `keel rebalance --portfolio FILE.json`: the household planner on a JSON file (docs/rebalance-input.md). */
async function commandRebalance(argv: string[]): Promise<number> {
  const { values, flags } = parseArgs(
    argv,
    { portfolio: 'value', json: 'flag', 'time-limit': 'value', compare: 'flag' },
    'rebalance'
  );
  const file = values.portfolio;
  if (!file) throw new UsageError('name the household file: npx keel rebalance --portfolio FILE.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason =
      error instanceof SyntaxError
        ? `not valid JSON (${error.message})`
        : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
    throw new InputError(`cannot read ${file}: ${reason}`);
  }
  const input = readPlannerInput(raw);
  if (!input.ok) {
    if (flags.has('json'))
      process.stdout.write(
        `${JSON.stringify({ status: 'invalid-input', problems: input.error.map((issue) => ({ ...issue, message: describeInputIssue(issue) })) }, null, 2)}\n`
      );
    else
      process.stderr.write(
        input.error.map((issue) => `keel rebalance: ${file}: ${describeInputIssue(issue)}`).join('\n') + '\n'
      );
    return 1;
  }
  const timeLimitSeconds = values['time-limit'] ? numberOption(values, 'time-limit', 2) : undefined;
  const solver = await createGlpkMilpSolver();
  const plan = planHousehold(input.value, solver, { timeLimitSeconds });
  const output = {
    status: plan.status,
    trades: plan.trades.map((t) => ({
      account: t.account,
      symbol: t.symbol,
      side: t.side,
      quantity: t.quantity,
      price: t.price,
      value: t.value,
      cost: t.cost.total,
      realizedGain: t.realizedGain,
      tax: t.tax,
      reasons: t.reasons.map((r) => ({ ...r, message: describeTradeReason(r) })),
      costBreakdown: t.cost,
      lots: t.lots
    })),
    cashBefore: plan.cashBefore,
    cashAfter: plan.cashAfter,
    driftBefore: plan.driftBefore,
    driftAfter: plan.driftAfter,
    totals: plan.totals,
    violations: plan.violations.map((v) => ({ ...v, message: describeViolation(v) })),
    violationsBefore: plan.violationsBefore.map((v) => ({ ...v, message: describeViolation(v) })),
    relaxations: plan.relaxations.map((r) => ({ ...r, message: describeRelaxation(r) })),
    harvest: plan.harvest,
    washSales: plan.washSales,
    trigger: plan.trigger,
    warnings: plan.warnings,
    objective: plan.objective,
    optimality: plan.optimality ?? null,
    lines: plan.lines,
    ...(flags.has('compare') ? { presets: comparePresets(input.value, solver, { timeLimitSeconds }) } : {})
  };
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  print(flags.has('json'), output, () =>
    [
      `status: ${plan.status}${plan.optimality && !plan.optimality.proven ? ` (within ${plan.optimality.gap.toFixed(2)} of the best possible objective)` : ''}`,
      `drift ${pct(plan.driftBefore)} → ${pct(plan.driftAfter)}; cost ${plan.totals.cost.toFixed(2)}; tax ${plan.totals.tax.toFixed(2)}; turnover ${pct(plan.totals.turnover)}`,
      ...plan.trades.map(
        (t) =>
          `${t.side.padEnd(4)} ${String(t.quantity).padStart(8)} ${t.symbol.padEnd(8)} in ${t.account.padEnd(12)} at ${t.price.toFixed(2)} = ${t.value.toFixed(2)}  (cost ${t.cost.total.toFixed(2)}, tax ${t.tax.toFixed(2)})\n      ${t.reasons.map(describeTradeReason).join('\n      ')}`
      ),
      ...Object.entries(plan.cashAfter).map(([account, cash]) => `cash after in ${account}: ${cash.toFixed(2)}`),
      ...plan.violations.map((v) => `violation: ${describeViolation(v)}`),
      ...plan.relaxations.map((r) => `to make a plan possible: ${describeRelaxation(r)}`),
      'Keel is a planning tool, not investment advice.'
    ].join('\n')
  );
  return plan.status === 'infeasible' || plan.status === 'solver-failed' ? 1 : 0;
}

/** `keel backtest --config FILE.json`: strategies run over a price file (docs/backtest.md). */
async function commandBacktest(argv: string[]): Promise<number> {
  const { values, flags } = parseArgs(
    argv,
    { config: 'value', json: 'flag', 'policy-model': 'value', 'regimes-model': 'value' },
    'backtest'
  );
  if (!values.config) throw new UsageError('name the config: npx keel backtest --config FILE.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(values.config, 'utf8'));
  } catch (error) {
    const reason =
      error instanceof SyntaxError
        ? `not valid JSON (${error.message})`
        : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
    throw new InputError(`cannot read ${values.config}: ${reason}`);
  }
  const config = readBacktestConfig(raw);
  if (!config.ok) throw new InputError(config.error.map((i) => `${values.config}: ${i.path} ${i.problem}`).join('; '));
  // The price file is found relative to the config file.
  const pricesPath = resolve(dirname(values.config), config.value.prices);
  const table = readPrices(pricesPath);
  const needed = solversNeeded(config.value);
  const own = { policy: values['policy-model'], regimes: values['regimes-model'] };
  const result = runBacktestConfig(config.value, table, {
    ...(needed.qp ? { qp: await createQpEngine() } : {}),
    ...(needed.lp ? { lp: await createGlpkMilpSolver() } : {}),
    ...(needed.policy ? { policy: backtestPolicy(own) } : {})
  });
  if (!result.ok)
    throw new InputError(
      result.error.map((i) => describeBacktestIssue(i, config.value.prices).replace(/\.$/, '')).join('; ')
    );
  // Which of the user's models decided, as the app's reports say.
  if (needed.policy && (own.policy || own.regimes))
    result.value.models = {
      ...(own.policy ? { policy: basename(own.policy) } : {}),
      ...(own.regimes ? { regimes: basename(own.regimes) } : {})
    };
  print(flags.has('json'), result.value, () =>
    [
      ...[...result.value.strategies, ...(result.value.benchmark ? [result.value.benchmark] : [])].map(
        (s) =>
          `${s.name.padEnd(28)} final ${s.finalValue.toFixed(2).padStart(12)}  annual ${((s.metrics.annual_return ?? Number.NaN) * 100).toFixed(2)} %  max drawdown ${((s.metrics.max_drawdown ?? Number.NaN) * 100).toFixed(1)} %  Sharpe ${(s.metrics.sharpe_ratio ?? Number.NaN).toFixed(2)}  trades ${s.trades}  costs ${s.costs.toFixed(2)}`
      )
    ].join('\n')
  );
  return 0;
}

/** `keel metrics --returns FILE`: empyrical-convention metrics of a (date, return) series. */
function commandMetrics(argv: string[]): number {
  const { values, flags } = parseArgs(
    argv,
    { returns: 'value', period: 'value', 'risk-free': 'value', benchmark: 'value', json: 'flag' },
    'metrics'
  );
  if (!values.returns) throw new UsageError('name the returns file: npx keel metrics --returns FILE');
  const period = choiceOption(
    values,
    'period',
    ['daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const,
    'daily'
  );
  const riskFree = numberOption(values, 'risk-free', 0) ?? 0;
  const read = (file: string) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const series = readReturnsCsv(text);
    if (!series.ok)
      throw new InputError(
        series.error.code === 'empty-file'
          ? `${file} has no (date, return) rows`
          : `${file}, line ${series.error.line}: ${
              {
                fields: 'expected a date and a return',
                date: 'not a date (use YYYY-MM-DD)',
                number: 'not a number',
                order: 'dates must increase'
              }[series.error.reason]
            } ("${series.error.value}")`
      );
    return series.value;
  };
  const series = read(values.returns);
  const benchmark = values.benchmark ? alignTo(series, read(values.benchmark)) : undefined;
  const metrics = returnMetrics(series.returns, { period, riskFree, ...(benchmark ? { benchmark } : {}) });
  const output = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));
  print(flags.has('json'), output, () =>
    [
      `${values.returns}: ${series.dates.length} ${period} returns, ${series.dates[0]} to ${series.dates[series.dates.length - 1]}`,
      ...Object.entries(metrics).map(([k, v]) => `${k.padEnd(26)} ${Number.isFinite(v) ? v.toPrecision(6) : String(v)}`)
    ].join('\n')
  );
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const commands: Record<string, (args: string[]) => number | Promise<number>> = {
    estimate: commandEstimate,
    optimize: commandOptimize,
    allocate: commandAllocate,
    'black-litterman': commandBlackLitterman,
    check: commandCheck,
    rebalance: commandRebalance,
    metrics: commandMetrics,
    backtest: commandBacktest,
    predict: commandPredict,
    sentiment: commandSentiment
  };
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(`${HELP.main}\n`);
      return command ? 0 : 2;
    }
    const run = commands[command];
    if (!run)
      throw new UsageError(
        `unknown command "${command}" (commands: estimate, optimize, allocate, black-litterman, check, rebalance, backtest, metrics, predict, sentiment)`
      );
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${HELP[command]}\n`);
      return 0;
    }
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`keel ${command ?? ''}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      process.stderr.write(`keel ${command}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`keel ${command}: internal error: ${(error as Error).message}\n`);
    return 3;
  }
}
