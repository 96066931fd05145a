/**
 * Sentences for typed failures. Core returns codes and facts; this module, and only this module,
 * turns them into words a user can act on. Pure: used by the UI and by the command line.
 */
import type { ValidationIssue } from '../core/portfolio/validation-issue';
import type { RebalanceError } from '../core/rebalance/whole-share-rebalance';
import type { OptimizationError } from '../core/optimizers/optimization-result';
import type { EstimationWarning } from '../core/estimators/warnings';
import type { CsvError } from '../core/io/price-csv';
import type { CheckIssue } from '../core/io/check-prices';
import type { RestoreError } from '../db/backup';

const FIELD_NAMES: Record<string, string> = {
  symbol: 'symbol',
  name: 'name',
  quantity: 'quantity',
  price: 'price',
  currency: 'currency',
  baseCurrency: 'base currency',
  assetClass: 'asset class',
  lotSize: 'lot size',
  targetWeight: 'target weight',
  cashTarget: 'cash target',
  cash: 'cash',
  fxRates: 'exchange rate'
};

/** Formats a fraction as a percentage with up to two decimals: 0.2513 → "25.13 %". */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2).replace(/\.?0+$/, '')} %`;
}

function where(issue: ValidationIssue): string {
  return issue.symbol ? ` of ${issue.symbol}` : '';
}

/** One sentence per validation issue, naming the holding and the field. */
export function describeIssue(issue: ValidationIssue): string {
  const field = FIELD_NAMES[issue.field] ?? issue.field;
  switch (issue.code) {
    case 'empty-name':
      return 'The portfolio needs a name.';
    case 'empty-symbol':
      return 'Every holding needs a symbol (for example VTI).';
    case 'invalid-symbol':
      return `The symbol "${issue.value}" is not valid: use letters, digits and . - : ^ / _ (up to 32 characters).`;
    case 'duplicate-symbol':
      return `${issue.symbol} appears more than once; each holding needs its own symbol.`;
    case 'not-a-number':
      return `The ${field}${where(issue)} must be a number; "${issue.value}" is not.`;
    case 'negative-quantity':
      return `The quantity${where(issue)} cannot be negative (${issue.value}); Keel does not model short positions.`;
    case 'missing-price':
      return `${issue.symbol ?? 'This holding'} has no price; enter the latest price per unit.`;
    case 'non-positive-price':
      return `The price${where(issue)} must be greater than zero (got ${issue.value}).`;
    case 'negative-target':
      return `The ${field}${where(issue)} cannot be negative (${percent(Number(issue.value))}).`;
    case 'target-above-100':
      return `The ${field}${where(issue)} cannot exceed 100 % (${percent(Number(issue.value))}).`;
    case 'targets-not-100': {
      const sum = Number(issue.value);
      const gap = 1 - sum;
      const fix = gap > 0 ? `add ${percent(gap)}` : `remove ${percent(-gap)}`;
      return `Targets, cash included, sum to ${percent(sum)}; they must sum to 100 % (${fix}).`;
    }
    case 'negative-cash':
      return `Cash cannot be negative (${issue.value}); Keel does not model borrowing.`;
    case 'invalid-currency':
      return `The ${field}${where(issue)} must be a three-letter ISO code such as USD or EUR; "${issue.value ?? ''}" is not.`;
    case 'missing-fx-rate':
      return `${issue.symbol} is priced in ${issue.value}, but there is no ${issue.value} exchange rate; add one under Currencies.`;
    case 'non-positive-fx-rate':
      return `The exchange rate${issue.symbol ? ` used by ${issue.symbol}` : ''} must be greater than zero (got ${issue.value}).`;
    case 'invalid-lot-size':
      return `The lot size${where(issue)} must be a positive number (got ${issue.value}).`;
    case 'unknown-portfolio':
      return 'This portfolio no longer exists; it may have been deleted in another tab.';
    case 'unknown-holding':
      return `${issue.symbol} is not in this portfolio any more; it may have been removed in another tab.`;
    case 'quantity-spans-lots':
      return `${issue.symbol} is held in ${issue.value} tax lots; change the quantity lot by lot.`;
    case 'storage-failed':
      return issue.value === 'QuotaExceededError'
        ? 'This change was not saved: the browser says its storage for Keel is full. Everything saved before is intact; free some disk space and try again.'
        : `This change was not saved: the browser's storage refused it (${issue.value}). Everything saved before is intact.`;
    case 'unknown-asset-class':
      return `The asset class${where(issue)} "${issue.value}" is not one Keel knows.`;
  }
}

