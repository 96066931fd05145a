// Keel's benchmarks, measured in the real built app in headless Chromium:
//   1. the gzipped size of the JavaScript the first page loads (budget ≤ 100 KB; no solver or
//      model code may be in it);
//   2. the time to plan the demo rebalance in the worker: cold (worker start + glpk wasm load +
//      solve) and warm (solve only), as seen by the page and as reported by the worker;
//   3. storing and loading 5 million price points in IndexedDB;
//   4. parse + validate throughput of the import worker on a ~50 MB price file.
// Usage: npm run bench            (builds first)
//        node scripts/bench.js --record   (also appends the results to docs/benchmarks.md)
import { chromium } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromiumArgs, chromiumPath } from './chromium.js';

const PORT = Number(process.env.KEEL_BENCH_PORT ?? 4179);
const BASE = `http://localhost:${PORT}`;
const WARM_RUNS = 15;
const FIRST_LOAD_BUDGET_KB = 100;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function waitForServer() {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(BASE)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The app server did not start on ${BASE}`);
}

async function firstLoadJavaScript(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = [];
  page.on('response', async (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (type.includes('javascript')) scripts.push(response);
  });
  await page.goto(BASE, { waitUntil: 'networkidle' });
  const files = [];
  for (const response of scripts) {
    const body = await response.body();
    files.push({ url: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body).length });
  }
  await context.close();
  // The service worker script is fetched by the browser for installation, not by the page.
  const pageFiles = files.filter((f) => !/\/(sw|workbox-[^/]*)\.js$/.test(f.url));
  const forbidden = pageFiles.filter((f) => /glpk|onnx|ort-|worker/i.test(f.url));
  return { files: pageFiles, forbidden, gzipTotal: pageFiles.reduce((s, f) => s + f.gzip, 0) };
}

async function planTimings(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE);
  await page.getByRole('button', { name: 'Open the demo portfolio' }).click();
  await page.getByRole('heading', { level: 1, name: 'Demo: six-fund multi-asset' }).waitFor();
  const runs = [];
  for (let run = 0; run < WARM_RUNS + 1; run++) {
    await page.getByRole('button', { name: 'Plan rebalance' }).click();
    const timing = page.getByTestId('plan-timing');
    await timing.waitFor();
    runs.push({
      totalMs: Number(await timing.getAttribute('data-total-ms')),
      solveMs: Number(await timing.getAttribute('data-solve-ms'))
    });
    // Make the plan stale so the next click plans again from scratch.
    await page.getByRole('button', { name: 'Save cash' }).click();
    await timing.waitFor({ state: 'detached' });
  }
  await context.close();
  const [cold, ...warm] = runs;
  return {
    cold,
    warmTotalMs: median(warm.map((r) => r.totalMs)),
    warmSolveMs: median(warm.map((r) => r.solveMs))
  };
}

async function storageTimings(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/data/storage-benchmark`);
  const runs = [];
  for (let run = 0; run < 3; run++) {
    await page.getByRole('button', { name: 'Run the benchmark' }).click();
    await page.waitForFunction(() => !document.querySelector('main button')?.disabled, undefined, { timeout: 120_000 });
    const result = page.getByTestId('storage-result');
    if ((await result.getAttribute('data-verified')) !== 'true')
      throw new Error('storage benchmark read back different data');
    runs.push({
      storeMs: Number(await result.getAttribute('data-store-ms')),
      loadMs: Number(await result.getAttribute('data-load-ms'))
    });
  }
  await context.close();
  return { storeMs: median(runs.map((r) => r.storeMs)), loadMs: median(runs.map((r) => r.loadMs)) };
}

async function importTimings(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.text().startsWith('import benchmark')) console.log(message.text());
  });
  await page.goto(`${BASE}/data/storage-benchmark`);
  await page.getByRole('button', { name: 'Run the import benchmark' }).click();
  const result = page.getByTestId('import-result');
  await result.waitFor({ timeout: 300_000 });
  const ms = Number(await result.getAttribute('data-ms'));
  const workerMs = Number(await result.getAttribute('data-worker-ms'));
  const mib = Number(await result.getAttribute('data-mib'));
  const points = Number(await result.getAttribute('data-points'));
  await context.close();
  return { ms, workerMs, mib, points, mibPerSecond: mib / (ms / 1000), workerMibPerSecond: mib / (workerMs / 1000) };
}

