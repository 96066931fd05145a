/**
 * Saved backtest runs: the config and report of a run a user chose to keep, newest first.
 */
import type { KeelDb } from '../open';
import type { BacktestRunRecord } from '../schema';

export class BacktestRunRepository {
  constructor(private readonly db: KeelDb) {}

  async save(run: Omit<BacktestRunRecord, 'id' | 'createdAt'>): Promise<BacktestRunRecord> {
    const record = { ...run, createdAt: Date.now() };
    const id = (await this.db.add('backtestRuns', record as BacktestRunRecord)) as number;
    return { ...record, id };
  }

  async list(): Promise<BacktestRunRecord[]> {
    return (await this.db.getAll('backtestRuns')).sort((a, b) => b.id - a.id);
  }

  get(id: number): Promise<BacktestRunRecord | undefined> {
    return this.db.get('backtestRuns', id);
  }

  /** Deletes a run and returns it, so the page can offer undo. */
  async remove(id: number): Promise<BacktestRunRecord | undefined> {
    const record = await this.get(id);
    if (record) await this.db.delete('backtestRuns', id);
    return record;
  }

  async restore(record: BacktestRunRecord): Promise<void> {
    await this.db.put('backtestRuns', record);
  }
}
