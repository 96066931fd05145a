/**
 * Numbers as people write them: "1234.5", "1,234.50", "1.234,50", "1 234,5", "(12.5)" for
 * negatives. The decimal separator is decided once per file from a sample (never per cell, so
 * "1,234" cannot mean 1.234 in one row and 1234 in the next), and every cell is then parsed
 * strictly: anything else is an error, not a guess.
 */

export type DecimalSeparator = '.' | ',';

/** Decides the decimal separator from sample cells: a comma is decimal only if no cell says otherwise. */
export function detectDecimalSeparator(cells: string[]): DecimalSeparator {
  let commaDecimal = 0;
  let dotDecimal = 0;
  for (const raw of cells) {
    const cell = raw.trim();
    if (/^-?\d{1,3}(\.\d{3})+,\d+$/.test(cell) || /^-?\d+,\d{1,2}$/.test(cell) || /^-?\d+,\d{4,}$/.test(cell))
      commaDecimal++;
    if (/^-?\d{1,3}(,\d{3})+\.\d+$/.test(cell) || /^-?\d+\.\d+$/.test(cell)) dotDecimal++;
  }
  return commaDecimal > 0 && dotDecimal === 0 ? ',' : '.';
}

/** Parses one cell; returns NaN for an empty cell and undefined for one that is not a number. */
export function parseNumberCell(raw: string, decimal: DecimalSeparator): number | undefined {
  let cell = raw.trim();
  if (cell === '' || cell === 'NA' || cell === 'NaN' || cell === 'nan' || cell === 'null') return Number.NaN;
  let negative = false;
  if (cell.startsWith('(') && cell.endsWith(')')) {
    negative = true;
    cell = cell.slice(1, -1);
  }
  const thousands = decimal === ',' ? /[.\s\u00a0']/g : /[,\s\u00a0']/g;
  const pattern =
    decimal === ','
      ? /^[-+]?(\d{1,3}([.\s\u00a0']\d{3})+|\d+)(,\d+)?([eE][-+]?\d+)?$/
      : /^[-+]?(\d{1,3}([,\s\u00a0']\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?$|^[-+]?\.\d+$/;
  if (!pattern.test(cell)) return undefined;
  let normalised = cell.replace(thousands, '');
  if (decimal === ',') normalised = normalised.replace(',', '.');
  const value = Number(normalised);
  if (!Number.isFinite(value)) return undefined;
  return negative ? -value : value;
}
