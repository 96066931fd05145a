/**
 * When a backtested strategy rebalances, decided at a bar's close from what it can see then:
 * never (buy and hold), on the first bar of each calendar week, month, quarter or year after the
 * start, or when any weight is further than a band from its target.
 */
import type { BarHistory } from './bar-history';
import type { RebalanceRule } from './engine';
import { startsPeriod, type CalendarPeriod } from './calendar';

export type { CalendarPeriod };

export const NEVER: RebalanceRule = { name: 'never', shouldRebalance: () => false };

/** The first bar of each new calendar period. */
export function calendarRule(period: CalendarPeriod): RebalanceRule {
  return {
    name: `every ${period}`,
    shouldRebalance: (history: BarHistory) =>
      history.now > 0 && startsPeriod(history.date(), history.date(history.now - 1), period)
  };
}

/** Any weight further than `absolute` (weight) or `relative` (share of its target) from its target. */
export function bandRule(bands: { absolute?: number; relative?: number }): RebalanceRule {
  return {
    name: 'bands',
    shouldRebalance: (history, weights, targets) => {
      for (let j = 0; j < targets.length; j++) {
        // An asset without data yet cannot be bought: its gap is not a breach.
        if (targets[j] > 0 && !Number.isFinite(history.price(j))) continue;
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

/** Every `bars` bars after the last rebalance (or the start). */
export function everyBarsRule(bars: number): RebalanceRule {
  return {
    name: `every ${bars} bars`,
    shouldRebalance: (history, _weights, _targets, lastRebalance) => history.now - lastRebalance >= bars
  };
}

/** Hybrid: look at the bands only on the first bar of each calendar period. */
export function hybridRule(period: CalendarPeriod, bands: { absolute?: number; relative?: number }): RebalanceRule {
  const calendar = calendarRule(period);
  const band = bandRule(bands);
  return {
    name: `bands checked every ${period}`,
    shouldRebalance: (history, weights, targets, last) =>
      calendar.shouldRebalance(history, weights, targets, last) && band.shouldRebalance(history, weights, targets, last)
  };
}

/**
 * A signal as the trigger: rebalance when the assets a selection step would pick now differ
 * from those the current targets hold (top-N by momentum changing its members, say).
 */
export function selectionChangeRule(
  choose: (history: BarHistory, universe: readonly number[]) => number[],
  universe: readonly number[]
): RebalanceRule {
  return {
    name: 'selection changed',
    shouldRebalance: (history, _weights, targets) => {
      const picked = choose(history, universe);
      if (picked.length === 0) return false;
      const held = universe.filter((j) => targets[j] > 0);
      return picked.length !== held.length || picked.some((j) => !held.includes(j));
    }
  };
}
