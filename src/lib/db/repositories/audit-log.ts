/**
 * The append-only audit log: every plan, approval, execution, discard and rule-set change, each
 * entry chained to the one before by its SHA-256 (core/audit/audit-chain.ts). Entries are only
 * ever added; `verify` re-hashes the whole chain and names the first entry that was changed,
 * removed or reordered. The app runs it every time it opens.
 */
import { nextEntry, verifyChain, type AuditEntry, type ChainProblem } from '../../core/audit/audit-chain';
import type { KeelDb } from '../open';

export type AuditKind = 'plan-created' | 'plan-approved' | 'plan-executed' | 'plan-discarded' | 'rules-changed';

export class AuditLogRepository {
  constructor(private readonly db: KeelDb) {}

  /**
   * Appends an entry. The hash is computed between two transactions (IndexedDB commits a
   * transaction that waits on anything else, such as crypto.subtle); `add` on the sequence key
   * refuses a second writer that raced us, and we retry on the new last entry.
   */
  async append(kind: AuditKind, payload: unknown, time = new Date().toISOString()): Promise<AuditEntry> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const last = await this.last();
      const entry = await nextEntry(last, kind, payload, time);
      try {
        await this.db.add('auditLog', entry);
        return entry;
      } catch (error) {
        if ((error as DOMException).name !== 'ConstraintError') throw error;
      }
    }
    throw new Error('The audit log is busy; try again.');
  }

  async last(): Promise<AuditEntry | undefined> {
    const cursor = await this.db.transaction('auditLog').store.openCursor(null, 'prev');
    return cursor?.value as AuditEntry | undefined;
  }

  async all(): Promise<AuditEntry[]> {
    return (await this.db.getAll('auditLog')) as AuditEntry[];
  }

  /** The first break in the chain, or undefined when every entry is as written. */
  async verify(): Promise<ChainProblem | undefined> {
    return verifyChain(await this.all());
  }
}
