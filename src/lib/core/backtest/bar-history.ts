/**
 * What a strategy may see when it decides at bar t: prices of bars 0..t and nothing later. The
 * class holds the whole table but every accessor checks the bar against `now`, so a strategy
 * that asks for the future gets an error instead of an answer — look-ahead is impossible by
 * construction, not by convention.
 */
import type { PriceTable } from '../returns/return-table';

export class LookAheadError extends Error {
  constructor(asked: number, now: number) {
    super(`A strategy asked for bar ${asked} while deciding at bar ${now}: that would be look-ahead.`);
    this.name = 'LookAheadError';
  }
}

export class BarHistory {
  readonly assets: readonly string[];
  readonly #table: PriceTable;
  #now: number;

  constructor(table: PriceTable, now: number) {
    this.#table = table;
    this.assets = table.assets;
    this.#now = now;
  }

  /** The bar the decision is made at. */
  get now(): number {
    return this.#now;
  }

  /** Moves to a later bar (the engine's loop; strategies cannot go back to see more). */
  advance(to: number): void {
    if (to < this.#now) throw new Error('History only moves forward');
    this.#now = to;
  }

  date(bar: number = this.#now): string {
    this.#check(bar);
    return this.#table.dates[bar];
  }

  /** Close of `asset` (index) at `bar` (default: now); NaN before its data starts. */
  price(asset: number, bar: number = this.#now): number {
    this.#check(bar);
    return this.#table.values[bar * this.assets.length + asset];
  }

  /** Simple returns of `asset` over the `length` bars ending now (fewer at the start). */
  returns(asset: number, length: number): Float64Array {
    const first = Math.max(1, this.#now - length + 1);
    const out = new Float64Array(this.#now - first + 1);
    for (let bar = first; bar <= this.#now; bar++)
      out[bar - first] = this.price(asset, bar) / this.price(asset, bar - 1) - 1;
    return out;
  }

  #check(bar: number): void {
    if (bar > this.#now) throw new LookAheadError(bar, this.#now);
    if (bar < 0) throw new RangeError(`No bar ${bar}`);
  }
}
