/**
 * The storage benchmark (Data issue: 5 million price points stored in under 2 s and loaded in
 * under 0.5 s). It writes synthetic series into a scratch database, reads them back, checks
 * them, and deletes the scratch database; the user's data is never touched.
 */
import { deleteKeelDb, openKeelDb } from '../db/open';
import { PriceSeriesRepository } from '../db/repositories/price-series';

export interface StorageBenchResult {
  points: number;
  series: number;
  storeMs: number;
  loadMs: number;
  verified: boolean;
}

export class StorageBench {
  result = $state.raw<StorageBenchResult | undefined>(undefined);
  running = $state(false);
  error = $state<string | undefined>(undefined);

  async run(series = 100, pointsPerSeries = 50_000): Promise<void> {
    this.running = true;
    this.error = undefined;
    const name = 'keel-storage-benchmark';
    try {
      await deleteKeelDb(name);
      const db = await openKeelDb({ name });
      const repository = new PriceSeriesRepository(db);
      const all = Array.from({ length: series }, (_, s) => ({
        symbol: `BENCH${String(s).padStart(3, '0')}`,
        days: Int32Array.from({ length: pointsPerSeries }, (_, i) => 3000 + i),
        closes: Float64Array.from({ length: pointsPerSeries }, (_, i) => 100 + s + Math.sin(i / 10))
      }));
      const storeStart = performance.now();
      await repository.putMany(all);
      const storeMs = performance.now() - storeStart;
      const loadStart = performance.now();
      const loaded = await repository.getMany(all.map((s) => s.symbol));
      const loadMs = performance.now() - loadStart;
      const verified = loaded.every(
        (l, s) => l !== undefined && l.closes.length === pointsPerSeries && l.closes[7] === all[s].closes[7]
      );
      db.close();
      await deleteKeelDb(name);
      this.result = { points: series * pointsPerSeries, series, storeMs, loadMs, verified };
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.running = false;
    }
  }
}
