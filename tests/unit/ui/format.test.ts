import { describe, expect, it } from 'vitest';
import { money, parseNumber, percentage, points } from '$lib/ui/format';

describe('display formatting', () => {
  it('signs percentage points from the rounded figure', () => {
    expect(points(0.015)).toBe('+1.5 pp');
    expect(points(-0.024)).toBe('−2.4 pp');
    expect(points(-0.00001)).toBe('±0.0 pp');
    expect(points(0)).toBe('±0.0 pp');
  });

  it('formats money and percentages', () => {
    expect(money(1909.2, 'USD')).toBe('$1,909.20');
    expect(money(-5, 'EUR')).toBe('-€5.00');
    expect(percentage(0.0373, 2)).toBe('3.73 %');
  });

  it('parses typed numbers: empty is null, thousands separators are dropped, junk is NaN', () => {
    expect(parseNumber('  ')).toBeNull();
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('abc')).toBeNaN();
  });
});
