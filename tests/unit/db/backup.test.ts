import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createBackup, restoreBackup } from '$lib/db/backup';
import { openKeelDb } from '$lib/db/open';
import { repositories } from '$lib/db/repositories';
import { loadPortfolio } from '$lib/db/repositories/holdings';
import { createPortfolioFrom } from '$lib/db/seed';
import { SIX_FUND_DEMO } from '$lib/demo/six-fund-portfolio';
import { describeRestoreError } from '$lib/messages/en';

let counter = 0;
async function filledDatabase() {
  counter += 1;
  const repos = repositories(await openKeelDb({ name: `backup-${counter}` }));
  const created = await createPortfolioFrom(repos, SIX_FUND_DEMO);
  if (!created.ok) throw new Error('seed failed');
  await repos.prices.put({
    symbol: 'VTI',
    days: Int32Array.from([19000, 19001, 19004]),
    closes: Float64Array.from([200.1, 201.25, 0.1 + 0.2])
  });
  await repos.settings.set('onboarded', true);
  return { repos, id: created.value };
}

describe('backup and restore', () => {
  it('carries plans and the audit log, which still verifies after the restore', async () => {
    const { repos, id } = await filledDatabase();
    const plan = await repos.plans.create(id, { asOf: '2026-11-25' }, { trades: [] });
    await repos.plans.setStatus(plan.id, 'approved');
    const text = JSON.stringify(await createBackup(repos.db));
    counter += 1;
    const target = repositories(await openKeelDb({ name: `backup-${counter}` }));
    expect(await restoreBackup(target.db, text)).toEqual({ ok: true });
    expect((await target.plans.list(id)).map((p) => p.status)).toEqual(['approved']);
    expect((await target.audit.all()).map((e) => e.kind)).toEqual(['plan-created', 'plan-approved']);
    expect(await target.audit.verify()).toBeUndefined();
  });

  it("keeps this device's audit log when the backup predates it", async () => {
    const { repos } = await filledDatabase();
    const backup = await createBackup(repos.db);
    const { auditLog: _log, plans: _plans, ...older } = backup.data;
    const { createHash } = await import('node:crypto');
    const checksum = createHash('sha256').update(JSON.stringify(older)).digest('hex');
    await repos.audit.append('rules-changed', { rules: [] });
    expect(await restoreBackup(repos.db, JSON.stringify({ ...backup, data: older, checksum }))).toEqual({ ok: true });
    expect((await repos.audit.all()).map((e) => e.kind)).toEqual(['rules-changed']);
  });

  it('round-trips everything exactly, typed arrays included', async () => {
    const { repos, id } = await filledDatabase();
    const backup = await createBackup(repos.db);
    const text = JSON.stringify(backup);
    counter += 1;
    const target = repositories(await openKeelDb({ name: `backup-${counter}` }));
    expect(await restoreBackup(target.db, text)).toEqual({ ok: true });
    expect(await loadPortfolio(target.db, id)).toEqual(await loadPortfolio(repos.db, id));
    expect(await target.prices.get('VTI')).toEqual(await repos.prices.get('VTI'));
    expect(await target.settings.get('onboarded')).toBe(true);
    // Backing up the restored database gives the same data and checksum.
    const again = await createBackup(target.db);
    expect(again.checksum).toBe(backup.checksum);
  });

  it('rejects a tampered file with the reason and changes nothing', async () => {
    const { repos, id } = await filledDatabase();
    const before = await loadPortfolio(repos.db, id);
    const backup = await createBackup(repos.db);
    const tampered = JSON.stringify(backup).replace('"quantity":120', '"quantity":999');
    const result = await restoreBackup(repos.db, tampered);
    expect(result).toEqual({ ok: false, error: { code: 'checksum-mismatch' } });
    if (result.ok) return;
    expect(describeRestoreError(result.error)).toBe(
      "This backup's contents do not match its checksum: the file is damaged or was edited. Nothing was changed."
    );
    expect(await loadPortfolio(repos.db, id)).toEqual(before);
  });

  it('rejects a file that is not JSON, not a backup, from a newer version, or with a bad record', async () => {
    const { repos, id } = await filledDatabase();
    const before = await loadPortfolio(repos.db, id);
    expect((await restoreBackup(repos.db, '{ nope')).ok).toBe(false);
    expect(await restoreBackup(repos.db, '{"hello": 1}')).toEqual({ ok: false, error: { code: 'not-a-backup' } });
    const backup = await createBackup(repos.db);
    expect(await restoreBackup(repos.db, JSON.stringify({ ...backup, version: 99 }))).toEqual({
      ok: false,
      error: { code: 'newer-version', version: 99 }
    });
    // A consistent checksum over a record that breaks the schema: caught record by record.
    const data = { ...backup.data, lots: [{ id: 1, portfolioId: 1, symbol: 'VTI', quantity: -5 }] };
    const { createHash } = await import('node:crypto');
    const checksum = createHash('sha256').update(JSON.stringify(data)).digest('hex');
    const result = await restoreBackup(repos.db, JSON.stringify({ ...backup, data, checksum }));
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid-record',
        store: 'lots',
        index: 0,
        reason: 'needs id, portfolioId, symbol and a non-negative quantity'
      }
    });
    expect(await loadPortfolio(repos.db, id)).toEqual(before);
  });
});

describe('backups made before a store existed', () => {
  it('restore that store empty; the checksum still guards the rest', async () => {
    const { repos, id } = await filledDatabase();
    const backup = await createBackup(repos.db);
    const { transactions: _dropped, ...older } = backup.data;
    const { createHash } = await import('node:crypto');
    const checksum = createHash('sha256').update(JSON.stringify(older)).digest('hex');
    const text = JSON.stringify({ ...backup, schemaVersion: 2, data: older, checksum });
    const target = repositories(await openKeelDb({ name: `backup-old-${counter}` }));
    expect(await restoreBackup(target.db, text)).toEqual({ ok: true });
    expect(await loadPortfolio(target.db, id)).toEqual(await loadPortfolio(repos.db, id));
    expect(await target.db.getAll('transactions')).toEqual([]);
  });
});
