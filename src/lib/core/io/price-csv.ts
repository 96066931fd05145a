/**
 * Wide price CSV → `PriceTable`: the first column is a date, then one column per asset; an empty
 * cell is a missing price. Every problem names the line and the column.
 */
import { err, ok, type Result } from '../result';
import type { PriceTable } from '../returns/return-table';

export type CsvError =
  | { code: 'empty-file' }
  | { code: 'no-assets'; line: number }
  | { code: 'duplicate-asset'; line: number; column: string }
  | { code: 'wrong-field-count'; line: number; expected: number; found: number }
  | { code: 'bad-number'; line: number; column: string; value: string }
  | { code: 'bad-date'; line: number; value: string }
  | { code: 'dates-out-of-order'; line: number; date: string; previous: string }
  | { code: 'duplicate-date'; line: number; date: string };

/** Splits one CSV line; handles double-quoted fields with doubled quotes inside. */
export function splitCsvLine(line: string, delimiter = ','): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

export function parseWidePriceCsv(text: string): Result<PriceTable, CsvError> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) return err({ code: 'empty-file' });
  const header = splitCsvLine(lines[0]).map((name) => name.trim());
  const assets = header.slice(1);
  if (assets.length === 0) return err({ code: 'no-assets', line: 1 });
  const seen = new Set<string>();
  for (const asset of assets) {
    if (seen.has(asset)) return err({ code: 'duplicate-asset', line: 1, column: asset });
    seen.add(asset);
  }
  const dates: string[] = [];
  const values = new Float64Array((lines.length - 1) * assets.length);
  let row = 0;
  for (let index = 1; index < lines.length; index++) {
    const lineNumber = index + 1;
    if (lines[index].trim() === '') continue;
    const fields = splitCsvLine(lines[index]);
    if (fields.length !== header.length) {
      return err({ code: 'wrong-field-count', line: lineNumber, expected: header.length, found: fields.length });
    }
    const date = fields[0].trim();
    if (!ISO_DATE.test(date)) return err({ code: 'bad-date', line: lineNumber, value: date });
    const isoDate = date.slice(0, 10);
    const previous = dates[dates.length - 1];
    if (previous !== undefined) {
      if (isoDate === previous) return err({ code: 'duplicate-date', line: lineNumber, date: isoDate });
      if (isoDate < previous) return err({ code: 'dates-out-of-order', line: lineNumber, date: isoDate, previous });
    }
    dates.push(isoDate);
    for (let j = 0; j < assets.length; j++) {
      const cell = fields[j + 1].trim();
      if (cell === '' || cell === 'NaN' || cell === 'nan' || cell === 'NA') {
        values[row * assets.length + j] = Number.NaN;
        continue;
      }
      const value = Number(cell);
      if (!Number.isFinite(value)) return err({ code: 'bad-number', line: lineNumber, column: assets[j], value: cell });
      values[row * assets.length + j] = value;
    }
    row++;
  }
  return ok({ assets, dates, values: values.slice(0, row * assets.length) });
}
