/**
 * Dates as files write them: ISO (2024-03-01), D/M/Y, M/D/Y and Y/M/D with "/", "." or "-".
 * The format is decided once per file; when both D/M/Y and M/D/Y read every date (all days ≤ 12)
 * the file is ambiguous and the caller must ask, never guess.
 */

export type DateFormat = 'iso' | 'dmy' | 'mdy' | 'ymd';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;
const SLASHED = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/;

function valid(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const fullYear = (y: number, digits: number) => (digits <= 2 ? (y < 70 ? 2000 + y : 1900 + y) : y);

/** Reads one cell in a format; undefined when it is not a valid date in that format. */
export function parseDateCell(raw: string, format: DateFormat): string | undefined {
  const cell = raw.trim();
  if (format === 'iso') {
    const m = ISO.exec(cell);
    return m ? valid(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  }
  const m = SLASHED.exec(cell);
  if (!m) return undefined;
  const [a, b, c] = [m[1], m[2], m[3]];
  if (format === 'ymd') return a.length === 4 ? valid(Number(a), Number(b), Number(c)) : undefined;
  if (c.length !== 4 && c.length !== 2) return undefined;
  const year = fullYear(Number(c), c.length);
  return format === 'dmy' ? valid(year, Number(b), Number(a)) : valid(year, Number(a), Number(b));
}

export type DateDetection = { format: DateFormat } | { ambiguous: DateFormat[] } | { unknown: true };

/** The formats that read every sample cell; exactly one wins, several are ambiguous. */
export function detectDateFormat(cells: string[]): DateDetection {
  const sample = cells.filter((c) => c.trim() !== '').slice(0, 2000);
  const fits = (['iso', 'ymd', 'dmy', 'mdy'] as DateFormat[]).filter(
    (format) => sample.length > 0 && sample.every((cell) => parseDateCell(cell, format) !== undefined)
  );
  if (fits.includes('iso')) return { format: 'iso' };
  if (fits.length === 1) return { format: fits[0] };
  if (fits.length > 1) return { ambiguous: fits };
  // No format reads every cell: take the one that reads the most, so the bad cells can be named.
  let best: DateFormat = 'iso';
  let bestCount = -1;
  for (const format of ['iso', 'ymd', 'dmy', 'mdy'] as DateFormat[]) {
    const count = sample.filter((cell) => parseDateCell(cell, format) !== undefined).length;
    if (count > bestCount) {
      best = format;
      bestCount = count;
    }
  }
  return bestCount > 0 ? { format: best } : { unknown: true };
}
