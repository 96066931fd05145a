import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { decodeOnnx, encodeOnnx } from '../../src/lib/core/ml/onnx-model';
import { openDemo, waitForServiceWorker } from './helpers';

test('offline: models load, forecasts come with explanations, headlines are scored, the learned policy backtests', async ({
  page,
  context
}) => {
  await page.goto('/signals');
  await waitForServiceWorker(page);
  await expect(page.getByTestId('forecast-table')).toBeVisible({ timeout: 30_000 });
  await context.setOffline(true);
  const external: string[] = [];
  const network: string[] = [];
  context.on('request', (request) => {
    if (!request.url().startsWith('http://localhost')) external.push(request.url());
  });
  context.on('response', (response) => {
    if (!response.fromServiceWorker()) network.push(response.url());
  });
  await page.reload();

  // The models load from the precache and say how long that took.
  await expect(page.getByTestId('model-status')).toContainText(/Models loaded on this device in \d+ ms/, {
    timeout: 30_000
  });
  // Offline, so the runtime's wasm and the model files came from the offline cache (the worker
  // reads them from Cache Storage directly; nothing of them reached the network).
  expect(network.filter((u) => /\.(onnx|wasm)$/.test(u))).toEqual([]);

  // One forecast per ETF of the demo data set, with an exact explanation of the top one.
  const rows = page.getByTestId('forecast-table').locator('tbody tr');
  await expect(rows).toHaveCount(5);
  const explanation = page.getByTestId('forecast-explanation');
  await expect(explanation.locator('li')).toHaveCount(8);
  await expect(explanation).toContainText('momentum_12m');
  await expect(explanation).toContainText('(exact)');
  // Choosing another asset explains that one.
  const second = rows.nth(1).getByRole('button');
  const name = (await second.textContent())!.trim();
  await second.click();
  await expect(explanation.locator('figcaption')).toContainText(`Why ${name}:`);

  // Honesty: the forecaster did not beat its baselines, and the page says so next to its output.
  await expect(page.getByTestId('verdict-forecaster')).toContainText('did not beat its baseline out of sample');
  await page.getByTestId('verdict-forecaster').getByRole('button', { name: 'Model card' }).click();
  await expect(page.getByTestId('model-card')).toContainText('Return and risk forecaster: model card');
  await expect(page.getByTestId('model-card')).toContainText('momentum_1m');
  await page.getByTestId('model-card').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('model-card')).toHaveCount(0);

  // The current regime, with what drove it.
  await expect(page.getByTestId('current-regime')).toContainText(/reads as (calm|normal|stressed)/);

  // Headlines, one tied to an asset.
  await page
    .getByRole('textbox', { name: /Headlines, one per line/ })
    .fill(
      'MTUM: Momentum stocks jump after strong earnings beat\nRegulators cut outlook, shares plunge on weak demand'
    );
  await page.getByRole('button', { name: 'Score headlines' }).click();
  const results = page.getByTestId('sentiment-results');
  await expect(results.locator(':scope > li')).toHaveCount(2);
  await expect(results.locator(':scope > li').nth(0)).toContainText('bullish');
  await expect(results.locator(':scope > li').nth(1)).toContainText('bearish');
  await expect(results.locator(':scope > li').nth(0)).toContainText('jump');
  await expect(page.getByTestId('sentiment-by-asset')).toContainText(/MTUM \+0\.\d\d/);

  // The learned policy as a backtest strategy, offline, next to buy and hold.
  await backtestLearnedPolicy(page);
  const table = page.getByTestId('metrics-table');
  await expect(table).toBeVisible({ timeout: 30_000 });
  expect(await table.locator('thead th').allTextContents()).toEqual([
    'Metric',
    'Buy and hold',
    'Learned policy (AI model), equal weight'
  ]);
  const rebalances = await table.locator('tr', { hasText: 'Rebalances' }).locator('td').allTextContents();
  expect(Number(rebalances[1])).toBeGreaterThan(0);

  expect(external).toEqual([]);
});

