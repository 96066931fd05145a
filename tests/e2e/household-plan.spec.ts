import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { waitForServiceWorker } from './helpers';

test('the household journey offline: policy and rules, plan, skip, approve, execute, holdings, CSV, print', async ({
  page,
  context
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await waitForServiceWorker(page);
  const origin = new URL(page.url()).origin;
  const foreign: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
  });

  await page.getByRole('button', { name: 'Open the demo household' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rebalancing plan' })).toBeVisible();
  const planUrl = page.url();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Rebalancing plan' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'ira' })).toBeVisible();

  // Policy and rules.
  await page.getByLabel('Policy kind').selectOption('full');
  await page.getByLabel('Objective').selectOption('closest-to-target');
  await page.getByRole('combobox', { name: 'Rule', exact: true }).selectOption('max-weight');
  await page.getByLabel('Symbol or class').fill('VNQ');
  await page.getByLabel('Limit (%)').fill('9');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByTestId('rules')).toContainText('VNQ at most 9.0 %');

  // Plan.
  await page.getByRole('button', { name: 'Make the plan' }).click();
  const result = page.getByTestId('plan-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result.getByRole('heading', { level: 2 })).toHaveText(/Optimal plan|Plan found/);
  await expect(page.getByTestId('plan-status')).toHaveText('draft');
  await expect(page.getByTestId('presets').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('before-after-chart')).toBeVisible();
  const rows = page.getByTestId('trade-row');
  const tradesBefore = await rows.count();
  expect(tradesBefore).toBeGreaterThan(1);
  await expect(rows.first().locator('.reasons li').first()).not.toBeEmpty();

  // Skip a trade: the comparison, then adopt the plan without it.
  await rows
    .first()
    .getByRole('button', { name: /What if I skip this/ })
    .click();
  await expect(page.getByTestId('skip-comparison')).toContainText(/drift after/);
  await page.getByRole('button', { name: 'Use the plan without it' }).click();
  await expect(page.getByTestId('skip-comparison')).toHaveCount(0);
  await expect(page.getByTestId('plan-status')).toHaveText('draft');

  // Export the order list.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export orders (CSV)' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe('account,symbol,side,quantity,limit price,value,currency,estimated cost,estimated tax,lots');
  expect(lines.length - 1).toBe(await rows.count());

  // What the plan trades, to check the holdings afterwards.
  const traded = new Map<string, number>();
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allInnerTexts();
    const quantity = Number(cells[6].split(' @ ')[0]);
    traded.set(cells[1], (traded.get(cells[1]) ?? 0) + (cells[2] === 'buy' ? quantity : -quantity));
  }

  // Approve and execute with the planned fills.
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('approved');
  await page.getByRole('button', { name: 'Record execution' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('executed');
  await expect(page.getByText('Execution recorded')).toBeVisible();

  // The print view, in its own tab.
  const [report] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('link', { name: 'Print view' }).click()
  ]);
  await expect(report.getByTestId('print-report')).toBeVisible();
  await expect(report.getByTestId('print-report')).toContainText('not investment advice');
  await expect(report.getByTestId('print-report')).toContainText('status executed');
  await report.close();

  // The holdings moved by exactly the traded quantities.
  const initial: Record<string, number> = { VTI: 95, VXUS: 210, BND: 150, VTIP: 80, VNQ: 55, IXUS: 0 };
  await page.getByRole('link', { name: /Demo: household/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Demo: household/ })).toBeVisible();
  for (const [symbol, change] of traded) {
    const quantity = page
      .getByTestId('holdings')
      .locator('tr', { has: page.getByRole('rowheader', { name: symbol, exact: true }) })
      .locator('td[data-label="Quantity"]');
    await expect(quantity).toHaveText(String(initial[symbol] + change));
  }
  expect(page.url()).not.toBe(planUrl);
  expect(foreign).toEqual([]);
});

test('tampering with a stored audit entry is reported when the app opens', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open the demo household' }).click();
  await page.getByRole('button', { name: 'Make the plan' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('draft', { timeout: 30_000 });
  await expect(page.getByTestId('audit-broken')).toHaveCount(0);

  // Edit the first entry's payload directly in IndexedDB, as a tamperer with devtools would.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('keel');
        open.onsuccess = () => {
          const tx = open.result.transaction('auditLog', 'readwrite');
          const store = tx.objectStore('auditLog');
          const get = store.get(1);
          get.onsuccess = () => store.put({ ...get.result, payload: { ...get.result.payload, planId: 999 } });
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      })
  );
  await page.reload();
  await expect(page.getByTestId('audit-broken')).toContainText('Audit log entry 1 was changed');
});
