import { describe, expect, it } from 'vitest';
import { CsvStreamTokenizer, tokenizeCsv, type CsvRow } from '$lib/core/io/csv-tokenizer';
import { referenceTokenize } from './reference-tokenizer';

const ALPHABET = ['a', 'b', '1', '.', ',', ';', '"', '""', '\r', '\n', '\r\n', '\0', ' ', 'é', '\uFEFF'];

function randomText(random: () => number, length: number): string {
  let text = random() < 0.2 ? '\uFEFF' : '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

function chunked(text: string, delimiter: string, cuts: number[]) {
  const rows: CsvRow[] = [];
  const tokenizer = new CsvStreamTokenizer((row) => rows.push({ line: row.line, fields: row.toArray() }), delimiter);
  let last = 0;
  for (const cut of [...cuts, text.length]) {
    tokenizer.push(text.slice(last, cut));
    last = cut;
  }
  tokenizer.end();
  return { rows, errors: tokenizer.errors };
}

describe('the streaming CSV tokenizer', () => {
  it('matches the character-by-character reference on 5,000 random texts, however they are cut', () => {
    let seed = 99;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 5000; trial++) {
      const text = randomText(random, 1 + Math.floor(random() * 60));
      const delimiter = trial % 2 ? ',' : ';';
      const expected = referenceTokenize(text, delimiter);
      const whole = tokenizeCsv(text, delimiter);
      expect(whole.rows).toEqual(expected.rows);
      expect(whole.errors).toEqual(expected.errors);
      // Cut anywhere: inside a CRLF, between doubled quotes, right after a BOM.
      const cuts = [...new Set(Array.from({ length: 1 + (trial % 6) }, () => Math.floor(random() * text.length)))].sort(
        (a, b) => a - b
      );
      const pieces = chunked(text, delimiter, cuts);
      expect(pieces.rows).toEqual(expected.rows);
      expect(pieces.errors).toEqual(expected.errors);
    }
  });

  it('decides the delimiter from the first 64 KiB even when chunks are small', () => {
    const text = 'date;A;B\n' + '2024-01-02;1,5;2,5\n'.repeat(5000);
    const rows: string[][] = [];
    const tokenizer = new CsvStreamTokenizer((row) => rows.push(row.toArray()));
    for (let i = 0; i < text.length; i += 100) tokenizer.push(text.slice(i, i + 100));
    tokenizer.end();
    expect(tokenizer.delimiter).toBe(';');
    expect(rows).toHaveLength(5001);
    expect(rows[1]).toEqual(['2024-01-02', '1,5', '2,5']);
  });
});

describe('numbers read while tokenizing', () => {
  it('equal Number(text) exactly for 20,000 random decimal cells, and defer anything unusual', () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
    const cells: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const sign = random() < 0.2 ? '-' : '';
      const whole = digits(1 + Math.floor(random() * 10));
      const fraction = random() < 0.8 ? `.${digits(1 + Math.floor(random() * 9))}` : '';
      cells.push(sign + whole + fraction);
    }
    cells.push('1.', '.5', '-', '1.2.3', '1-2', '1e5', '00000000000000000001', '1234567890.1234567', '-0', ' 7');
    const seen: number[] = [];
    tokenizeCsv(`x\n${cells.join('\n')}\n`, ',', (row) => {
      if (row.line > 1) seen.push(row.number(0, '.') ?? Number.NaN);
    });
    cells.forEach((cell, k) => {
      const expected = /^-?\d+(\.\d+)?([eE]\d+)?$|^\.\d+$|^ 7$/.test(cell) ? Number(cell) : Number.NaN;
      expect(Object.is(seen[k], expected), `${cell} → ${seen[k]}, expected ${expected}`).toBe(true);
    });
    // With a decimal comma, "1,5" is 1.5, "1.234,5" is 1234.5, and "1.5" is not a number.
    const comma: (number | undefined)[] = [];
    tokenizeCsv('x;y;z\n1,5;1.234,5;1.5\n', ';', (row) => {
      if (row.line > 1) comma.push(row.number(0, ','), row.number(1, ','), row.number(2, ','));
    });
    expect(comma).toEqual([1.5, 1234.5, undefined]);
  });
});
