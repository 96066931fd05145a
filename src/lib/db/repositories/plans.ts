/**
 * Rebalancing plans and their lifecycle: draft → approved → executed (with fills) or discarded.
 * Every change of status is written to the audit log in the same step.
 */
import type { KeelDb } from '../open';
import type { PlanRecord, PlanStatus } from '../schema';
import type { AuditLogRepository } from './audit-log';

const ALLOWED: Record<PlanStatus, PlanStatus[]> = {
  draft: ['approved', 'discarded'],
  approved: ['executed', 'discarded'],
  executed: [],
  discarded: []
};

export class PlanRepository {
  constructor(
    private readonly db: KeelDb,
    private readonly audit: AuditLogRepository
  ) {}

  async create(portfolioId: number, input: unknown, plan: unknown): Promise<PlanRecord> {
    const record: Omit<PlanRecord, 'id'> = { portfolioId, createdAt: Date.now(), status: 'draft', input, plan };
    const id = (await this.db.add('plans', record as PlanRecord)) as number;
    await this.audit.append('plan-created', { planId: id, portfolioId, plan });
    return { ...record, id };
  }

  get(id: number): Promise<PlanRecord | undefined> {
    return this.db.get('plans', id);
  }

  async list(portfolioId: number): Promise<PlanRecord[]> {
    return (await this.db.getAllFromIndex('plans', 'byPortfolio', portfolioId)).sort((a, b) => b.id - a.id);
  }

  /** Moves a plan to its next status; refuses a move the lifecycle does not allow. */
  async setStatus(id: number, status: PlanStatus, fills?: PlanRecord['fills']): Promise<PlanRecord> {
    const record = await this.get(id);
    if (!record) throw new Error(`No plan ${id}`);
    if (!ALLOWED[record.status].includes(status)) throw new Error(`A ${record.status} plan cannot become ${status}`);
    const updated: PlanRecord = { ...record, status, ...(fills ? { fills } : {}) };
    await this.db.put('plans', updated);
    const kind = status === 'approved' ? 'plan-approved' : status === 'executed' ? 'plan-executed' : 'plan-discarded';
    await this.audit.append(kind, { planId: id, portfolioId: record.portfolioId, ...(fills ? { fills } : {}) });
    return updated;
  }
}
