/**
 * The demo household: three accounts (taxable, IRA, Roth) with tax lots, a harvest substitute,
 * bands, rules and a recent purchase — the same file `npx keel rebalance` documents
 * (docs/examples/rebalance-household.json). Prices are illustrative, not market quotes.
 */
import household from '../../../docs/examples/rebalance-household.json';
import type { PlannerInput } from '../core/planner/planner-input';

export const DEMO_HOUSEHOLD_NAME = 'Demo: household with three accounts';
export const DEMO_HOUSEHOLD = household as unknown as PlannerInput;
