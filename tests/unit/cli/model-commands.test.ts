// The `keel predict` and `keel sentiment` contracts of the AI signals issue.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCliOutput } from '../helpers/cli-output';
import { main } from '../../../src/cli/keel';

const output = captureCliOutput();

describe('keel sentiment', () => {
  it('--text prints label, scores of the three classes and the n-grams that drove it', async () => {
    expect(await main(['sentiment', '--text', 'Apple shares jump after record earnings beat', '--json'])).toBe(0);
    const result = JSON.parse(output.out);
    expect(Object.keys(result)).toEqual(['label', 'scores', 'contributions']);
    expect(result.label).toBe('bullish');
    expect(Object.keys(result.scores).sort()).toEqual(['bearish', 'bullish', 'neutral']);
    expect(result.scores.bearish + result.scores.bullish + result.scores.neutral).toBeCloseTo(1, 5);
    expect(result.contributions[0]).toEqual({ token: expect.any(String), weight: expect.any(Number) });
    expect(result.contributions.map((c: { token: string }) => c.token)).toContain('jump');
  });

  it('--file prints one result per line', async () => {
    expect(await main(['sentiment', '--file', 'docs/examples/headlines.txt', '--json'])).toBe(0);
    const lines = output.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.label)).toEqual(['bullish', 'bearish', 'neutral']);
  });

  it('asks for exactly one of --text and --file', async () => {
    expect(await main(['sentiment'])).toBe(2);
    expect(output.err).toContain('--text');
  });
});

describe('keel predict', () => {
  it('runs a shipped model on rows and explains each prediction exactly', async () => {
    expect(
      await main(['predict', '--model', 'forecaster', '--input', 'docs/examples/predict-forecaster.json', '--json'])
    ).toBe(0);
    const result = JSON.parse(output.out);
    expect(result.kind).toBe('forecaster');
    expect(result.method).toBe('exact');
    expect(result.outputs.return_forecast).toHaveLength(2);
    for (const [r, e] of result.explanations.entries()) {
      const sum = e.contributions.reduce((a: number, c: { contribution: number }) => a + c.contribution, e.base);
      expect(sum).toBeCloseTo(result.outputs.return_forecast[r][0], 5);
      expect(e.contributions.map((c: { feature: string }) => c.feature)[0]).toBe('momentum_1m');
    }
  });

  it('names the regime each row is in', async () => {
    expect(
      await main(['predict', '--model', 'regimes', '--input', 'docs/examples/predict-regimes.json', '--json'])
    ).toBe(0);
    const result = JSON.parse(output.out);
    expect(result.columns).toEqual(['calm', 'normal', 'stressed']);
    expect(result.explanations.map((e: { explains: string }) => e.explains)).toEqual(['calm', 'stressed']);
  });

  it('accepts a user .onnx file that matches a contract, and explains a mismatch', async () => {
    expect(
      await main(['predict', '--model', 'models/policy.onnx', '--input', 'docs/examples/predict-forecaster.json'])
    ).toBe(1);
    expect(output.err).toContain('row 1 must hold 6 numbers');
    output.err = '';
    expect(
      await main([
        'predict',
        '--model',
        'models/forecaster.onnx',
        '--kind',
        'regimes',
        '--input',
        'docs/examples/predict-regimes.json'
      ])
    ).toBe(1);
    expect(output.err).toContain('needs an input named "market_features" (float32 [N, 4]); the file has none');
    const dir = mkdtempSync(join(tmpdir(), 'keel-'));
    writeFileSync(join(dir, 'not-a-model.onnx'), readFileSync('docs/examples/headlines.txt'));
    output.err = '';
    expect(
      await main(['predict', '--model', join(dir, 'not-a-model.onnx'), '--input', 'docs/examples/predict-regimes.json'])
    ).toBe(1);
    expect(output.err).toMatch(/not an ONNX model|damaged/);
  });

  it('forecasts every asset of a price file at its last date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-'));
    writeFileSync(
      join(dir, 'input.json'),
      JSON.stringify({ prices: join(process.cwd(), 'static/data/skfolio/sp500_dataset.csv.gz') })
    );
    expect(await main(['predict', '--model', 'forecaster', '--input', join(dir, 'input.json'), '--json'])).toBe(0);
    const result = JSON.parse(output.out);
    expect(result.date).toBe('2022-12-28');
    expect(result.forecasts).toHaveLength(20);
    expect(result.forecasts[0].asset).toBe('AAPL');
  });
});
