/**
 * What every optimizer returns: weights with their performance, how the solver did, the largest
 * violation of the original constraints (checked, never assumed), and warnings — or a typed
 * error a person can act on.
 */
import type { Diagnosis } from './doctor';
import type { Performance } from './performance';

export interface OptimizationResult {
  assets: readonly string[];
  weights: Float64Array;
  /** For scenario optimizers, also the risk measure they minimised. */
  performance: Performance & Partial<Record<'cvar' | 'cdar' | 'semideviation' | 'sortino', number>>;
  solver: { engine: string; status: string; solveMs: number; iterations: number };
  checks: { maxViolation: number; constraint: string };
  warnings: string[];
}

export type OptimizationError =
  | { code: 'infeasible'; diagnosis: Diagnosis }
  | { code: 'no-asset-beats-risk-free-rate'; riskFreeRate: number; bestReturn: number; bestAsset: string }
  | { code: 'target-return-unreachable'; target: number; maximum: number }
  | { code: 'target-volatility-too-low'; target: number; minimum: number }
  | { code: 'invalid-input'; message: string }
  | { code: 'solver-failed'; engine: string; status: string }
  | { code: 'verification-failed'; maxViolation: number; constraint: string };
