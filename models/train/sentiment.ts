/**
 * Trains headline sentiment: logistic regression over hashed word n-grams. The training file is
 * split (seeded) into a fitting part and a held-out test part; the validation file only picks the
 * penalty and the number of epochs; the card reports the held-out test and the lexicon baseline.
 */
import { afinn165FinancialMarketNews } from 'afinn-165-financialmarketnews';
import { mulberry32 } from '../../src/lib/core/random';
import type { LinearModel } from '../../src/lib/core/ml/linear-model';
import { HASH_BUCKETS } from '../../src/lib/core/ml/tokenizer';
import {
  SENTIMENT_LABELS,
  classify,
  lexiconClassify,
  scoreReport,
  trainSentiment,
  type LabelledText
} from '../../src/lib/core/ml/sentiment';
import { SENTIMENT_TRAIN, SENTIMENT_VALID, labelledTexts } from './data';
import { DATA_SOURCES, type BuiltModel } from './model-files';

export const SENTIMENT_SETTINGS = {
  splitSeed: 11,
  testShare: 0.15,
  seed: 5,
  learningRate: 0.02,
  batch: 32,
  maxEpochs: 8,
  l2Grid: [1e-5, 1e-4]
};

/** The held-out test split of the training file (seeded shuffle; the same for the card test). */
export function sentimentSplit(all: readonly LabelledText[]): { fit: LabelledText[]; test: LabelledText[] } {
  const random = mulberry32(SENTIMENT_SETTINGS.splitSeed);
  const order = all.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const cut = Math.round(all.length * SENTIMENT_SETTINGS.testShare);
  return { test: order.slice(0, cut).map((i) => all[i]), fit: order.slice(cut).map((i) => all[i]) };
}

export function buildSentiment(): BuiltModel {
  const s = SENTIMENT_SETTINGS;
  const { fit, test } = sentimentSplit(labelledTexts(SENTIMENT_TRAIN));
  const valid = labelledTexts(SENTIMENT_VALID);
  const truth = (xs: LabelledText[]) => xs.map((x) => x.label);
  const texts = (xs: LabelledText[]) => xs.map((x) => x.text);
  const selection: { l2: number; epoch: number; macroF1: number; accuracy: number }[] = [];
  let best: { l2: number; epoch: number; macroF1: number; model: LinearModel } | undefined;
  for (const l2 of s.l2Grid)
    trainSentiment(
      fit,
      { l2, epochs: s.maxEpochs, learningRate: s.learningRate, batch: s.batch, seed: s.seed },
      (epoch, model) => {
        const r = scoreReport(truth(valid), classify(model, texts(valid)));
        selection.push({ l2, epoch, ...r });
        if (!best || r.macroF1 > best.macroF1) best = { l2, epoch, macroF1: r.macroF1, model };
      }
    );
  const chosen = best!;
  const testReport = scoreReport(truth(test), classify(chosen.model, texts(test)));
  const lexiconTest = scoreReport(truth(test), lexiconClassify(afinn165FinancialMarketNews, texts(test)));
  const lexiconValid = scoreReport(truth(valid), lexiconClassify(afinn165FinancialMarketNews, texts(valid)));
  const beatsBaseline = testReport.macroF1 > lexiconTest.macroF1;
  return {
    name: 'sentiment',
    kind: 'sentiment',
    graph: chosen.model.toOnnx('hashed_ngrams', { kind: 'sentiment', version: '1' }, 'sentiment'),
    card: {
      description: `Multinomial logistic regression over the word unigrams and bigrams of a headline, hashed into ${HASH_BUCKETS} columns. The tokeniser (src/lib/core/ml/tokenizer.ts) is part of the contract: lower case; links, cashtags, percentages and numbers become <url>, <ticker>, <pct>, <num>.`,
      scaling: 'none: each column is 0 or 1',
      classes: SENTIMENT_LABELS,
      training: {
        data: [DATA_SOURCES.sentiment],
        split: `sent_train.csv shuffled with seed ${s.splitSeed}: ${fit.length} texts to fit, ${test.length} held out for the test below; sent_valid.csv (${valid.length}) used only to choose the penalty and epochs`,
        method: 'mini-batch Adam on the class-balanced cross-entropy with an L2 penalty',
        hyperparameters: { ...s, chosen: { l2: chosen.l2, epochs: chosen.epoch } },
        seed: s.seed,
        modelSelection: selection,
        script: 'models/train/sentiment.ts'
      },
      evaluation: {
        test: { texts: test.length, ...testReport },
        lexiconBaseline: {
          lexicon:
            "afinn-165-financialmarketnews 3.0.0 (AFINN-165 with financial market additions; AFINN is ODbL 1.0, the package MIT); a text is bullish when its words' scores sum above 0, bearish below, neutral at 0",
          test: lexiconTest,
          validation: lexiconValid
        },
        validation: { texts: valid.length, macroF1: chosen.macroF1 },
        beatsBaseline,
        verdict: beatsBaseline
          ? `On held-out headlines the model reached macro-F1 ${testReport.macroF1.toFixed(3)} against ${lexiconTest.macroF1.toFixed(3)} for the lexicon baseline.`
          : `On held-out headlines the model did not beat the lexicon baseline (macro-F1 ${testReport.macroF1.toFixed(3)} against ${lexiconTest.macroF1.toFixed(3)}).`
      }
    }
  };
}