test('your own model: a mismatch is explained and not stored; a matching file is stored, used, kept and deletable', async ({
  page
}) => {
  await page.goto('/signals');
  await expect(page.getByTestId('forecast-table')).toBeVisible({ timeout: 30_000 });
  const kind = page.getByRole('combobox', { name: 'Kind' });
  const file = page.getByLabel('ONNX file');

  await kind.selectOption('forecaster');
  await file.setInputFiles('models/regimes.onnx');
  await expect(page.getByTestId('model-import-error')).toContainText(
    'regimes.onnx was not stored. This file does not match the return and risk forecaster contract: The return and risk forecaster contract needs an input named "features" (float32 [N, 8]); the file has none.'
  );
  await expect(page.getByTestId('user-models')).toHaveCount(0);

  await file.setInputFiles('models/forecaster.onnx');
  await expect(page.getByText('forecaster.onnx matches the forecaster contract')).toBeVisible();
  await expect(page.getByTestId('user-models').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('verdict-forecaster')).toContainText('Your model “forecaster.onnx” is in use');
  await expect(page.getByTestId('forecast-table').locator('tbody tr')).toHaveCount(5);

  await page.reload();
  await expect(page.getByTestId('user-models').locator('tbody tr')).toContainText('In use');
  await expect(page.getByTestId('verdict-forecaster')).toContainText('Your model “forecaster.onnx” is in use');
  await expect(page.getByTestId('forecast-explanation')).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Delete forecaster.onnx' }).click();
  await expect(page.getByTestId('user-models')).toHaveCount(0);
  await expect(page.getByTestId('verdict-forecaster')).not.toContainText('Your model');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('user-models').locator('tbody tr')).toHaveCount(1);
  // Undo puts it back in use, too.
  await expect(page.getByTestId('user-models').locator('tbody tr')).toContainText('In use');
  await expect(page.getByTestId('verdict-forecaster')).toContainText('Your model “forecaster.onnx” is in use');

  // A policy of one's own answers "rebalance now?", and the advice says whose it is.
  await kind.selectOption('policy');
  await file.setInputFiles('models/policy.onnx');
  await expect(page.getByText('policy.onnx matches the policy contract')).toBeVisible();
  await openDemo(page);
  await page.getByRole('button', { name: 'Ask the learned policy' }).click();
  await expect(page.getByTestId('advice-verdict')).toContainText('This is your own policy model ("policy.onnx")', {
    timeout: 30_000
  });
  await expect(page.getByTestId('advice-verdict')).not.toContainText('did not beat');

  // The forecaster of one's own feeds the Optimize page's views too, at a stated low confidence.
  await page.goto('/optimize');
  await expect(page.getByTestId('dataset-summary')).toContainText('5 assets, 2264 dates');
  await page.getByRole('checkbox', { name: /Blend my views/ }).check();
  await page.getByRole('button', { name: "Add the forecaster's views (AI model)" }).click();
  await expect(page.getByTestId('forecast-views')).toContainText(
    'Added 5 views from your forecaster (as of 2022-12-28, confidence 5.0 %, a low default: your model "forecaster.onnx" has no out-of-sample record in Keel)',
    { timeout: 30_000 }
  );
  await expect(page.getByTestId('forecast-views-verdict')).toContainText(
    'This is your own forecaster ("forecaster.onnx")'
  );
});

