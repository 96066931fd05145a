/**
 * When a rebalancing policy says "trade now": on a calendar (monthly, quarterly, annually; the
 * next due date follows the last rebalance), when a band is breached (absolute percentage points
 * or relative to the target, per holding or per asset class), or both (hybrid: the calendar
 * decides when to look, the bands whether to trade). Pure date arithmetic and comparisons; the
 * planner decides what to trade.
 */

export type Frequency = 'monthly' | 'quarterly' | 'annually';

const MONTHS: Record<Frequency, number> = { monthly: 1, quarterly: 3, annually: 12 };

/** The date one period after `last` (month ends stay month ends: 31 Jan → 28/29 Feb). */
export function nextDueDate(last: string, frequency: Frequency): string {
  const [year, month, day] = last.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + MONTHS[frequency], 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

export interface Bands {
  /** Allowed distance from target in weight (0.05 = 5 percentage points). */
  absolute?: number;
  /** Allowed distance as a share of the target (0.25 = ±25 % of it). */
  relative?: number;
}

export interface BandLine {
  /** A holding's symbol or an asset class. */
  name: string;
  weight: number;
  target: number;
}

export interface BandBreach {
  name: string;
  weight: number;
  target: number;
  /** The band edges the line is outside of. */
  lower: number;
  upper: number;
  /** How far outside, in weight (positive). */
  by: number;
}

/**
 * The band of a target: the narrower of the absolute and the relative band when both are given
 * (the common "5/25" rule: 5 points or 25 % of the target, whichever is tighter).
 */
export function bandEdges(target: number, bands: Bands): { lower: number; upper: number } {
  const widths = [bands.absolute, bands.relative !== undefined ? bands.relative * target : undefined].filter(
    (w): w is number => w !== undefined
  );
  const width = widths.length > 0 ? Math.min(...widths) : Number.POSITIVE_INFINITY;
  return { lower: Math.max(0, target - width), upper: target + width };
}

export function bandBreaches(lines: BandLine[], bands: Bands): BandBreach[] {
  const breaches: BandBreach[] = [];
  for (const line of lines) {
    const { lower, upper } = bandEdges(line.target, bands);
    const by = line.weight > upper ? line.weight - upper : line.weight < lower ? lower - line.weight : 0;
    if (by > 1e-12) breaches.push({ ...line, lower, upper, by });
  }
  return breaches;
}

export type Trigger =
  | { kind: 'calendar'; frequency: Frequency }
  | { kind: 'bands'; bands: Bands }
  | { kind: 'hybrid'; frequency: Frequency; bands: Bands };

export interface TriggerDecision {
  trade: boolean;
  /** Why, in data: due date reached or not, and the bands breached. */
  due?: { nextDue: string; reached: boolean };
  breaches: BandBreach[];
}

/** Whether the policy trades on `today`, given the last rebalance and the current lines. */
export function decide(
  trigger: Trigger,
  today: string,
  lastRebalance: string | null,
  lines: BandLine[]
): TriggerDecision {
  const due =
    trigger.kind === 'bands'
      ? undefined
      : lastRebalance === null
        ? { nextDue: today, reached: true }
        : (() => {
            const nextDue = nextDueDate(lastRebalance, trigger.frequency);
            return { nextDue, reached: today >= nextDue };
          })();
  const breaches = trigger.kind === 'calendar' ? [] : bandBreaches(lines, trigger.bands);
  const trade =
    trigger.kind === 'calendar'
      ? due!.reached
      : trigger.kind === 'bands'
        ? breaches.length > 0
        : due!.reached && breaches.length > 0;
  return { trade, ...(due ? { due } : {}), breaches };
}
