/**
 * Expected-return configs as plain data, and one dispatcher.
 */
import type { ReturnTable } from '../../returns/return-table';
import { capmReturn } from './capm';
import { emaHistoricalReturn } from './ema-historical';
import { meanHistoricalReturn } from './mean-historical';

export type ExpectedReturnsConfig =
  | { kind: 'cagr' }
  | { kind: 'mean' }
  | { kind: 'ema'; span?: number; compounding?: boolean }
  | { kind: 'capm'; riskFreeRate?: number; compounding?: boolean; market?: Float64Array };

export const EXPECTED_RETURN_KINDS = ['cagr', 'mean', 'ema', 'capm'] as const;

export function expectedReturns(config: ExpectedReturnsConfig, returns: ReturnTable, frequency = 252): Float64Array {
  switch (config.kind) {
    case 'cagr':
      return meanHistoricalReturn(returns, { compounding: true, frequency });
    case 'mean':
      return meanHistoricalReturn(returns, { compounding: false, frequency });
    case 'ema':
      return emaHistoricalReturn(returns, { span: config.span, compounding: config.compounding, frequency });
    case 'capm':
      return capmReturn(returns, {
        riskFreeRate: config.riskFreeRate,
        compounding: config.compounding,
        market: config.market,
        frequency
      });
  }
}
