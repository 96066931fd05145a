/**
 * `npm run models` is reproducible and the cards hold what the scripts computed: every model is
 * rebuilt here from the shipped data and must come out byte-identical to the committed .onnx and
 * card files; then a sample of card numbers is recomputed independently, through onnxruntime on
 * the shipped file rather than through the training code.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { afinn165FinancialMarketNews } from 'afinn-165-financialmarketnews';
import { describe, expect, it } from 'vitest';
import { macroF1, accuracy } from '../../../src/lib/core/ml/ml-metrics';
import { lexiconClassify } from '../../../src/lib/core/ml/sentiment';
import { scoreHeadlines } from '../../../src/lib/core/ml/predictions';
import { openModel } from '../../../src/lib/ml/onnx-port';
import { buildForecaster } from '../../../models/train/forecaster';
import { buildRegimes } from '../../../models/train/regimes';
import { buildPolicy } from '../../../models/train/policy';
import { buildSentiment, sentimentSplit } from '../../../models/train/sentiment';
import { labelledTexts, SENTIMENT_TRAIN } from '../../../models/train/data';
import { modelFiles } from '../../../models/train/model-files';

ort.env.wasm.numThreads = 1;
const committed = (name: string) => new Uint8Array(readFileSync(`models/${name}.onnx`));
const card = (name: string) => JSON.parse(readFileSync(`models/${name}.card.json`, 'utf8'));

describe('npm run models rebuilds the committed files byte for byte', () => {
  it('forecaster, regimes, policy and sentiment', { timeout: 120_000 }, () => {
    const regimes = buildRegimes();
    for (const model of [buildForecaster(), regimes, buildPolicy(regimes.graph), buildSentiment()]) {
      const files = modelFiles(model);
      expect(Buffer.compare(Buffer.from(files.bytes), Buffer.from(committed(model.name))), model.name).toBe(0);
      // The card the script would write is the committed card, metrics and all.
      expect(files.card, model.name).toBe(readFileSync(`models/${model.name}.card.json`, 'utf8'));
      // And the app serves the same files.
      expect(Buffer.compare(readFileSync(`static/models/${model.name}.onnx`), Buffer.from(files.bytes))).toBe(0);
    }
  });
});

describe('card numbers recomputed independently', () => {
  it('sentiment: held-out macro-F1 and accuracy of the shipped file, and the lexicon baseline', async () => {
    const { test } = sentimentSplit(labelledTexts(SENTIMENT_TRAIN));
    const model = await openModel(ort, committed('sentiment'), 'sentiment');
    const results = await scoreHeadlines(
      model,
      test.map((t) => t.text)
    );
    const predicted = results.map((r) => ['bearish', 'bullish', 'neutral'].indexOf(r.label));
    const truth = test.map((t) => t.label);
    const c = card('sentiment').evaluation;
    expect(macroF1(truth, predicted, 3)).toBeCloseTo(c.test.macroF1, 9);
    expect(accuracy(truth, predicted)).toBeCloseTo(c.test.accuracy, 9);
    const lexicon = lexiconClassify(
      afinn165FinancialMarketNews,
      test.map((t) => t.text)
    );
    expect(macroF1(truth, lexicon, 3)).toBeCloseTo(c.lexiconBaseline.test.macroF1, 9);
    expect(c.beatsBaseline).toBe(c.test.macroF1 > c.lexiconBaseline.test.macroF1);
  });

  it('regimes: the monthly labels in the card are what the shipped file says', async () => {
    const { marketMonths } = await import('../../../src/lib/core/ml/regimes');
    const { pricesTable } = await import('../../../models/train/data');
    const months = marketMonths(pricesTable());
    const model = await openModel(ort, committed('regimes'), 'regimes');
    const x = new Float32Array(months.length * 4);
    months.forEach((m, r) => x.set(m.x, r * 4));
    const p = (await model.run(x, months.length)).regime_probabilities;
    const history = card('regimes').history as { date: string; regime: string; probabilities: number[] }[];
    expect(history.length).toBe(months.length);
    const names = ['calm', 'normal', 'stressed'];
    let agree = 0;
    history.forEach((h, r) => {
      const row = Array.from(p.subarray(r * 3, r * 3 + 3));
      expect(h.date).toBe(months[r].date);
      for (let c = 0; c < 3; c++) expect(Math.abs(row[c] - h.probabilities[c])).toBeLessThan(1e-4);
      if (names[row.indexOf(Math.max(...row))] === h.regime) agree++;
    });
    // Float32 against float64 may flip a month sitting exactly between two regimes, no more.
    expect(agree).toBeGreaterThanOrEqual(history.length - 1);
  });
});
