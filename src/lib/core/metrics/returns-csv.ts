/**
 * A CSV of (date, return) rows — the input of `npx keel metrics` — read with every problem named
 * by its line. A header row is optional; an empty return is a missing value (NaN).
 */
import { err, ok, type Result } from '../result';

export interface ReturnSeries {
  dates: string[];
  returns: Float64Array;
}

export type ReturnsCsvError =
  | { code: 'empty-file' }
  | { code: 'bad-row'; line: number; reason: 'fields' | 'date' | 'number' | 'order'; value: string };

export function readReturnsCsv(text: string): Result<ReturnSeries, ReturnsCsvError> {
  const lines = text.split(/\r?\n/);
  const dates: string[] = [];
  const values: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split(/[,;\t]/).map((f) => f.trim().replace(/^"|"$/g, ''));
    if (fields.length < 2) return err({ code: 'bad-row', line: i + 1, reason: 'fields', value: line });
    const [date, value] = fields;
    if (dates.length === 0 && values.length === 0 && Number.isNaN(Number(value)) && !/^\d{4}-\d{2}-\d{2}$/.test(date))
      continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return err({ code: 'bad-row', line: i + 1, reason: 'date', value: date });
    if (dates.length > 0 && date <= dates[dates.length - 1])
      return err({ code: 'bad-row', line: i + 1, reason: 'order', value: date });
    const number = value === '' || /^nan$/i.test(value) ? Number.NaN : Number(value);
    if (value !== '' && !/^nan$/i.test(value) && !Number.isFinite(number))
      return err({ code: 'bad-row', line: i + 1, reason: 'number', value });
    dates.push(date);
    values.push(number);
  }
  if (dates.length === 0) return err({ code: 'empty-file' });
  return ok({ dates, returns: Float64Array.from(values) });
}

/** The benchmark's returns on the dates of `series` (NaN where it has none). */
export function alignTo(series: ReturnSeries, other: ReturnSeries): Float64Array {
  const byDate = new Map(other.dates.map((d, i) => [d, other.returns[i]]));
  return Float64Array.from(series.dates, (d) => byDate.get(d) ?? Number.NaN);
}
