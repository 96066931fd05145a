/**
 * Reading the command line's input files, with errors that name the file, line and column.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseWidePriceCsv, splitCsvLine } from '../lib/core/io/price-csv';
import { describeCsvError } from '../lib/messages/en';
import type { PriceTable } from '../lib/core/returns/return-table';

export class InputError extends Error {}

function readText(file: string): string {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(code ?? error)}`
    );
  }
  return file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
}

export function readPrices(file: string): PriceTable {
  const parsed = parseWidePriceCsv(readText(file));
  if (!parsed.ok) throw new InputError(describeCsvError(file, parsed.error));
  return parsed.value;
}

/** A CSV of numbers with asset names as the header; an optional first column of names is skipped. */
function readNumberTable(file: string): { assets: string[]; rows: number[][] } {
  const lines = readText(file)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  if (lines.length < 2) throw new InputError(`${file} needs a header of asset names and at least one row of numbers`);
  let assets = splitCsvLine(lines[0]).map((name) => name.trim());
  const rows = lines.slice(1).map((line, index) => {
    let fields = splitCsvLine(line).map((field) => field.trim());
    if (fields.length === assets.length + 1 && Number.isNaN(Number(fields[0]))) fields = fields.slice(1);
    return { line: index + 2, fields };
  });
  // A header with an empty first cell labels an index column.
  if (assets[0] === '' && rows.every((row) => row.fields.length === assets.length - 1)) assets = assets.slice(1);
  return {
    assets,
    rows: rows.map(({ line, fields }) => {
      if (fields.length !== assets.length)
        throw new InputError(`${file}, line ${line}: expected ${assets.length} numbers, found ${fields.length}`);
      return fields.map((field, j) => {
        const value = Number(field);
        if (field === '' || !Number.isFinite(value))
          throw new InputError(`${file}, line ${line}, column ${assets[j]}: "${field}" is not a number`);
        return value;
      });
    })
  };
}

export function readMu(file: string): { assets: string[]; mu: Float64Array } {
  const { assets, rows } = readNumberTable(file);
  if (rows.length !== 1)
    throw new InputError(`${file}: expected one row of expected returns under the header, found ${rows.length}`);
  return { assets, mu: Float64Array.from(rows[0]) };
}

export function readCov(file: string): { assets: string[]; cov: Float64Array } {
  const { assets, rows } = readNumberTable(file);
  const n = assets.length;
  if (rows.length !== n)
    throw new InputError(`${file}: a covariance needs ${n} rows for ${n} assets, found ${rows.length}`);
  const cov = Float64Array.from(rows.flat());
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const a = cov[i * n + j];
      const b = cov[j * n + i];
      if (Math.abs(a - b) > 1e-10 * Math.max(Math.abs(a), Math.abs(b), 1e-300)) {
        throw new InputError(`${file}: the covariance is not symmetric (${assets[i]}, ${assets[j]}: ${a} vs ${b})`);
      }
    }
  }
  return { assets, cov };
}

export function readWeights(file: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(file));
  } catch (error) {
    throw new InputError(`${file} is not valid JSON (${(error as Error).message})`);
  }
  const object =
    parsed && typeof parsed === 'object' && 'weights' in parsed ? (parsed as { weights: unknown }).weights : parsed;
  if (!object || typeof object !== 'object' || Array.isArray(object)) {
    throw new InputError(`${file} must hold an object of weights, e.g. {"AAPL": 0.6, "BND": 0.4}`);
  }
  const weights: Record<string, number> = {};
  for (const [asset, value] of Object.entries(object)) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new InputError(`${file}: the weight of ${asset} is not a number`);
    weights[asset] = value;
  }
  return weights;
}
