import { expect, test } from '@playwright/test';
import { openDemo, planRebalance, waitForServiceWorker } from './helpers';

test('no request of the whole journey leaves the app origin', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  page.on('worker', (worker) => requests.push(worker.url()));

  await page.goto('/');
  await waitForServiceWorker(page);
  await openDemo(page);
  await planRebalance(page);
  await page.getByRole('link', { name: 'Privacy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Privacy' })).toBeVisible();
  await page.getByRole('link', { name: 'Portfolios' }).click();
  await page.getByRole('link', { name: 'Demo: six-fund multi-asset' }).click();
  await planRebalance(page);
  await page.getByRole('link', { name: 'Optimize' }).click();
  await page.getByRole('button', { name: 'Optimize' }).click();
  await expect(page.getByTestId('optimize-result')).toBeVisible({ timeout: 30_000 });

  expect(requests.length).toBeGreaterThan(10);
  const elsewhere = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
  expect(elsewhere).toEqual([]);
});
