/**
 * The data sets shipped under static/data, with what the Data and Optimize pages show about them
 * and how "create a demo portfolio" reads each one. Checked against the files by a unit test.
 */
import type { DemoSpec } from '../core/portfolio/demo-from-prices';

export interface DemoDataset {
  id: string;
  title: string;
  file: string;
  source: string;
  licence: string;
  frequency: 'daily' | 'monthly';
  /** Periods per year, for annualising estimates. */
  periodsPerYear: number;
  from: string;
  to: string;
  assets: number;
  /** How "create a demo portfolio" reads this data set. */
  demo: DemoSpec;
}

const SP500 = [
  'AAPL',
  'AMD',
  'BAC',
  'BBY',
  'CVX',
  'GE',
  'HD',
  'JNJ',
  'JPM',
  'KO',
  'LLY',
  'MRK',
  'MSFT',
  'PEP',
  'PFE',
  'PG',
  'RRC',
  'UNH',
  'WMT',
  'XOM'
];

export const DEMO_DATASETS: DemoDataset[] = [
  {
    id: 'skfolio-factors',
    title: 'Five iShares factor ETFs, daily, 2014–2022',
    file: '/data/skfolio/factors_dataset.csv.gz',
    source: 'skfolio (BSD 3-Clause)',
    licence: '/data/skfolio/LICENSE.txt',
    frequency: 'daily',
    periodsPerYear: 252,
    from: '2014-01-02',
    to: '2022-12-28',
    assets: 5,
    demo: {
      name: 'Demo: factor ETFs',
      baseCurrency: 'USD',
      budget: 100_000,
      assets: [
        { column: 'MTUM', name: 'iShares MSCI USA Momentum Factor', assetClass: 'equity', currency: 'USD' },
        { column: 'QUAL', name: 'iShares MSCI USA Quality Factor', assetClass: 'equity', currency: 'USD' },
        { column: 'SIZE', name: 'iShares MSCI USA Size Factor', assetClass: 'equity', currency: 'USD' },
        { column: 'USMV', name: 'iShares MSCI USA Min Vol Factor', assetClass: 'equity', currency: 'USD' },
        { column: 'VLUE', name: 'iShares MSCI USA Value Factor', assetClass: 'equity', currency: 'USD' }
      ]
    }
  },
  {
    id: 'skfolio-sp500',
    title: '20 US large caps, daily, 1990–2022',
    file: '/data/skfolio/sp500_dataset.csv.gz',
    source: 'skfolio (BSD 3-Clause)',
    licence: '/data/skfolio/LICENSE.txt',
    frequency: 'daily',
    periodsPerYear: 252,
    from: '1990-01-02',
    to: '2022-12-28',
    assets: 20,
    demo: {
      name: 'Demo: 20 US large caps',
      baseCurrency: 'USD',
      budget: 100_000,
      assets: SP500.map((column) => ({ column, name: column, assetClass: 'equity' as const, currency: 'USD' }))
    }
  },
  {
    id: 'fportfolio-econ85long',
    title: 'Swiss multi-asset with gold, monthly, 1984–2010',
    file: '/data/gpl/fportfolio/econ85long.csv',
    source: 'R package fPortfolio (GPL ≥ 2)',
    licence: '/data/gpl/fportfolio/README.md',
    frequency: 'monthly',
    periodsPerYear: 12,
    from: '1984-12-31',
    to: '2010-03-31',
    assets: 18,
    demo: {
      name: 'Demo: Swiss multi-asset (CHF)',
      baseCurrency: 'CHF',
      budget: 100_000,
      fxColumns: { USD: 'USD.CHF' },
      assets: [
        { column: 'SPI85', name: 'Swiss equities (SPI)', assetClass: 'equity', currency: 'CHF' },
        { column: 'SBI85', name: 'Swiss bonds (SBI)', assetClass: 'bond', currency: 'CHF' },
        { column: 'SXI85', name: 'Swiss real estate', assetClass: 'real-estate', currency: 'CHF' },
        { column: 'MSCIW.USD', name: 'MSCI World (USD)', assetClass: 'equity', currency: 'USD' },
        { column: 'GOLDFIX.USD', name: 'Gold fixing (USD)', assetClass: 'commodity', currency: 'USD' }
      ]
    }
  }
];
