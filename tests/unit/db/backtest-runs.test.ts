import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createBackup, restoreBackup } from '$lib/db/backup';
import { openKeelDb } from '$lib/db/open';
import { repositories } from '$lib/db/repositories';

describe('saved backtest runs', () => {
  it('are listed newest first, can be deleted and put back, and travel in backups', async () => {
    const repos = repositories(await openKeelDb({ name: 'backtest-runs' }));
    const first = await repos.backtestRuns.save({ name: 'first', dataset: 'demo', config: { a: 1 }, report: { b: 2 } });
    const second = await repos.backtestRuns.save({ name: 'second', dataset: 'demo', config: {}, report: {} });
    expect((await repos.backtestRuns.list()).map((r) => r.name)).toEqual(['second', 'first']);
    const removed = await repos.backtestRuns.remove(second.id);
    expect((await repos.backtestRuns.list()).map((r) => r.name)).toEqual(['first']);
    await repos.backtestRuns.restore(removed!);
    expect((await repos.backtestRuns.list()).map((r) => r.id)).toEqual([second.id, first.id]);

    const backup = await createBackup(repos.db);
    expect(backup.data.backtestRuns).toHaveLength(2);
    const target = repositories(await openKeelDb({ name: 'backtest-runs-restored' }));
    expect(await restoreBackup(target.db, JSON.stringify(backup))).toEqual({ ok: true });
    expect((await target.backtestRuns.get(first.id))?.report).toEqual({ b: 2 });
  });
});
