/**
 * Verifies the audit log's hash chain every time the app opens, and holds the verdict the
 * layout shows: nothing when intact, an alert naming the entry when it was tampered with.
 */
import type { ChainProblem } from '../core/audit/audit-chain';
import { appRepositories } from './database';

export class AuditCheck {
  status = $state<'checking' | 'intact' | 'broken' | 'unavailable'>('checking');
  problem = $state.raw<ChainProblem | undefined>(undefined);
  entries = $state(0);

  async start(): Promise<void> {
    try {
      const repos = await appRepositories();
      this.entries = (await repos.audit.all()).length;
      this.problem = await repos.audit.verify();
      this.status = this.problem ? 'broken' : 'intact';
    } catch {
      // No IndexedDB (private mode in some browsers): nothing stored, nothing to verify.
      this.status = 'unavailable';
    }
  }
}