async function plannerTimings(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/data/planner-benchmark`);
  await page.getByRole('button', { name: 'Run the planner benchmark' }).click();
  await page.getByTestId('planner-bench-done').waitFor({ timeout: 300_000 });
  const rows = [];
  for (const row of await page.getByTestId('planner-bench').locator('tbody tr').all()) {
    const cells = await row.locator('td').allInnerTexts();
    rows.push({
      holdings: Number(await row.getAttribute('data-holdings')),
      workerMs: Number(await row.getAttribute('data-worker-ms')),
      pageMs: Number(await row.getAttribute('data-page-ms')),
      status: cells[3],
      driftAfter: cells[4],
      trades: cells[5]
    });
  }
  await context.close();
  return rows;
}

async function backtestTimings(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/data/backtest-benchmark`);
  await page.getByRole('button', { name: 'Run the backtest benchmark' }).click();
  await page.getByTestId('backtest-bench-done').waitFor({ timeout: 300_000 });
  const table = page.getByTestId('backtest-bench');
  const read = async (name) => Number(await table.getAttribute(`data-${name}`));
  const result = {
    workers: await read('workers'),
    kernelAlone: await read('kernel-alone'),
    kernelPerWorker: await read('kernel-per-worker'),
    sweepColdMs: await read('sweep-cold-ms'),
    sweepWarmMs: await read('sweep-warm-ms'),
    minVarianceMeanMs: await read('min-variance-mean-ms'),
    minVarianceMaxMs: await read('min-variance-max-ms'),
    minVarianceMedianMs: await read('min-variance-median-ms'),
    minVarianceRefits: await read('min-variance-refits')
  };
  await context.close();
  return result;
}

/**
 * onnxruntime-web in a fresh worker, once the service worker has precached the app (the budget is
 * "cold once precached"): 5 runs, each in a new browser context, so that nothing holds a compiled
 * runtime (V8 shares one per process while anything references it); medians.
 */
