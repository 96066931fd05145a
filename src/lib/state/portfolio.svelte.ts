/**
 * One open portfolio: what is stored, its drift, and the rebalance plan computed in the worker.
 * Components render these fields and call these methods; they compute no finance themselves.
 */
import { computeDrift } from '../core/portfolio/drift';
import { rateBetween } from '../core/prices/fx';
import { alignSeries, latestPrices } from '../core/prices/price-series';
import { adviseForPortfolio, type RebalanceAdvice } from '../services/signals-service';
import { activeModel, verdictFor, type ModelVerdict } from './active-models';
import type { Portfolio } from '../core/portfolio/types';
import type { ValidationIssue } from '../core/portfolio/validation-issue';
import type { RebalanceError, RebalancePlan } from '../core/rebalance/whole-share-rebalance';
import type { HoldingEdit, HoldingSnapshot, HoldingView } from '../db/repositories/holdings';
import { loadPortfolio, lotsForExport, transactionsOf } from '../db/repositories/holdings';
import { toCsv, transactionsCsv } from '../core/backup/csv-export';
import type { PortfolioRecord } from '../db/schema';
import { planRebalanceInWorker } from '../services/rebalance-service';
import type { Progress } from '../services/worker-bridge';
import { appRepositories, guardStorage } from './database';

export type Outcome = { ok: true } | { ok: false; issues: ValidationIssue[] };

export class PortfolioState {
  readonly id: number;
  record = $state.raw<PortfolioRecord | undefined>(undefined);
  holdings = $state.raw<HoldingView[]>([]);
  portfolio = $state.raw<Portfolio | undefined>(undefined);
  loaded = $state(false);

  plan = $state.raw<RebalancePlan | undefined>(undefined);
  planError = $state.raw<RebalanceError | undefined>(undefined);
  planning = $state(false);
  progress = $state.raw<Progress | undefined>(undefined);
  planTimings = $state.raw<{ loadSolverMs: number; solveMs: number; totalMs: number } | undefined>(undefined);
  /** Currencies valued with a stored series' rate because the portfolio has no rate of its own. */
  fxFromSeries = $state.raw<Record<string, { rate: number; date: string; pair: string }>>({});
  /** Stored exchange rates that could fill the rate inputs, by currency. */
  storedFx = $state.raw<Record<string, { rate: number; date: string; pair: string }>>({});
  /** The last removed holding, kept for undo. */
  lastRemoved = $state.raw<HoldingSnapshot | undefined>(undefined);

  drift = $derived(this.portfolio ? computeDrift(this.portfolio) : undefined);
  /** Currencies used by holdings other than the base currency: each needs an FX rate. */
  foreignCurrencies = $derived(
    (this.portfolio?.holdings ?? [])
      .map((h) => h.currency)
      .filter((c, index, all) => c !== this.portfolio?.baseCurrency && all.indexOf(c) === index)
  );

  /** The learned policy's "rebalance now?" answer, with its record beside it. */
  advice = $state.raw<RebalanceAdvice | undefined>(undefined);
  adviceVerdict = $state.raw<ModelVerdict | undefined>(undefined);
  adviceError = $state<string | undefined>(undefined);
  advising = $state(false);

  private abort: AbortController | undefined;

  constructor(id: number) {
    this.id = id;
  }

  async load(): Promise<void> {
    const repos = await appRepositories();
    this.record = await repos.portfolios.get(this.id);
    this.holdings = this.record ? await repos.holdings.list(this.id) : [];
    this.portfolio = this.record ? await loadPortfolio(repos.db, this.id) : undefined;
    await this.loadStoredFx();
    this.loaded = true;
    if (this.record) await repos.settings.set('lastPortfolioId', this.id);
  }

  /**
   * The latest stored exchange rate into the base currency for each foreign currency (from
   * series imported as exchange rates). A currency without a rate of its own is valued with it,
   * and the page says so (pair and date); a rate the user entered always wins. A currency with
   * neither stays an explicit error: never a silent 1.0.
   */
  private async loadStoredFx(): Promise<void> {
    this.fxFromSeries = {};
    const base = this.record?.baseCurrency;
    if (!base) return;
    const repos = await appRepositories();
    const pairs = (await repos.prices.summaries()).filter((s) => s.kind === 'fx').map((s) => s.symbol);
    if (pairs.length === 0) return;
    const latest = latestPrices(await repos.prices.getMany(pairs));
    const found: Record<string, { rate: number; date: string; pair: string }> = {};
    for (const code of this.foreignCurrencies) {
      const rate = rateBetween(code, base, latest);
      if (rate) found[code] = rate;
    }
    this.storedFx = found;
    const portfolio = this.portfolio;
    if (!portfolio) return;
    const fromSeries = Object.fromEntries(Object.entries(found).filter(([code]) => !(portfolio.fxRates[code] > 0)));
    if (Object.keys(fromSeries).length === 0) return;
    this.fxFromSeries = fromSeries;
    this.portfolio = {
      ...portfolio,
      fxRates: { ...Object.fromEntries(Object.entries(fromSeries).map(([c, r]) => [c, r.rate])), ...portfolio.fxRates }
    };
  }

  /** Any change to the data makes an existing plan stale. */
  private async changed(): Promise<void> {
    this.plan = undefined;
    this.planError = undefined;
    await this.load();
  }

  private async apply(
    write: () => Promise<{ ok: true; value: unknown } | { ok: false; error: ValidationIssue[] }>
  ): Promise<Outcome> {
    const result = await guardStorage(write);
    if (!result.ok) return { ok: false, issues: result.error };
    await this.changed();
    return { ok: true };
  }

