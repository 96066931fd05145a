/**
 * Fits the market-regime model: a three-component diagonal Gaussian mixture on the market
 * features of each month before 2010, then labels every month and reports what the months in
 * each regime went on to do, in the fitting period and after it.
 */
import { MARKET_FEATURES } from '../../src/lib/core/ml/market-features';
import { REGIME_NAMES, fitRegimes, marketMonths, regimeStatistics } from '../../src/lib/core/ml/regimes';
import { pricesTable } from './data';
import { DATA_SOURCES, type BuiltModel } from './model-files';

export const REGIME_SETTINGS = { trainUntil: '2010-01-01', seed: 20261202 };

export function buildRegimes(): BuiltModel {
  const table = pricesTable();
  const months = marketMonths(table);
  const { fitted, labels, probabilities } = fitRegimes(months, REGIME_SETTINGS.trainUntil, REGIME_SETTINGS.seed);
  const inSample = months.map((m) => m.date < REGIME_SETTINGS.trainUntil);
  const pick = <T>(xs: readonly T[], keep: boolean) => xs.filter((_, i) => inSample[i] === keep);
  const oos = regimeStatistics(pick(months, false), pick(labels, false));
  const ordered = oos.every(
    (s, c) =>
      c === 0 || s.months === 0 || oos[c - 1].months === 0 || s.nextVolatilityPerYear > oos[c - 1].nextVolatilityPerYear
  );
  const k = REGIME_NAMES.length;
  return {
    name: 'regimes',
    kind: 'regimes',
    graph: fitted.model.toOnnx('market_features', 'regime_probabilities', { kind: 'regimes', version: '1' }),
    card: {
      description:
        'A Gaussian mixture with diagonal covariances on four market features of the equal-weight market of the universe. Components are ordered by mean volatility: calm, normal, stressed. The graph standardises the features and returns the posterior probability of each regime.',
      scaling:
        "raw features in the units listed; the graph standardises them with the fitting months' mean and standard deviation",
      training: {
        data: [DATA_SOURCES.prices],
        period: { from: months[0].date, to: pick(months, true).at(-1)!.date },
        samples: pick(months, true).length,
        method:
          'EM from a seeded k-means++ start, variance floor 0.05 (standardised units), stopped when the log-likelihood changes by < 1e-9 relative',
        hyperparameters: { components: k, ...REGIME_SETTINGS },
        seed: REGIME_SETTINGS.seed,
        iterations: fitted.iterations,
        logLikelihood: fitted.logLikelihood,
        script: 'models/train/regimes.ts'
      },
      components: REGIME_NAMES.map((name, c) => ({
        regime: name,
        weight: fitted.weights[c],
        standardisedMean: Object.fromEntries(
          MARKET_FEATURES.map((f, j) => [f.name, fitted.means[c * MARKET_FEATURES.length + j]])
        )
      })),
      evaluation: {
        inSample: regimeStatistics(pick(months, true), pick(labels, true)),
        outOfSample: oos,
        baselines: [
          "the ordering itself: a useful regime label should sort the following month's market volatility out of sample"
        ],
        beatsBaseline: ordered,
        verdict: ordered
          ? 'Out of sample (2010 onward), the months labelled calm, normal and stressed were followed by increasing market volatility, as in the fitting period.'
          : "Out of sample (2010 onward), the regimes did not sort the following month's market volatility: read them as a description of the past, not a forecast."
      },
      history: months.map((m, i) => ({
        date: m.date,
        regime: REGIME_NAMES[labels[i]],
        probabilities: Array.from(probabilities.subarray(i * k, (i + 1) * k), (p) => Math.round(p * 1e4) / 1e4)
      }))
    }
  };
}
