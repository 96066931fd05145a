/**
 * Trains the return and risk forecaster: ridge regression, walk-forward evaluated. The shipped
 * model is fitted on every sample; the card's numbers come from the walk-forward, where each
 * year is forecast by a model that saw only labels that had ended before that year began.
 */
import {
  DEFAULT_LAMBDA,
  evaluateForecasts,
  forecastSamples,
  trainForecaster,
  walkForward
} from '../../src/lib/core/ml/forecaster';
import { pearson } from '../../src/lib/core/ml/ml-metrics';
import { DATA_SOURCES, type BuiltModel } from './model-files';
import { pricesTable } from './data';

export const FORECASTER_SETTINGS = { lambda: DEFAULT_LAMBDA, minTrainYears: 5, topN: 5, costBps: 10 };

export function buildForecaster(): BuiltModel {
  const table = pricesTable();
  const samples = forecastSamples(table);
  const wf = walkForward(table, {
    samples,
    lambda: FORECASTER_SETTINGS.lambda,
    minTrainYears: FORECASTER_SETTINGS.minTrainYears
  });
  const evaluation = evaluateForecasts(table, wf.forecasts, FORECASTER_SETTINGS);
  const model = trainForecaster(samples, FORECASTER_SETTINGS.lambda);
  const predicted = wf.forecasts.map((f) => f.returnForecast);
  const realised = wf.forecasts.map((f) => f.sample.nextReturn);
  const { signal, momentum, equalWeight } = evaluation.portfolios;
  const beatsBaseline = signal.sharpe > momentum.sharpe && signal.sharpe > equalWeight.sharpe;
  return {
    name: 'forecaster',
    kind: 'forecaster',
    graph: model.toOnnx('features', { kind: 'forecaster', version: '1' }, 'forecaster'),
    card: {
      description:
        "Ridge regression from eight per-asset features at the first trading day of a month to that month's return and to the log of its realised volatility (the ONNX graph applies exp). The graph standardises the raw features itself.",
      scaling:
        "raw features in the units listed; the graph subtracts feature_mean and divides by feature_scale (the training set's mean and standard deviation)",
      training: {
        data: [DATA_SOURCES.prices],
        period: { from: table.dates[samples[0].bar], to: table.dates[samples[samples.length - 1].labelEnd] },
        samples: samples.length,
        method: 'ridge regression, penalty λ·rows·‖w‖² on standardised features, intercept unpenalised',
        hyperparameters: { ...FORECASTER_SETTINGS, note: 'λ was fixed before any out-of-sample result was seen' },
        seed: null,
        script: 'models/train/forecaster.ts'
      },
      evaluation: {
        scheme: `expanding-window walk-forward: each calendar year after ${FORECASTER_SETTINGS.minTrainYears} years of samples is forecast by a model trained on the samples whose label ended by that year's first decision bar`,
        folds: wf.folds.length,
        ...evaluation,
        calibration: {
          note: 'realised monthly return against the forecast, out of sample',
          correlation: pearson(predicted, realised)
        },
        baselines: ['1/N, rebalanced monthly', `top ${FORECASTER_SETTINGS.topN} by plain 12-1 momentum`],
        beatsBaseline,
        verdict: beatsBaseline
          ? 'Out of sample, the forecast-tilted portfolio beat both 1/N and 12-1 momentum on Sharpe ratio after costs.'
          : `Out of sample, the forecast-tilted portfolio did not beat its baselines after costs (Sharpe ${signal.sharpe.toFixed(2)} against ${equalWeight.sharpe.toFixed(2)} for 1/N and ${momentum.sharpe.toFixed(2)} for 12-1 momentum); its mean rank IC was ${evaluation.meanRankIc.toFixed(3)} against ${evaluation.momentumMeanRankIc.toFixed(3)} for momentum. Treat its forecasts as weak evidence.`
      },
      usage: {
        blackLitterman:
          'Absolute views Q = 12 × forecast; Idzorek confidence = max(0, out-of-sample mean rank IC), so a model without skill moves the prior by almost nothing.',
        viewConfidence: Math.max(0, evaluation.meanRankIc)
      }
    }
  };
}