test("the forecaster's views feed Black–Litterman only when asked, and the page shows prior, views and posterior", async ({
  page
}) => {
  // Headlines about one ETF, scored and saved on the Signals page...
  await page.goto('/signals');
  await expect(page.getByTestId('forecast-table')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('textbox', { name: /Headlines, one per line/ }).fill('QUAL: Quality stocks jump to record high');
  await page.getByRole('button', { name: 'Score headlines' }).click();
  await page.getByRole('button', { name: 'Offer these as low-confidence views on the Optimize page' }).click();
  await expect(page.getByText('Saved the sentiment of QUAL')).toBeVisible();

  await page.goto('/optimize');
  await expect(page.getByTestId('dataset-summary')).toContainText('5 assets, 2264 dates');
  await page.getByRole('checkbox', { name: /Blend my views/ }).check();
  // ...become one low-confidence view there, only when asked.
  await expect(page.getByRole('textbox', { name: 'Return %' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Add headline-sentiment views (low confidence)' }).click();
  await expect(page.getByTestId('forecast-views')).toContainText('Added 1 headline-sentiment views');
  await expect(page.getByRole('textbox', { name: 'Return %' })).toHaveValue(/^[1-9]/);
  await page.getByRole('button', { name: "Add the forecaster's views (AI model)" }).click();
  await expect(page.getByTestId('forecast-views')).toContainText('Added 5 views from the forecaster (as of 2022-12-28');
  await expect(page.getByTestId('forecast-views-verdict')).toContainText('did not beat its baseline out of sample');
  // The views are ordinary, editable rows (the sentiment view stays).
  await expect(page.getByRole('textbox', { name: 'Return %' })).toHaveCount(6);
  await page.getByRole('button', { name: 'Optimize' }).click();
  const table = page.getByTestId('bl-table');
  await expect(table).toBeVisible({ timeout: 30_000 });
  await expect(table.locator('tbody tr')).toHaveCount(5);
  await expect(table.locator('tbody tr').first()).toContainText('forecaster');
  const prior = await table.locator('td[data-label="Prior"]').allTextContents();
  const posterior = await table.locator('td[data-label="Posterior"]').allTextContents();
  expect(prior).toHaveLength(5);
  // Low confidence: the posterior moves from the prior, but not far.
  expect(posterior).not.toEqual(prior);
});

test('rebalance now? The learned policy advises on a portfolio with its reasons; the dashboard reads the regime', async ({
  page
}) => {
  await openDemo(page);
  await page.getByRole('button', { name: 'Ask the learned policy' }).click();
  const advice = page.getByTestId('rebalance-advice');
  await expect(advice).toContainText(/Wait|band's edge|Rebalance fully/, { timeout: 30_000 });
  await expect(advice).toContainText(/wait \d+ %, edge \d+ %, full \d+ %/);
  await expect(page.getByText('No stored price history for these holdings')).toBeVisible();
  await expect(page.getByTestId('advice-verdict')).toContainText('learned policy');

  await page.getByRole('link', { name: 'Portfolios' }).click();
  await page.getByRole('button', { name: 'Read the market regime' }).click();
  await expect(page.getByTestId('dashboard-regime')).toContainText(
    /On 2022-12-28, the shipped sample of 20 US large caps read as (calm|normal|stressed)/,
    { timeout: 30_000 }
  );
});

test('a new signals worker starts onnxruntime on the compiled runtime it is handed, from the offline cache', async ({
  page
}) => {
  await page.goto('/data/signals-benchmark');
  await waitForServiceWorker(page);
  await page.reload();
  await page.getByRole('button', { name: 'Run the signals benchmark' }).click();
  await expect(page.getByTestId('signals-bench-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  const table = page.getByTestId('signals-bench');
  await expect(table).toHaveAttribute('data-runtime-was-held', 'false');
  await expect(table).toHaveAttribute('data-source', 'compiled');
  await expect(table).toHaveAttribute('data-held-source', 'adopted');
  // Both workers opened the forecaster and ran it; the second one on the first one's module.
  for (const name of ['cold-ms', 'held-cold-ms', 'held-runtime-start-ms', 'first-run-ms', 'warm-median-ms'])
    expect(Number(await table.getAttribute(`data-${name}`))).toBeGreaterThan(0);
});

/** Imports a policy file of one's own on the Signals page, then backtests the learned policy with it. */
async function backtestOwnPolicy(page: Page, name: string, bytes: Uint8Array) {
  await page.goto('/signals');
  await expect(page.getByTestId('forecast-table')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Kind' }).selectOption('policy');
  await page
    .getByLabel('ONNX file')
    .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await expect(page.getByText(`${name} matches the policy contract`)).toBeVisible();
  await backtestLearnedPolicy(page);
}

/** From the Signals page: the learned policy alone (next to buy and hold) on the Backtest page. */
async function backtestLearnedPolicy(page: Page) {
  await page.getByRole('link', { name: 'Backtest page' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('5 assets, 2264 dates');
  await page.getByRole('checkbox', { name: '60/40, quarterly' }).uncheck();
  await page.getByRole('checkbox', { name: 'Threshold 5/25' }).uncheck();
  await page.getByRole('checkbox', { name: 'Learned policy (AI model), equal weight' }).check();
  await page.getByRole('button', { name: 'Run backtest' }).click();
}

test('a policy model of your own runs the learned-policy backtest, and the report says whose; one backtests cannot run is refused with a reason', async ({
  page
}) => {
  // Our policy's graph with other parameters: it always waits.
  const graph = decodeOnnx(new Uint8Array(readFileSync('models/policy.onnx')));
  for (const init of graph.initializers) {
    if (init.name === 'action_probabilities_weights') init.data = new Float32Array(init.data.length);
    if (init.name === 'action_probabilities_bias') init.data = Float32Array.from([20, -20, -20]);
  }
  await backtestOwnPolicy(page, 'always-wait.onnx', encodeOnnx(graph));
  const table = page.getByTestId('metrics-table');
  await expect(table).toBeVisible({ timeout: 30_000 });
  const rebalances = await table.locator('tr', { hasText: 'Rebalances' }).locator('td').allTextContents();
  expect(Number(rebalances[1])).toBe(0);
  await expect(page.getByTestId('backtest-own-models')).toContainText(
    'Here the learned policy is your own model “always-wait.onnx”, chosen on the Signals page'
  );

  // The same contract, but a graph backtests cannot evaluate: refused, saying which and why.
  const gemm = graph.nodes.findIndex((n) => n.op === 'Gemm');
  graph.nodes[gemm] = { ...graph.nodes[gemm], outputs: ['linear'] };
  graph.nodes.splice(gemm + 1, 0, { op: 'Relu', inputs: ['linear'], outputs: ['action_probabilities_score'] });
  await backtestOwnPolicy(page, 'relu-policy.onnx', encodeOnnx(graph));
  await expect(page.getByTestId('backtest-error')).toContainText(
    'Your model “relu-policy.onnx” cannot run in backtests: Backtests run a linear policy graph like models/policy.onnx; this file is not one (This is not a standardised linear model: operator 3 is Gemm',
    { timeout: 30_000 }
  );
  await expect(page.getByTestId('backtest-error')).toContainText("Choose Keel's model on the Signals page");
});
