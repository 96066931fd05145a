import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPriceText } from '$lib/core/io/check-prices';
import { previewPriceFile, readPriceFile } from '$lib/import/read-price-file';

const text = readFileSync('tests/golden/data/stock_prices.csv', 'utf8');

describe('reading a chosen price file as a stream', () => {
  it('gives the same report and series as reading the text at once, with progress up to 1', async () => {
    const progress: number[] = [];
    const streamed = await readPriceFile(new Blob([text]), { collect: true }, (f) => progress.push(f));
    const whole = readPriceText(text, { collect: true });
    expect(streamed.report).toEqual(whole.report);
    expect(streamed.series).toEqual(whole.series);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1])).toBe(true);
  });

  it('unpacks gzip by its magic bytes, whatever the name', async () => {
    const streamed = await readPriceFile(new Blob([gzipSync(text)]), { collect: true });
    expect(streamed.report.ok).toBe(true);
    expect(streamed.series).toHaveLength(20);
  });

  it('previews the header, first rows and proposed mapping from the start of a large file', async () => {
    const big = text + text.split('\n').slice(1).join('\n').repeat(30);
    const preview = await previewPriceFile(new Blob([gzipSync(big)]));
    expect(preview.header[0]).toBe('date');
    expect(preview.mapping).toEqual({ format: 'wide', date: 0, assets: Array.from({ length: 20 }, (_, i) => i + 1) });
    expect(preview.rows[0][0]).toBe('1989-12-29');
    expect(preview.report.dateFormat).toBe('iso');
  });
});
