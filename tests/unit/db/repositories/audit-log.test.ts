import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { openKeelDb, type KeelDb } from '$lib/db/open';
import { repositories, type Repositories } from '$lib/db/repositories';

let db: KeelDb;
let repos: Repositories;
let counter = 0;

beforeEach(async () => {
  counter += 1;
  db = await openKeelDb({ name: `audit-${counter}` });
  repos = repositories(db);
});

async function lifecycle() {
  const draft = await repos.plans.create(
    1,
    { asOf: '2026-11-25' },
    { trades: [{ symbol: 'VTI', side: 'buy', quantity: 3 }] }
  );
  await repos.plans.setStatus(draft.id, 'approved');
  await repos.plans.setStatus(draft.id, 'executed', [{ quantity: 3, price: 285.1 }]);
  await repos.audit.append('rules-changed', { portfolioId: 1, rules: [{ kind: 'no-short' }] });
}

describe('audit log', () => {
  it('records every plan step and rule change as a chain that verifies', async () => {
    await lifecycle();
    const entries = await repos.audit.all();
    expect(entries.map((e) => e.kind)).toEqual(['plan-created', 'plan-approved', 'plan-executed', 'rules-changed']);
    expect(entries[1].previous).toBe(entries[0].hash);
    expect(await repos.audit.verify()).toBeUndefined();
  });

  it('detects a changed payload, naming the entry', async () => {
    await lifecycle();
    const stored = await db.get('auditLog', 3);
    await db.put('auditLog', {
      ...stored!,
      payload: { planId: 1, portfolioId: 1, fills: [{ quantity: 30, price: 285.1 }] }
    });
    expect(await repos.audit.verify()).toEqual({ code: 'altered', seq: 3 });
  });

  it('detects a removed entry and a re-hashed entry whose successor no longer links', async () => {
    await lifecycle();
    await db.delete('auditLog', 2);
    expect(await repos.audit.verify()).toEqual({ code: 'gap', seq: 3, expected: 2 });
  });

  it('detects an entry rewritten with a fresh hash: the next entry no longer links to it', async () => {
    await lifecycle();
    const { nextEntry } = await import('$lib/core/audit/audit-chain');
    const first = await db.get('auditLog', 1);
    const forged = await nextEntry(undefined, 'plan-created', { planId: 99 }, first!.time);
    await db.put('auditLog', forged);
    expect(await repos.audit.verify()).toEqual({ code: 'broken-link', seq: 2 });
  });

  it('refuses a lifecycle step the plan cannot take', async () => {
    const draft = await repos.plans.create(1, {}, {});
    await expect(repos.plans.setStatus(draft.id, 'executed')).rejects.toThrow('A draft plan cannot become executed');
    await repos.plans.setStatus(draft.id, 'discarded');
    await expect(repos.plans.setStatus(draft.id, 'approved')).rejects.toThrow();
  });
});
