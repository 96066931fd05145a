/**
 * The storage benchmark (Data issue: 5 million price points stored in under 2 s and loaded in
 * under 0.5 s). It writes synthetic series into a scratch database, reads them back, checks
 * them, and deletes the scratch database; the user's data is never touched.
 */
import { deleteKeelDb, openKeelDb } from '../db/open';
import { PriceSeriesRepository } from '../db/repositories/price-series';
import { readPriceFileInWorker } from '../services/import-service';

export interface ImportBenchResult {
  megabytes: number;
  /** Median of the worker's own times (read, check, collect), without messaging. */
  workerMs: number;
  /** Median of 5 runs: read, check and collect in the import worker, as the page waits for it. */
  ms: number;
  mibPerSecond: number;
  points: number;
}

/** A synthetic wide price file: `assets` columns of random walks over `days` business days. */
function syntheticPriceFile(assets: number, days: number): Blob {
  const parts: string[] = ['date,' + Array.from({ length: assets }, (_, j) => `S${j}`).join(',') + '\n'];
  const price = new Float64Array(assets).fill(100);
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let day = Date.UTC(1985, 0, 1);
  for (let t = 0; t < days; t++) {
    while ([0, 6].includes(new Date(day).getUTCDay())) day += 86_400_000;
    let line = new Date(day).toISOString().slice(0, 10);
    for (let j = 0; j < assets; j++) {
      price[j] *= 1 + (random() - 0.5) * 0.02;
      line += ',' + price[j].toFixed(4);
    }
    parts.push(line + '\n');
    day += 86_400_000;
  }
  return new Blob(parts, { type: 'text/csv' });
}

export interface StorageBenchResult {
  points: number;
  series: number;
  storeMs: number;
  loadMs: number;
  verified: boolean;
}

export class StorageBench {
  result = $state.raw<StorageBenchResult | undefined>(undefined);
  importResult = $state.raw<ImportBenchResult | undefined>(undefined);
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

  /** Parse + validate throughput: a ~50 MB file read five times by the import worker. */
  async runImport(assets = 600, days = 10_000): Promise<void> {
    this.running = true;
    this.error = undefined;
    try {
      const file = syntheticPriceFile(assets, days);
      const times: number[] = [];
      const workerTimes: number[] = [];
      let points = 0;
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        const result = await readPriceFileInWorker(file, {});
        times.push(performance.now() - started);
        workerTimes.push(result.elapsedMs);
        if (!result.report.ok) throw new Error('the synthetic file did not pass its checks');
        points = result.series.reduce((sum, s) => sum + s.days.length, 0);
      }
      const ms = [...times].sort((a, b) => a - b)[2];
      const workerMs = [...workerTimes].sort((a, b) => a - b)[2];
      console.info(
        'import benchmark runs (ms), page / worker:',
        times.map((t, k) => `${t.toFixed(0)}/${workerTimes[k].toFixed(0)}`).join(' ')
      );
      this.importResult = {
        megabytes: file.size / 2 ** 20,
        ms,
        workerMs,
        mibPerSecond: file.size / 2 ** 20 / (ms / 1000),
        points
      };
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.running = false;
    }
  }
}