  async rename(name: string): Promise<Outcome> {
    const repos = await appRepositories();
    return this.apply(() => repos.portfolios.rename(this.id, name));
  }

  async setCash(cash: number): Promise<Outcome> {
    const repos = await appRepositories();
    return this.apply(() => repos.portfolios.setCash(this.id, cash));
  }

  async setFxRate(currency: string, rate: number): Promise<Outcome> {
    const repos = await appRepositories();
    return this.apply(() => repos.portfolios.setFxRate(this.id, currency, rate));
  }

  async saveHolding(holding: HoldingEdit, previousSymbol?: string): Promise<Outcome> {
    const repos = await appRepositories();
    return this.apply(() => repos.holdings.save(this.id, holding, previousSymbol));
  }

  async setTargets(targets: Record<string, number>, cashTarget: number): Promise<Outcome> {
    const repos = await appRepositories();
    return this.apply(() => repos.portfolios.setTargets(this.id, targets, cashTarget));
  }

  async removeHolding(symbol: string): Promise<Outcome> {
    const repos = await appRepositories();
    const removed = await guardStorage(() => repos.holdings.remove(this.id, symbol));
    if (!removed.ok) return { ok: false, issues: removed.error };
    this.lastRemoved = removed.value;
    await this.changed();
    return { ok: true };
  }

  async undoRemoveHolding(): Promise<void> {
    if (!this.lastRemoved) return;
    const repos = await appRepositories();
    await repos.holdings.restore(this.lastRemoved);
    this.lastRemoved = undefined;
    await this.changed();
  }

  /** The portfolio's tax lots as CSV, safe to open in a spreadsheet (no formula injection). */
  async lotsCsv(): Promise<{ name: string; text: string }> {
    const repos = await appRepositories();
    const rows = await lotsForExport(repos.db, this.id);
    const text = toCsv(
      [
        'account',
        'account kind',
        'symbol',
        'name',
        'asset class',
        'quantity',
        'cost basis',
        'acquired',
        'currency',
        'price',
        'target weight',
        'account currency'
      ],
      rows.map((r) => [
        r.account,
        r.accountKind,
        r.symbol,
        r.name,
        r.assetClass,
        r.quantity,
        r.costBasis,
        r.acquired,
        r.currency,
        r.price,
        r.targetWeight,
        r.accountCurrency
      ])
    );
    return { name: `${this.slug()}-lots.csv`, text };
  }

  private slug(): string {
    return (
      (this.record?.name ?? 'portfolio')
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase() || 'portfolio'
    );
  }

  /** The imported transactions as CSV in the import's own columns (so it reads back the same). */
  async transactionsCsv(): Promise<{ name: string; text: string; count: number }> {
    const repos = await appRepositories();
    const rows = await transactionsOf(repos.db, this.id);
    const text = transactionsCsv(rows);
    return { name: `${this.slug()}-transactions.csv`, text, count: rows.length };
  }

  /** Plans the rebalance in the worker; a second call while one runs cancels the first. */
  async planRebalance(): Promise<void> {
    if (!this.portfolio) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.planning = true;
    this.plan = undefined;
    this.planError = undefined;
    this.progress = { stage: 'starting', fraction: 0 };
    const started = performance.now();
    try {
      const outcome = await planRebalanceInWorker(this.portfolio, {
        signal: abort.signal,
        onProgress: (progress) => (this.progress = progress)
      });
      if (outcome.result.ok) this.plan = outcome.result.value;
      else this.planError = outcome.result.error;
      this.planTimings = { ...outcome.timings, totalMs: performance.now() - started };
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    } finally {
      if (this.abort === abort) {
        this.planning = false;
        this.progress = undefined;
        this.abort = undefined;
      }
    }
  }

  cancelPlan(): void {
    this.abort?.abort();
  }

  /**
   * Asks the learned policy whether to rebalance now. Advice only: it changes nothing. Uses the
   * holdings' stored price history for the market state when there is one, and the newest
   * executed plan for the time since the last trade.
   */
  async askPolicy(): Promise<void> {
    const drift = this.drift;
    if (!drift?.ok) return;
    this.advising = true;
    this.adviceError = undefined;
    try {
      const repos = await appRepositories();
      const symbols = drift.value.lines.flatMap((l) => (l.symbol ? [l.symbol] : []));
      const series = (await repos.prices.getMany(symbols)).filter((s) => s !== undefined);
      const prices = series.length > 0 ? alignSeries(series) : undefined;
      const executed = (await repos.plans.list(this.id)).filter((p) => p.status === 'executed');
      const last = executed.length > 0 ? Math.max(...executed.map((p) => p.createdAt)) : undefined;
      // A model of the user's own replaces ours when chosen on the Signals page.
      const [policy, regimes] = await Promise.all([activeModel('policy'), activeModel('regimes')]);
      const [advice, verdict] = await Promise.all([
        adviseForPortfolio(
          {
            weights: drift.value.lines.map((l) => l.weight),
            targets: drift.value.lines.map((l) => l.targetWeight),
            ...(prices ? { prices } : {}),
            ...(last !== undefined ? { yearsSinceTrade: (Date.now() - last) / (365.25 * 86_400_000) } : {})
          },
          { policy: policy.ref, regimes: regimes.ref }
        ),
        verdictFor('policy', policy)
      ]);
      this.advice = advice;
      this.adviceVerdict = verdict;
    } catch (error) {
      this.adviceError = `The policy could not answer: ${(error as Error).message}`;
    } finally {
      this.advising = false;
    }
  }
}