/** A sentence for a failed rebalance. */
export function describeRebalanceError(error: RebalanceError): string {
  switch (error.code) {
    case 'invalid-portfolio':
      return `The portfolio cannot be rebalanced yet: ${error.issues.map(describeIssue).join(' ')}`;
    case 'nothing-to-rebalance':
      return 'There is nothing to rebalance: add holdings with prices, or cash.';
    case 'solver-failed':
      return `The solver (${error.solver}) could not find a plan (status: ${error.status}). This is a bug in Keel; please report it with an exported copy of the portfolio.`;
  }
}

/** "a, b and c". */
function listed(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const points = (fraction: number) => `${+(fraction * 100).toFixed(4)} points`;

/** A sentence for a failed optimization: which constraints conflict and what would fix it. */
export function describeOptimizationError(error: OptimizationError): string {
  switch (error.code) {
    case 'infeasible': {
      const { conflicting, relaxations } = error.diagnosis;
      const fixes = relaxations.map((r) =>
        r.direction === 'change'
          ? `change "${r.constraint}" by ${points(r.by)}`
          : `${r.direction} ${r.constraint} by ${points(r.by)}`
      );
      const verb = conflicting.length === 2 ? 'cannot both hold' : 'cannot all hold';
      return `${listed(conflicting)} ${verb}${fixes.length ? `: ${listed(fixes)}` : ''}.`;
    }
    case 'no-asset-beats-risk-free-rate':
      return `No asset is expected to beat the risk-free rate of ${percent(error.riskFreeRate)} (the best, ${error.bestAsset}, expects ${percent(error.bestReturn)}), so no portfolio has a positive Sharpe ratio. Lower the risk-free rate or choose another objective.`;
    case 'target-return-unreachable':
      return `A ${percent(error.target)} expected return is out of reach: the most these constraints allow is ${percent(error.maximum)}.`;
    case 'target-volatility-too-low':
      return `A volatility of ${percent(error.target)} is below the lowest these assets allow (${percent(error.minimum)}, the minimum-volatility portfolio).`;
    case 'invalid-input':
      return `The optimizer cannot start: ${error.message}.`;
    case 'solver-failed':
      return `The solver (${error.engine}) stopped without a solution (${error.status}). This is a bug in Keel; please report it with the inputs.`;
    case 'verification-failed':
      return `The solver's answer breaks "${error.constraint}" by ${error.maxViolation.toExponential(2)}, so Keel will not use it. This is a bug in Keel; please report it with the inputs.`;
  }
}

/** A sentence for an estimation warning. */
export function describeEstimationWarning(warning: EstimationWarning): string {
  switch (warning.code) {
    case 'interior-gap':
      return `${warning.asset} has no price on ${warning.date} inside its history; the returns around that date are left out, not filled.`;
    case 'covariance-repaired':
      return `The ${warning.estimator} covariance was not positive semi-definite (smallest eigenvalue ${warning.minEigenvalue.toExponential(2)}); negative eigenvalues were set to zero.`;
    case 'short-history':
      return `${warning.asset} has only ${warning.observations} returns; its estimates are unreliable.`;
    case 'black-litterman-not-applied':
      return `The Black–Litterman views were not applied (${warning.reason}); the historical estimates were used.`;
  }
}

/** A sentence for a price CSV that cannot be read, naming the file, line and column. */
export function describeCsvError(file: string, error: CsvError): string {
  switch (error.code) {
    case 'empty-file':
      return `${file} is empty`;
    case 'no-assets':
      return `${file}, line 1: the header needs a date column and at least one asset column`;
    case 'duplicate-asset':
      return `${file}, line 1: the column "${error.column}" appears twice`;
    case 'wrong-field-count':
      return `${file}, line ${error.line}: expected ${error.expected} fields, found ${error.found}`;
    case 'bad-number':
      return `${file}, line ${error.line}, column ${error.column}: "${error.value}" is not a number`;
    case 'bad-date':
      return `${file}, line ${error.line}: "${error.value}" is not a date (use YYYY-MM-DD)`;
    case 'dates-out-of-order':
      return `${file}, line ${error.line}: ${error.date} comes after ${error.previous}; dates must increase`;
    case 'duplicate-date':
      return `${file}, line ${error.line}: the date ${error.date} appears twice`;
  }
}

const FORMAT_NAMES: Record<string, string> = {
  iso: 'YYYY-MM-DD',
  dmy: 'day/month/year',
  mdy: 'month/day/year',
  ymd: 'year/month/day'
};

/** A sentence for one problem found by a file check. */
export function describeCheckIssue(issue: CheckIssue): string {
  const d = issue.details;
  switch (issue.code) {
    case 'unclosed-quote':
      return `A quote opened here is never closed, so the rest of the file is one field.`;
    case 'nul-byte':
      return 'A NUL byte: this does not look like a text file.';
    case 'empty-file':
      return 'The file is empty.';
    case 'no-assets':
      return 'The header needs a date column and at least one asset column.';
    case 'duplicate-asset':
      return `The column "${d.value}" appears twice in the header.`;
    case 'wrong-field-count':
      return `Expected ${d.expected} fields like the header, found ${d.found}.`;
    case 'unknown-date-format':
      return `"${d.value}" is not a date in any format Keel reads (YYYY-MM-DD, day/month/year, month/day/year).`;
    case 'ambiguous-date-format':
      return `Every date reads both as ${String(d.formats)
        .split(', ')
        .map((f) => FORMAT_NAMES[f] ?? f)
        .join(' and as ')}; say which one the file uses.`;
    case 'bad-date':
      return `"${d.value}" is not a valid ${FORMAT_NAMES[String(d.format)] ?? d.format} date.`;
    case 'bad-number':
      return `"${d.value}" is not a number.`;
    case 'duplicate-date':
      return `${d.value} appears again (first on line ${d.firstLine}).`;
    case 'date-out-of-order':
      return `${d.value} comes after ${d.previous}; dates must increase.`;
    case 'non-positive-price':
      return `A price must be greater than zero; this one is ${d.value}.`;
    case 'weekend-date':
      return `${d.value} is a ${d.day}; markets are usually closed.`;
    case 'long-gap':
      return `${d.days} days without data between ${d.previous} and ${d.value}.`;
    case 'extreme-move':
      return `The price moves ${(Number(d.change) * 100).toFixed(0)} % in one period (${d.previous} to ${d.value}): a split or a data error?`;
    case 'missing-column':
      return `The header has no "${d.value}" column (any of: ${d.names}).`;
    case 'missing-value':
      return 'This cell is empty but needs a value.';
    case 'negative-quantity':
      return `${d.value} is negative; short positions and negative costs are not supported.`;
    case 'bad-currency':
      return `"${d.value}" is not a three-letter currency code such as USD or EUR.`;
    case 'currency-assumed':
      return "The file has no currency column: the portfolio's base currency will be assumed.";
    case 'unknown-type':
      return `"${d.value}" is not a transaction type (buy, sell, dividend, interest, deposit, withdrawal, fee, split, transfer).`;
    case 'unknown-symbol':
      return `${d.value} in ${d.account} has never been bought there, so it cannot be ${d.action}.`;
    case 'oversell':
      return `Selling ${d.quantity} ${d.value} in ${d.account}, but only ${d.held} are held on ${d.date}.`;
    case 'not-a-currency-pair':
      return `"${d.value}" is not a currency pair; exchange rates are named like EUR/USD or EURUSD (the price of 1 EUR in USD).`;
    case 'unknown-lot':
      return `No lot of ${d.value} in ${d.account} was acquired on ${d.lot}.`;
  }
}

/** A sentence for a backup file that cannot be restored; it always says nothing was changed. */
export function describeRestoreError(error: RestoreError): string {
  const unchanged = 'Nothing was changed.';
  switch (error.code) {
    case 'not-json':
      return `This file is not a Keel backup: it is not valid JSON (${error.message}). ${unchanged}`;
    case 'not-a-backup':
      return `This file is not a Keel backup. ${unchanged}`;
    case 'newer-version':
      return `This backup was made by a newer version of Keel; update Keel and try again. ${unchanged}`;
    case 'checksum-mismatch':
      return `This backup's contents do not match its checksum: the file is damaged or was edited. ${unchanged}`;
    case 'invalid-record':
      return error.index < 0
        ? `This backup has no ${error.store} section. ${unchanged}`
        : `Record ${error.index + 1} of ${error.store} in this backup is invalid (${error.reason}). ${unchanged}`;
  }
}

/** A sentence for a price-source request that did not bring prices. */
export function describeSourceFailure(failure: import('../net/price-source').SourceFailure): string {
  switch (failure.code) {
    case 'disabled':
      return 'The price source is off. Turn it on first.';
    case 'bad-template':
      return failure.reason;
    case 'needs-approval':
      return `Keel has not been allowed to contact ${failure.host} yet.`;
    case 'unreachable':
      return `${failure.host} did not answer the browser. Either it is unreachable (offline, wrong address), or it refuses requests from web pages (it does not allow cross-origin requests, "CORS"); such a source cannot be used from a browser app.`;
    case 'http-error':
      return `${failure.host} answered with HTTP status ${failure.status}; no prices were stored.`;
  }
}

const GROUP_NAMES: Record<string, string> = {
  assetClass: 'asset class',
  sector: 'sector',
  region: 'region',
  currency: 'currency'
};

/** A sentence for a compliance breach: the rule, the figure found and the limit. */
export function describeViolation(violation: import('../core/compliance/rules').Violation): string {
  const { rule, figure, limit, subject } = violation;
  switch (rule.kind) {
    case 'max-weight':
      return `${subject} is ${percent(figure)} of the household; the rule allows at most ${percent(limit)}.`;
    case 'min-weight':
      return `${subject} is ${percent(figure)} of the household; the rule asks for at least ${percent(limit)}.`;
    case 'max-group-weight':
      return `The ${GROUP_NAMES[rule.field]} ${subject} is ${percent(figure)}; the rule allows at most ${percent(limit)}.`;
    case 'min-group-weight':
      return `The ${GROUP_NAMES[rule.field]} ${subject} is ${percent(figure)}; the rule asks for at least ${percent(limit)}.`;
    case 'restricted':
      return `${subject} is on the restricted list, but the plan buys ${figure} shares of it.`;
    case 'excluded':
      return `${subject} is excluded, but ${figure} shares of it are held.`;
    case 'min-cash':
      return `Cash is ${percent(figure)} of the household; the rule asks for at least ${percent(limit)}.`;
    case 'max-turnover':
      return `The plan trades ${percent(figure)} of the household; the rule allows at most ${percent(limit)}.`;
    case 'max-positions':
      return `${figure} positions are held; the rule allows at most ${limit}.`;
    case 'no-short':
      return `${subject} is held short (${figure} shares); the rules allow no short positions.`;
    case 'no-leverage':
      return `Cash is negative (${figure}); the rules allow no borrowing.`;
    case 'liquidity':
      return `The trade in ${subject} is ${percent(figure)} of its average daily volume; the rule allows at most ${percent(limit)}.`;
    case 'wash-sale':
      return `The sale of ${subject} at a loss is a wash sale: ${figure.toFixed(2)} of the loss would be disallowed.`;
  }
}

const money = (value: number) => value.toFixed(2);
const weightText = (value: number) => `${(value * 100).toFixed(1)} %`;

/** A sentence for one reason a planned trade is in the plan. */
export function describeTradeReason(reason: import('../core/planner/explain').TradeReason): string {
  switch (reason.code) {
    case 'band-breached':
      return `${reason.line} is ${weightText(reason.weight)}, outside its band ${weightText(reason.lower)}–${weightText(reason.upper)}.`;
    case 'toward-target':
      return `Moves ${reason.line} from ${weightText(reason.weightBefore)} to ${weightText(reason.weightAfter)} (target ${weightText(reason.target)}).`;
    case 'toward-band':
      return `Moves ${reason.line} from ${weightText(reason.weightBefore)} to ${weightText(reason.weightAfter)}, back inside ${weightText(reason.lower)}–${weightText(reason.upper)}.`;
    case 'cash-flow':
      return reason.amount >= 0
        ? `Invests the contribution of ${money(reason.amount)} where the household is underweight.`
        : `Raises the withdrawal of ${money(-reason.amount)} from where the household is overweight.`;
    case 'raise-cash':
      return `Raises cash: the household holds ${money(reason.cashBefore)} and keeps at least ${money(reason.minimum)}.`;
    case 'rule':
      return `Restores a rule: ${describeViolation({ rule: reason.rule, figure: reason.figure, limit: reason.limit, subject: 'symbol' in reason.rule ? reason.rule.symbol : undefined })}`;
    case 'rule-limit':
      return `Stops at ${weightText(reason.weightAfter)}, as close to the target as the rule "${describeRule(reason.rule)}" allows.`;
    case 'tax-loss-harvest':
      return `Harvests a loss of ${money(reason.loss)}, saving an estimated ${money(reason.taxSaved)} of tax.`;
    case 'replaces-sold':
      return `Keeps the exposure of ${reason.symbol}, sold at a loss, with a similar security.`;
    case 'asset-location':
      return reason.side === 'buy'
        ? `Places ${reason.assetClass} in the ${reason.accountType} account, where it is taxed least.`
        : `Moves ${reason.assetClass} out of the ${reason.accountType} account, where it is taxed more than elsewhere.`;
    case 'lot':
      return `Sells ${reason.quantity} from lot ${reason.lotId}${reason.acquired ? ` (acquired ${reason.acquired}, ${reason.term}-term)` : ''}: gain ${money(reason.gain)}, tax ${money(reason.tax)}; chosen by ${LOT_METHOD_NAMES[reason.method]}.`;
    case 'wash-sale-deferred':
      return `The loss on lot ${reason.lotId} is disallowed (a wash sale with a purchase in the last 30 days); it moves into the new shares' cost basis.`;
    case 'avoid-repurchase':
      return `Do not buy this security or an identical one in any account before ${reason.until}, or the loss becomes a wash sale.`;
  }
}

const LOT_METHOD_NAMES: Record<string, string> = {
  hifo: 'highest cost first (HIFO)',
  fifo: 'first in, first out (FIFO)',
  lifo: 'last in, first out (LIFO)',
  'tax-aware': 'tax-aware order (losses first, short-term gains last)',
  specific: 'the lot you chose'
};

/** A sentence for a change that would make an infeasible plan possible. */
export function describeRelaxation(relaxation: import('../core/planner/plan-household').Relaxation): string {
  switch (relaxation.kind) {
    case 'drop-rule':
      return `Relax or remove rule ${relaxation.index + 1} (${describeRule(relaxation.rule)}).`;
    case 'min-cash':
      return `Lower the minimum cash of ${money(relaxation.from)}.`;
    case 'max-trades':
      return `Allow more than ${relaxation.from} trades.`;
    case 'min-trade-value':
      return `Lower the minimum trade value of ${money(relaxation.from)}.`;
    case 'allow-sells':
      return `Allow sales: the ${relaxation.policy} policy cannot reach the rules by buying alone.`;
    case 'unskip':
      return `Put back the ${relaxation.trades.length} skipped trade${relaxation.trades.length === 1 ? '' : 's'}.`;
  }
}

/** A rule in a few words, for lists and for the infeasibility doctor. */
export function describeRule(rule: import('../core/compliance/rules').Rule): string {
  switch (rule.kind) {
    case 'max-weight':
      return `${rule.symbol} at most ${weightText(rule.limit)}`;
    case 'min-weight':
      return `${rule.symbol} at least ${weightText(rule.limit)}`;
    case 'max-group-weight':
      return `${GROUP_NAMES[rule.field]} ${rule.value} at most ${weightText(rule.limit)}`;
    case 'min-group-weight':
      return `${GROUP_NAMES[rule.field]} ${rule.value} at least ${weightText(rule.limit)}`;
    case 'restricted':
      return `no buys of ${rule.symbols.join(', ')}`;
    case 'excluded':
      return `hold none of ${rule.symbols.join(', ')}`;
    case 'min-cash':
      return `cash at least ${weightText(rule.limit)}`;
    case 'max-turnover':
      return `turnover at most ${weightText(rule.limit)}`;
    case 'max-positions':
      return `at most ${rule.limit} positions`;
    case 'no-short':
      return 'no short positions';
    case 'no-leverage':
      return 'no borrowing';
    case 'liquidity':
      return `each trade at most ${weightText(rule.maxShareOfVolume)} of daily volume`;
    case 'wash-sale':
      return `no wash sales (${rule.windowDays ?? 30}-day window)`;
  }
}

/** A sentence for a problem in a planner input file, naming where it is. */
export function describeInputIssue(issue: import('../core/planner/planner-input').InputIssue): string {
  const at = issue.path === '' ? 'the file' : issue.path;
  const value = issue.value !== undefined ? ` ("${issue.value}")` : '';
  switch (issue.problem) {
    case 'missing':
      return `${at} is missing or empty.`;
    case 'not-a-number':
      return `${at}${value} is not a number.`;
    case 'negative':
      return `${at}${value} is negative.`;
    case 'not-positive':
      return `${at}${value} must be greater than zero.`;
    case 'not-a-date':
      return `${at}${value} is not a date (use YYYY-MM-DD).`;
    case 'unknown-value':
      return `${at}${value} is not one of: ${(issue.allowed ?? []).join(', ')}.`;
    case 'unknown-account':
      return `${at}${value} names an account that is not in "accounts".`;
    case 'no-price':
      return `${at}${value} has no price in "prices".`;
    case 'targets-above-100':
      return `The targets add up to ${(Number(issue.value) * 100).toFixed(2)} %, more than 100 %.`;
    case 'duplicate':
      return `${at}${value} appears twice.`;
  }
}

/** A sentence for a break in the audit log's hash chain. */
export function describeChainProblem(problem: import('../core/audit/audit-chain').ChainProblem): string {
  switch (problem.code) {
    case 'altered':
      return `Audit log entry ${problem.seq} was changed after it was written: its content no longer matches its hash.`;
    case 'broken-link':
      return `Audit log entry ${problem.seq} no longer follows the entry before it: an earlier entry was replaced.`;
    case 'gap':
      return `Audit log entry ${problem.expected} is missing: the log jumps to entry ${problem.seq}.`;
  }
}

/** Why a backtest could not run, in a sentence; `prices` names the data the assets were looked up in. */
export function describeBacktestIssue(
  issue: import('../core/backtest/backtest-config').RunIssue,
  prices: string
): string {
  switch (issue.code) {
    case 'unknown-asset':
      return issue.strategy === 'benchmark'
        ? `The benchmark ${issue.symbol} is not in ${prices}.`
        : issue.strategy === 'flows.indexedTo'
          ? `The cash flows are indexed to ${issue.symbol}, which is not in ${prices}.`
          : `Strategy "${issue.strategy}": ${issue.symbol} is not in ${prices}.`;
    case 'no-price-at-start':
      return issue.symbol.includes(', ')
        ? `None of ${issue.symbol} has a price on the start date ${issue.date}; start later.`
        : `${issue.symbol} has no price on the start date ${issue.date}; start later or leave it out.`;
    case 'no-bars':
      return `There are no bars between ${issue.start || 'the start'} and ${issue.end || 'the end'}.`;
    case 'needs-solver':
      return issue.method === 'the learned policy' || issue.method === 'the regime model'
        ? `Strategy "${issue.strategy}" uses ${issue.method}, which needs ${issue.method === 'the learned policy' ? 'models/policy.onnx' : 'models/regimes.onnx'}.`
        : `Strategy "${issue.strategy}" uses ${issue.method}, which needs the optimizer's solvers.`;
  }
}
