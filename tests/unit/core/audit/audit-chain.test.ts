import { describe, expect, it } from 'vitest';
import { canonicalJson, nextEntry, verifyChain, type AuditEntry } from '$lib/core/audit/audit-chain';

async function log(): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  const add = async (kind: string, payload: unknown) =>
    entries.push(await nextEntry(entries.at(-1), kind, payload, `2026-11-25T10:0${entries.length}:00Z`));
  await add('rules-changed', { rules: [{ kind: 'max-weight', symbol: 'VTI', limit: 0.4 }] });
  await add('plan-created', { trades: [{ symbol: 'VTI', side: 'sell', quantity: 3 }] });
  await add('plan-approved', { plan: 2 });
  return entries;
}

describe('the audit chain', () => {
  it('verifies an intact log, whatever order the stored keys come back in', async () => {
    const entries = await log();
    expect(await verifyChain(entries)).toBeUndefined();
    const reordered = entries.map((e) =>
      JSON.parse(canonicalJson({ ...e, payload: JSON.parse(JSON.stringify(e.payload)) }))
    );
    expect(await verifyChain(reordered)).toBeUndefined();
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}'
    );
  });

  it('detects an altered payload, a removed entry, a reordering and a forged hash', async () => {
    const entries = await log();
    const altered = entries.map((e) =>
      e.seq === 2 ? { ...e, payload: { trades: [{ symbol: 'VTI', side: 'sell', quantity: 30 }] } } : e
    );
    expect(await verifyChain(altered)).toEqual({ code: 'altered', seq: 2 });
    expect(await verifyChain([entries[0], entries[2]])).toEqual({ code: 'gap', seq: 3, expected: 2 });
    const swapped = [entries[0], { ...entries[2], seq: 2 }, { ...entries[1], seq: 3 }];
    expect(await verifyChain(swapped)).toEqual({ code: 'broken-link', seq: 2 });
    // Re-hashing an altered entry alone still breaks the link from the next one.
    const forged = await nextEntry(entries[0], 'plan-created', { trades: [] }, entries[1].time);
    expect(await verifyChain([entries[0], forged, entries[2]])).toEqual({ code: 'broken-link', seq: 3 });
  });
});
