import { describe, expect, it } from 'vitest';
import { bandBreaches, bandEdges, decide, nextDueDate } from '$lib/core/policies/triggers';

describe('rebalancing triggers', () => {
  it('finds the next calendar date, keeping month ends', () => {
    expect(nextDueDate('2026-01-31', 'monthly')).toBe('2026-02-28');
    expect(nextDueDate('2024-01-31', 'monthly')).toBe('2024-02-29');
    expect(nextDueDate('2026-11-25', 'quarterly')).toBe('2027-02-25');
    expect(nextDueDate('2024-02-29', 'annually')).toBe('2025-02-28');
  });

  it('uses the tighter of absolute and relative bands (5/25)', () => {
    const wide = bandEdges(0.6, { absolute: 0.05, relative: 0.25 });
    expect(wide.lower).toBeCloseTo(0.55, 12);
    expect(wide.upper).toBeCloseTo(0.65, 12);
    const small = bandEdges(0.1, { absolute: 0.05, relative: 0.25 });
    expect(small.lower).toBeCloseTo(0.075, 12);
    expect(small.upper).toBeCloseTo(0.125, 12);
    const breaches = bandBreaches(
      [
        { name: 'equity', weight: 0.67, target: 0.6 },
        { name: 'gold', weight: 0.07, target: 0.1 },
        { name: 'bonds', weight: 0.26, target: 0.3 }
      ],
      { absolute: 0.05, relative: 0.25 }
    );
    expect(breaches.map((b) => [b.name, Math.round(b.by * 1e9) / 1e9])).toEqual([
      ['equity', 0.02],
      ['gold', 0.005]
    ]);
  });

  it('decides for calendar, bands and hybrid policies', () => {
    const lines = [{ name: 'A', weight: 0.7, target: 0.6 }];
    const calm = [{ name: 'A', weight: 0.61, target: 0.6 }];
    expect(decide({ kind: 'calendar', frequency: 'quarterly' }, '2026-03-31', '2026-01-15', calm).trade).toBe(false);
    expect(decide({ kind: 'calendar', frequency: 'quarterly' }, '2026-04-15', '2026-01-15', calm).trade).toBe(true);
    expect(decide({ kind: 'bands', bands: { absolute: 0.05 } }, '2026-01-16', '2026-01-15', lines).trade).toBe(true);
    const hybrid = { kind: 'hybrid' as const, frequency: 'monthly' as const, bands: { absolute: 0.05 } };
    expect(decide(hybrid, '2026-01-20', '2026-01-15', lines).trade).toBe(false);
    expect(decide(hybrid, '2026-02-15', '2026-01-15', calm).trade).toBe(false);
    const due = decide(hybrid, '2026-02-15', '2026-01-15', lines);
    expect([due.trade, due.due?.nextDue, due.breaches.length]).toEqual([true, '2026-02-15', 1]);
    expect(decide(hybrid, '2026-02-15', null, lines).due).toEqual({ nextDue: '2026-02-15', reached: true });
  });
});
