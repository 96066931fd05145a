/**
 * When a backtested strategy rebalances, decided at a bar's close from what it can see then:
 * never (buy and hold), on the first bar of each calendar week, month, quarter or year after the
 * start, or when any weight is further than a band from its target.
 */
import type { BarHistory } from './bar-history';
import type { RebalanceRule } from './engine';

export type CalendarPeriod = 'week' | 'month' | 'quarter' | 'year';

export const NEVER: RebalanceRule = { name: 'never', shouldRebalance: () => false };

function periodKey(date: string, period: CalendarPeriod): string {
  const [y, m] = date.split('-').map(Number);
  if (period === 'year') return `${y}`;
  if (period === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
  if (period === 'month') return date.slice(0, 7);
  // A week is named by its Monday.
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/** The first bar of each new calendar period. */
export function calendarRule(period: CalendarPeriod): RebalanceRule {
  return {
    name: `every ${period}`,
    shouldRebalance: (history: BarHistory) =>
      history.now > 0 && periodKey(history.date(), period) !== periodKey(history.date(history.now - 1), period)
  };
}

/** Any weight further than `absolute` (weight) or `relative` (share of its target) from its target. */
export function bandRule(bands: { absolute?: number; relative?: number }): RebalanceRule {
  return {
    name: 'bands',
    shouldRebalance: (_history, weights, targets) => {
      for (let j = 0; j < targets.length; j++) {
        const widths = [bands.absolute, bands.relative !== undefined ? bands.relative * targets[j] : undefined].filter(
          (x): x is number => x !== undefined
        );
        const width = widths.length > 0 ? Math.min(...widths) : Infinity;
        if (Math.abs(weights[j] - targets[j]) > width + 1e-12) return true;
      }
      return false;
    }
  };
}
