/**
 * The data the training scripts read, all shipped with the repository: the skfolio S&P 500
 * sample (BSD-3, already served by the app from static/data/skfolio) and the Twitter financial
 * news sentiment set (MIT, kept in models/data/ with its notice).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPrices } from '../../src/cli/files';
import { tokenizeCsv } from '../../src/lib/core/io/csv-tokenizer';
import type { LabelledText } from '../../src/lib/core/ml/sentiment';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export const PRICES_FILE = 'static/data/skfolio/sp500_dataset.csv.gz';
export const pricesTable = () => readPrices(root + PRICES_FILE);

export const SENTIMENT_TRAIN = 'models/data/twitter-financial-news-sentiment/sent_train.csv';
export const SENTIMENT_VALID = 'models/data/twitter-financial-news-sentiment/sent_valid.csv';

export function labelledTexts(file: string): LabelledText[] {
  const { rows, errors } = tokenizeCsv(readFileSync(root + file, 'utf8'), ',');
  if (errors.length > 0) throw new Error(`${file}: CSV error at line ${errors[0].line}`);
  return rows.slice(1).map((row) => {
    const label = Number(row.fields[1]);
    if (row.fields.length !== 2 || ![0, 1, 2].includes(label)) throw new Error(`${file}, line ${row.line}: bad row`);
    return { text: row.fields[0], label };
  });
}
