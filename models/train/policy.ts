/**
 * Trains the learned rebalancing policy with the cross-entropy method on block-bootstrapped
 * markets from 1990–2009 (equal-weight targets over the 20 stocks, a cost level drawn per path),
 * then compares it out of sample — on the real 2010–2022 history at each cost level and on
 * bootstrapped paths of that period — with calendar and threshold policies.
 */
import { GaussianMixture } from '../../src/lib/core/ml/gaussian-mixture';
import type { OnnxGraph } from '../../src/lib/core/ml/onnx-model';
import { MARKET_LOOKBACK } from '../../src/lib/core/ml/market-features';
import {
  COST_LEVELS,
  DECISION_EVERY,
  EDGE_BAND,
  POLICY_FEATURES,
  TE_WEIGHT,
  baselineRules,
  greedy,
  liveContext,
  policyModel,
  policyRule,
  runPolicy,
  simulatedMarkets,
  trainPolicy,
  type PolicyOutcome,
  type SimulatedMarket
} from '../../src/lib/core/ml/rebalance-policy';
import { mulberry32 } from '../../src/lib/core/random';
import type { RebalanceRule } from '../../src/lib/core/backtest/engine';
import { pricesTable } from './data';
import { DATA_SOURCES, type BuiltModel } from './model-files';

export const POLICY_SETTINGS = {
  trainUntil: '2010-01-01',
  seed: 7,
  iterations: 16,
  population: 24,
  elite: 5,
  pathsPerIteration: 8,
  bars: 504,
  testPaths: 48,
  testSeed: 99
};

export function buildPolicy(regimesGraph: OnnxGraph): BuiltModel {
  const table = pricesTable();
  const regimes = GaussianMixture.fromOnnx(regimesGraph);
  const split = table.dates.findIndex((d) => d >= POLICY_SETTINGS.trainUntil);
  const n = table.assets.length;
  const targets = new Float64Array(n).fill(1 / n);
  const s = POLICY_SETTINGS;
  const trained = trainPolicy(table, 0, split - 1, targets, regimes, {
    iterations: s.iterations,
    population: s.population,
    elite: s.elite,
    pathsPerIteration: s.pathsPerIteration,
    bars: s.bars,
    seed: s.seed
  });
  const model = policyModel(trained.theta);
  const act = greedy(model);

  // Out of sample: bootstrapped 2010–2022 paths (fresh seed) and the real history.
  const random = mulberry32(s.testSeed);
  const testMarkets = simulatedMarkets(
    table,
    split - MARKET_LOOKBACK,
    table.dates.length - 1,
    s.testPaths,
    s.bars,
    regimes,
    random
  );
  const real: SimulatedMarket[] = COST_LEVELS.map((costBps) => {
    const from = split - MARKET_LOOKBACK;
    const cut = { assets: table.assets, dates: table.dates.slice(from), values: table.values.slice(from * n) };
    return { table: cut, start: MARKET_LOOKBACK, costBps, context: liveContext(regimes) };
  });
  const policies: { name: string; rule: (m: SimulatedMarket) => RebalanceRule }[] = [
    { name: 'learned policy', rule: (m) => policyRule(act, m.costBps, m.context) },
    ...baselineRules().map((r) => ({ name: r.name, rule: () => r }))
  ];
  const mean = (outcomes: PolicyOutcome[]) => {
    const keys = ['annualReturn', 'trackingError', 'costPerYear', 'rebalancesPerYear', 'loss'] as const;
    return Object.fromEntries(
      keys.map((k) => [k, outcomes.reduce((a, o) => a + o[k], 0) / outcomes.length])
    ) as unknown as PolicyOutcome;
  };
  const bootstrap = policies.map((p) => ({
    policy: p.name,
    ...mean(testMarkets.map((m) => runPolicy(m, targets, p.rule(m))))
  }));
  const history = COST_LEVELS.map((costBps, i) => ({
    costBps,
    policies: policies.map((p) => ({
      policy: p.name,
      ...runPolicy(
        { ...real[i], context: liveContext(regimes) },
        targets,
        p.rule({ ...real[i], context: liveContext(regimes) })
      )
    }))
  }));
  const learned = bootstrap[0];
  const best = bootstrap.slice(1).reduce((a, b) => (b.loss < a.loss ? b : a));
  const beatsBaseline = learned.loss < best.loss;
  return {
    name: 'policy',
    kind: 'policy',
    graph: model.toOnnx('state', { kind: 'policy', version: '1' }, 'policy'),
    card: {
      description: `A linear softmax policy over three actions — wait, trade each weight outside ±${EDGE_BAND * 100}% of its target back to that edge, or trade fully to the targets — looked at every ${DECISION_EVERY} trading days and acted on greedily (the most probable action).`,
      scaling:
        'raw state in the units listed; the graph divides each by a fixed scale (feature_scale) so the parameters are of order one',
      featureScales: Object.fromEntries(POLICY_FEATURES.map((f) => [f.name, f.scale])),
      training: {
        data: [DATA_SOURCES.prices],
        period: { from: table.dates[0], to: table.dates[split - 1] },
        method: `cross-entropy method over the 14 parameters; each candidate runs on the same block-bootstrapped paths (blocks of 21 days, ${s.bars} days each after a 252-day warm-up, a cost level drawn from ${COST_LEVELS.join('/')} bps) through the backtest engine with the planner's cost model; loss per path = costs per year + ${TE_WEIGHT} × tracking error per year to the always-on-target portfolio`,
        hyperparameters: s,
        seed: s.seed,
        eliteLossByIteration: trained.history,
        script: 'models/train/policy.ts'
      },
      evaluation: {
        scheme: `out of sample: ${s.testPaths} bootstrapped paths of 2010–2022 (seed ${s.testSeed}) and the real 2010–2022 history at each cost level; equal-weight targets over the 20 stocks`,
        bootstrap,
        history,
        baselines: baselineRules().map((r) => r.name),
        beatsBaseline,
        verdict: beatsBaseline
          ? `Out of sample, the learned policy had a lower loss (costs + ${TE_WEIGHT} × tracking error) than every calendar and threshold baseline on the bootstrapped paths (${learned.loss.toFixed(5)} against ${best.loss.toFixed(5)} for ${best.policy}).`
          : `Out of sample, the learned policy did not beat the best simple policy (${best.policy}: loss ${best.loss.toFixed(5)} against ${learned.loss.toFixed(5)}). Prefer ${best.policy}.`
      }
    }
  };
}
