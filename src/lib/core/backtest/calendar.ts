/**
 * Calendar periods of bars: a rule or a cash-flow schedule acts on the first bar of each new
 * week (weeks start on Monday), month, quarter or year.
 */
export type CalendarPeriod = 'week' | 'month' | 'quarter' | 'year';

export function periodKey(date: string, period: CalendarPeriod): string {
  const [y, m] = date.split('-').map(Number);
  if (period === 'year') return `${y}`;
  if (period === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
  if (period === 'month') return date.slice(0, 7);
  // A week is named by its Monday.
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/** True on the first bar of a new period (`previous` is the bar before's date). */
export const startsPeriod = (date: string, previous: string, period: CalendarPeriod): boolean =>
  periodKey(date, period) !== periodKey(previous, period);
