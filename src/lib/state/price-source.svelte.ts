/**
 * The opt-in price source on the Data page: its settings (off by default), one fetch at a time
 * for a symbol and date range, the one-time approval of each new host, and the network log.
 * Fetched prices are checked like an imported file and stored only when they pass.
 */
import { readPriceText } from '../core/io/check-prices';
import { parsePriceJson } from '../core/io/price-json';
import { isoDate, type PriceSeries } from '../core/prices/price-series';
import { describeCheckIssue, describeSourceFailure } from '../messages/en';
import { fetchFromSource, sourceUrl, type NetworkLogEntry, type PriceSourceConfig } from '../net/price-source';
import { appRepositories } from './database';

const LOG_LIMIT = 200;

export class PriceSourceState {
  config = $state<PriceSourceConfig>({ enabled: false, template: '', format: 'csv', approvedHosts: [] });
  log = $state.raw<NetworkLogEntry[]>([]);
  symbol = $state('');
  from = $state('2015-01-01');
  to = $state(isoDate(Math.floor(Date.now() / 86_400_000)));
  busy = $state(false);
  /** A host waiting for the user's yes before the first request to it. */
  pendingHost = $state<string | undefined>(undefined);
  message = $state<string | undefined>(undefined);
  error = $state<string | undefined>(undefined);

  constructor(private readonly stored: () => Promise<void>) {}

  async load(): Promise<void> {
    const settings = (await appRepositories()).settings;
    this.config = await settings.get('priceSource');
    this.log = await settings.get('networkLog');
  }

  async saveConfig(): Promise<void> {
    const checked = this.config.template ? sourceUrl(this.config.template, 'TEST', this.from, this.to) : undefined;
    this.error = checked && !checked.ok ? describeSourceFailure(checked.error) : undefined;
    await (await appRepositories()).settings.set('priceSource', $state.snapshot(this.config));
  }

  async setEnabled(enabled: boolean): Promise<void> {
    this.config.enabled = enabled;
    this.pendingHost = undefined;
    await this.saveConfig();
  }

  /** The user said yes to a host: remember it and make the request that was waiting. */
  async approve(): Promise<void> {
    if (!this.pendingHost) return;
    this.config.approvedHosts = [...this.config.approvedHosts, this.pendingHost];
    this.pendingHost = undefined;
    await this.saveConfig();
    await this.fetchPrices();
  }

  async fetchPrices(): Promise<void> {
    const symbol = this.symbol.trim().toUpperCase();
    this.message = undefined;
    this.error = undefined;
    if (!symbol) {
      this.error = 'Enter the symbol to fetch.';
      return;
    }
    this.busy = true;
    try {
      const repos = await appRepositories();
      const fetched = await fetchFromSource(
        $state.snapshot(this.config),
        { symbol, from: this.from, to: this.to },
        (entry) => {
          this.log = [...this.log, entry].slice(-LOG_LIMIT);
          void repos.settings.set('networkLog', this.log);
        }
      );
      if (!fetched.ok) {
        if (fetched.error.code === 'needs-approval') this.pendingHost = fetched.error.host;
        else this.error = describeSourceFailure(fetched.error);
        return;
      }
      const { text, host } = fetched.value;
      const series = this.parse(text, symbol);
      if (typeof series === 'string') {
        this.error = `The source's answer for ${symbol} was not stored: ${series}`;
        return;
      }
      await repos.prices.putMany([series], { source: `price source ${host}` });
      this.message = `Stored ${series.days.length} prices of ${symbol} from ${host}.`;
      await this.stored();
    } finally {
      this.busy = false;
    }
  }

  private parse(text: string, symbol: string): PriceSeries | string {
    if (this.config.format === 'json') {
      const parsed = parsePriceJson(text, symbol);
      return parsed.ok ? parsed.value : parsed.error;
    }
    const { report, series } = readPriceText(text, { collect: true });
    if (!report.ok) {
      const first = report.errors[0];
      return `line ${first.line}${first.column ? `, ${first.column}` : ''}: ${describeCheckIssue(first)}`;
    }
    // A one-series answer ("date,close") is the requested symbol; a long file is filtered to it.
    const found = series.length === 1 ? series[0] : series.find((s) => s.symbol.toUpperCase() === symbol);
    return found ? { ...found, symbol } : `it holds no prices for ${symbol}.`;
  }

  async clearLog(): Promise<void> {
    this.log = [];
    await (await appRepositories()).settings.set('networkLog', []);
  }
}
