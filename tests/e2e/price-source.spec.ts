import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

let server: Server;
let port = 0;
const hits: string[] = [];
const BODY = 'date,close\n2024-01-02,10.5\n2024-01-03,10.75\n2024-01-04,11\n';

test.beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url?.startsWith('/prices/')) {
      response.writeHead(200, { 'content-type': 'text/csv', 'access-control-allow-origin': '*' });
      response.end(BODY);
    } else {
      // A source that does not allow requests from web pages (no CORS header).
      response.writeHead(200, { 'content-type': 'text/csv' });
      response.end('date,close\n2024-01-02,1\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('the opt-in price source: off by default, asks before a new host, stores and logs every request', async ({
  page,
  baseURL
}) => {
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(new URL(baseURL!).origin)) foreign.push(request.url());
  });
  await page.goto('/data');
  await expect(page.getByTestId('network-log-empty')).toBeVisible();
  await expect(page.getByTestId('source-enabled')).not.toBeChecked();
  expect(foreign).toEqual([]);

  await page.getByTestId('source-enabled').check();
  await page.getByLabel(/Address template/).fill(`http://127.0.0.1:${port}/prices/{symbol}.csv?from={from}&to={to}`);
  await page.getByLabel('Symbol', { exact: true }).fill('xyz');
  await page.getByLabel('From', { exact: true }).fill('2024-01-01');
  await page.getByLabel('To', { exact: true }).fill('2024-01-31');
  await page.getByRole('button', { name: 'Fetch prices' }).click();

  // Nothing is sent before the host is approved.
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(`Allow Keel to send requests to 127.0.0.1:${port}?`);
  expect(hits).toEqual([]);
  expect(foreign).toEqual([]);
  await dialog.getByRole('button', { name: `Allow 127.0.0.1:${port}` }).click();

  await expect(page.getByText(`Stored 3 prices of XYZ from 127.0.0.1:${port}.`)).toBeVisible();
  expect(hits).toEqual(['/prices/XYZ.csv?from=2024-01-01&to=2024-01-31']);
  expect(foreign).toEqual([`http://127.0.0.1:${port}/prices/XYZ.csv?from=2024-01-01&to=2024-01-31`]);
  const log = page.getByTestId('network-log');
  await expect(log.locator('tbody tr')).toHaveCount(1);
  await expect(log).toContainText(`http://127.0.0.1:${port}/prices/XYZ.csv?from=2024-01-01&to=2024-01-31`);
  await expect(log.locator('td[data-label="Status"]')).toHaveText('200');
  await expect(log.locator('td[data-label="Bytes"]')).toHaveText(String(Buffer.byteLength(BODY)));
  await expect(page.getByTestId('stored-series').locator('tr', { hasText: 'XYZ' })).toContainText(
    `price source 127.0.0.1:${port}`
  );

  // A source that refuses browser requests is named as such, and the attempt is logged.
  await page.getByLabel(/Address template/).fill(`http://127.0.0.1:${port}/nocors/{symbol}.csv`);
  await page.getByLabel(/Address template/).blur();
  await page.getByRole('button', { name: 'Fetch prices' }).click();
  await expect(page.getByRole('alert')).toContainText('CORS');
  await expect(log.locator('tbody tr')).toHaveCount(2);
  await expect(log.locator('tbody tr').first().locator('td[data-label="Status"]')).toHaveText('no answer');

  // Off again: the form is gone, and the settings survive a reload.
  await page.getByTestId('source-enabled').uncheck();
  await expect(page.getByRole('button', { name: 'Fetch prices' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('source-enabled')).not.toBeChecked();
  await expect(page.getByTestId('network-log').locator('tbody tr')).toHaveCount(2);
});