async function signalsTimings(browser) {
  const runs = [];
  for (let run = 0; run < 5; run++) {
    // A new context is a new renderer process: nothing compiled survives from the run before
    // (a reload would keep the process, and V8's compiled module with it until a GC).
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${BASE}/data/signals-benchmark`);
    await page.waitForFunction(
      async () => (await navigator.serviceWorker.ready).active?.state === 'activated',
      undefined,
      { timeout: 60_000 }
    );
    // Precaching finishes before activation; reload so the page (and its workers) are served from it.
    await page.reload();
    await page.getByRole('button', { name: 'Run the signals benchmark' }).click();
    await page.getByTestId('signals-bench-done').waitFor({ timeout: 120_000 });
    const table = page.getByTestId('signals-bench');
    if ((await table.getAttribute('data-runtime-was-held')) !== 'false')
      throw new Error('The signals benchmark page had a runtime already: the cold figure would not be cold.');
    if ((await table.getAttribute('data-held-source')) !== 'adopted')
      throw new Error('The second signals worker did not start on the compiled runtime it was handed.');
    const read = async (name) => Number(await table.getAttribute(`data-${name}`));
    runs.push({
      workerStartMs: await read('worker-start-ms'),
      moduleMs: await read('module-ms'),
      runtimeStartMs: await read('runtime-start-ms'),
      firstSessionMs: await read('first-session-ms'),
      coldMs: await read('cold-ms'),
      heldColdMs: await read('held-cold-ms'),
      heldRuntimeStartMs: await read('held-runtime-start-ms'),
      sessionMs: await read('session-ms'),
      firstRunMs: await read('first-run-ms'),
      warmMedianMs: await read('warm-median-ms'),
      warmMaxMs: await read('warm-max-ms')
    });
    await context.close();
  }
  const median = (key) => [...runs.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return Object.fromEntries(Object.keys(runs[0]).map((key) => [key, median(key)]));
}

function machine() {
  let chromiumVersion = 'unknown';
  try {
    chromiumVersion = execFileSync(chromiumPath, ['--version'], {
      stdio: ['ignore', 'pipe', 'ignore']
    })
      .toString()
      .trim();
  } catch {
    // leave unknown
  }
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${chromiumVersion}`;
}

const server = spawn(process.execPath, ['scripts/serve.js', '--port', String(PORT)], { stdio: 'ignore' });
let exitCode = 0;
try {
  await waitForServer();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const load = await firstLoadJavaScript(browser);
  const plan = await planTimings(browser);
  const storage = await storageTimings(browser);
  const parse = await importTimings(browser);
  const planner = await plannerTimings(browser);
  const backtest = await backtestTimings(browser);
  const signals = await signalsTimings(browser);
  await browser.close();

  const kb = (bytes) => (bytes / 1024).toFixed(1);
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `## ${date} — ${machine()}`,
    '',
    '| measurement | result | budget |',
    '|---|---|---|',
    `| JavaScript loaded by the first page (gzip, ${load.files.length} files) | ${kb(load.gzipTotal)} KB | ≤ ${FIRST_LOAD_BUDGET_KB} KB |`,
    `| solver or model code in the first page | ${load.forbidden.length === 0 ? 'none' : load.forbidden.map((f) => f.url).join(', ')} | none |`,
    `| plan the demo rebalance, cold (worker start + glpk wasm + solve), page-measured | ${plan.cold.totalMs.toFixed(1)} ms | well under 1 s |`,
    `| plan the demo rebalance, warm, page-measured (median of ${WARM_RUNS}) | ${plan.warmTotalMs.toFixed(1)} ms | |`,
    `| MILP solve inside the worker, warm (median of ${WARM_RUNS}) | ${plan.warmSolveMs.toFixed(2)} ms | |`,
    `| store 5,000,000 price points (100 series, IndexedDB, median of 3) | ${storage.storeMs.toFixed(0)} ms | < 2,000 ms |`,
    `| load them back | ${storage.loadMs.toFixed(0)} ms | < 500 ms |`,
    `| read + check a ${parse.mib.toFixed(1)} MiB price file in the import worker (${parse.points.toLocaleString('en')} prices; median of 5), inside the worker | ${parse.workerMs.toFixed(0)} ms = ${parse.workerMibPerSecond.toFixed(0)} MiB/s | ≥ 50 MiB/s |`,
    `| the same, as the page waits for it (message, transfer of the prices) | ${parse.ms.toFixed(0)} ms = ${parse.mibPerSecond.toFixed(0)} MiB/s | |`,
    ...planner.map(
      (row) =>
        `| household plan, ${row.holdings} holdings, ${row.holdings === 30 ? 200 : 1500} lots, 3 accounts, in the worker (median; page waited ${row.pageMs.toFixed(0)} ms; ${row.status}, drift after ${row.driftAfter}, ${row.trades} trades) | ${row.workerMs.toFixed(0)} ms | ${row.holdings === 30 ? '< 300 ms' : '< 3,000 ms'} |`
    ),
    `| threshold kernel in one worker (20 assets × 7,560 days; median of 5 × 100 variants) | ${(backtest.kernelAlone / 1e6).toFixed(0)} million asset-days/s | ≥ 330 million (numba, one core) |`,
    `| the same in each of the pool's ${backtest.workers} workers at once (mean) | ${(backtest.kernelPerWorker / 1e6).toFixed(0)} million asset-days/s | ≥ 330 million |`,
    `| 1,000 band × cost variants on the pool of ${backtest.workers} workers, warm, page-measured (median of 7) | ${backtest.sweepWarmMs.toFixed(0)} ms | < 500 ms (numba: 450 ms) |`,
    `| the same, cold (workers starting) | ${backtest.sweepColdMs.toFixed(0)} ms | |`,
    `| walk-forward minimum variance, 500 assets, 252-day window, ${backtest.minVarianceRefits} monthly refits in a worker (estimation + QP) | mean ${backtest.minVarianceMeanMs.toFixed(1)} ms, median ${backtest.minVarianceMedianMs.toFixed(1)} ms, worst (the first, cold) ${backtest.minVarianceMaxMs.toFixed(0)} ms | ≤ 20 ms (cvxportfolio: 170 ms) |`,
    `| onnxruntime-web, precached: first session in a fresh worker of a fresh browser process, cold, from creating the worker (its JavaScript ${signals.workerStartMs.toFixed(0)} ms; the runtime's 14 MB wasm compiled as it is read from the offline cache ${signals.moduleMs.toFixed(0)} ms; runtime started ${signals.runtimeStartMs.toFixed(0)} ms; forecaster session ${signals.firstSessionMs.toFixed(0)} ms; medians of 5) | ${signals.coldMs.toFixed(0)} ms | < 300 ms |`,
    `| the same in a new worker handed the compiled runtime, as Keel does once a model has been used (runtime started ${signals.heldRuntimeStartMs.toFixed(0)} ms) | ${signals.heldColdMs.toFixed(0)} ms | < 300 ms |`,
    `| another model's session in the same worker | ${signals.sessionMs.toFixed(1)} ms | |`,
    `| forecast 500 assets in the worker, first run | ${signals.firstRunMs.toFixed(2)} ms | |`,
    `| forecast 500 assets in the worker, warm (median of 50; worst ${signals.warmMaxMs.toFixed(2)} ms) | ${signals.warmMedianMs.toFixed(3)} ms | < 2 ms |`,
    ''
  ];
  console.log(lines.join('\n'));
  console.log('First-page JavaScript files (gzip bytes):');
  for (const file of load.files) console.log(`  ${file.gzip.toString().padStart(7)}  ${file.url}`);
  if (process.argv.includes('--record')) {
    appendFileSync('docs/benchmarks.md', `\n${lines.join('\n')}`);
    console.log('Recorded in docs/benchmarks.md');
  }
  if (load.gzipTotal > FIRST_LOAD_BUDGET_KB * 1024 || load.forbidden.length > 0) {
    console.error('Over budget: the first page loads too much JavaScript, or solver/model code.');
    exitCode = 1;
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  server.kill();
}
process.exit(exitCode);
