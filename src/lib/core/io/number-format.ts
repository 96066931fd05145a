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

/**
 * The common cell — an optional minus, digits, and at most one decimal separator followed by
 * digits — read without regular expressions (an import reads millions of them). Anything else
 * returns undefined and takes the strict general path below, which accepts the same cells.
 */
function plainNumber(text: string, start: number, end: number, separator: number): number | undefined {
  const n = end - start;
  if (n <= 0 || n > 24) return undefined;
  const negative = text.charCodeAt(start) === 45;
  let i = negative ? start + 1 : start;
  const digitsStart = i;
  let separatorAt = -1;
  let mantissa = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      if (mantissa > 0 || digits > 0) digits++;
      continue;
    }
    if (c === separator && separatorAt < 0) {
      separatorAt = i;
      continue;
    }
    return undefined;
  }
  // Digits on both sides of the separator ("1." and ".5" are left to the general path).
  if (separatorAt === digitsStart || separatorAt === end - 1 || end === digitsStart) return undefined;
  // Up to 15 significant digits the integer mantissa is exact, and so is 10^k for k ≤ 22: one
  // correctly rounded division then gives exactly what Number(text) gives (Clinger's fast path).
  const scale = separatorAt < 0 ? 0 : end - 1 - separatorAt;
  if (digits > 15 || scale > 22) {
    const cell = text.slice(start, end);
    if (separator !== 44 || separatorAt < 0) return Number(cell);
    const at = separatorAt - start;
    return Number(`${cell.slice(0, at)}.${cell.slice(at + 1)}`);
  }
  const value = scale === 0 ? mantissa : mantissa / POWERS_OF_TEN[scale];
  return negative ? -value : value;
}

/** parseNumberCell on text[start, end) — without creating a string for the common cell. */
export function parseNumberRange(
  text: string,
  start: number,
  end: number,
  decimal: DecimalSeparator
): number | undefined {
  const plain = plainNumber(text, start, end, decimal === ',' ? 44 : 46);
  return plain !== undefined ? plain : parseNumberCell(text.slice(start, end), decimal);
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Parses one cell; returns NaN for an empty cell and undefined for one that is not a number. */
export function parseNumberCell(raw: string, decimal: DecimalSeparator): number | undefined {
  const plain = plainNumber(raw, 0, raw.length, decimal === ',' ? 44 : 46);
  if (plain !== undefined) return plain;
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
