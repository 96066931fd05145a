/**
 * The first-run demo: a six-fund multi-asset portfolio a new user can rebalance within seconds.
 * Quantities and prices are illustrative round figures, not market quotes; the data issue ships
 * real price histories.
 */
import type { Portfolio } from '../core/portfolio/types';

export const SIX_FUND_DEMO: Portfolio = {
  name: 'Demo: six-fund multi-asset',
  baseCurrency: 'USD',
  cash: 2500,
  cashTarget: 0.02,
  fxRates: {},
  holdings: [
    {
      symbol: 'VTI',
      name: 'US total stock market ETF',
      assetClass: 'equity',
      quantity: 120,
      price: 285.4,
      currency: 'USD',
      targetWeight: 0.35,
      lotSize: 1
    },
    {
      symbol: 'VXUS',
      name: 'International stock ETF',
      assetClass: 'equity',
      quantity: 300,
      price: 62.15,
      currency: 'USD',
      targetWeight: 0.2,
      lotSize: 1
    },
    {
      symbol: 'BND',
      name: 'US total bond market ETF',
      assetClass: 'bond',
      quantity: 250,
      price: 72.8,
      currency: 'USD',
      targetWeight: 0.2,
      lotSize: 1
    },
    {
      symbol: 'VTIP',
      name: 'Short-term inflation-protected bond ETF',
      assetClass: 'bond',
      quantity: 180,
      price: 48.9,
      currency: 'USD',
      targetWeight: 0.1,
      lotSize: 1
    },
    {
      symbol: 'VNQ',
      name: 'US real estate ETF',
      assetClass: 'real-estate',
      quantity: 60,
      price: 88.3,
      currency: 'USD',
      targetWeight: 0.08,
      lotSize: 1
    },
    {
      symbol: 'IAU',
      name: 'Gold trust',
      assetClass: 'commodity',
      quantity: 150,
      price: 41.2,
      currency: 'USD',
      targetWeight: 0.05,
      lotSize: 1
    }
  ]
};
