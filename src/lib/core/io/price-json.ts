/**
 * Prices from a JSON price source, in the shapes such endpoints commonly return:
 * `[{"date": "2024-01-02", "close": 10.5}, …]`, the same under a `prices` or `data` key, or
 * `{"dates": [...], "closes": [...]}`. Every entry is checked; the first problem is named.
 */
import { err, ok, type Result } from '../result';
import { dayNumber, type PriceSeries } from '../prices/price-series';

export function parsePriceJson(text: string, symbol: string): Result<PriceSeries, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return err('The answer is not valid JSON.');
  }
  const record = (value: unknown) =>
    value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  let pairs: [unknown, unknown][] | undefined;
  const top = record(data);
  const list = Array.isArray(data)
    ? data
    : Array.isArray(top?.prices)
      ? top.prices
      : Array.isArray(top?.data)
        ? top.data
        : undefined;
  if (list)
    pairs = list.map((entry) => [
      record(entry)?.date,
      record(entry)?.close ?? record(entry)?.adjClose ?? record(entry)?.price
    ]);
  else if (Array.isArray(top?.dates) && Array.isArray(top?.closes) && top.dates.length === top.closes.length)
    pairs = top.dates.map((date, k) => [date, (top.closes as unknown[])[k]]);
  if (!pairs)
    return err('The answer has no list of dates and closes (expected [{"date", "close"}] or {"dates", "closes"}).');
  const entries = pairs.map(([date, close], index) => ({
    index,
    day: typeof date === 'string' ? dayNumber(date.slice(0, 10)) : Number.NaN,
    close: typeof close === 'string' ? Number(close) : close
  }));
  for (const entry of entries) {
    if (!Number.isFinite(entry.day)) return err(`Entry ${entry.index + 1} has no date in the form YYYY-MM-DD.`);
    if (typeof entry.close !== 'number' || !(entry.close > 0))
      return err(`Entry ${entry.index + 1} has no positive close.`);
  }
  entries.sort((a, b) => a.day - b.day);
  for (let k = 1; k < entries.length; k++)
    if (entries[k].day === entries[k - 1].day)
      return err(`Two entries have the same date (entries ${entries[k - 1].index + 1} and ${entries[k].index + 1}).`);
  if (entries.length === 0) return err('The answer has no prices.');
  return ok({
    symbol,
    days: Int32Array.from(entries, (e) => e.day),
    closes: Float64Array.from(entries, (e) => e.close as number)
  });
}
