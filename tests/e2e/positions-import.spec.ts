import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openDemo } from './helpers';

test('imports transactions into a portfolio as tax lots, refuses an oversell, and undoes', async ({
  page
}, testInfo) => {
  await openDemo(page);
  const holdings = page.locator('section', { has: page.getByRole('heading', { name: 'Holdings', exact: true }) });
  await expect(holdings).toContainText('VTI');

  const bad = testInfo.outputPath('oversell.csv');
  writeFileSync(
    bad,
    'date,account,type,symbol,quantity,price\n2024-01-02,Broker,buy,VTI,5,200\n2024-01-03,Broker,sell,VTI,6,210\n'
  );
  await page.getByTestId('positions-file').setInputFiles(bad);
  await expect(page.getByTestId('positions-errors')).toContainText(
    'Line 3, quantity: Selling 6 VTI in Broker, but only 5 are held on 2024-01-03.'
  );
  await expect(page.getByRole('button', { name: /Replace the holdings of/ })).toBeDisabled();

  const good = testInfo.outputPath('activity.csv');
  writeFileSync(
    good,
    'date,account,type,symbol,quantity,price,fees,amount,currency\n' +
      '2024-01-02,Broker,deposit,,,,,10000,USD\n' +
      '2024-01-03,Broker,buy,VTI,20,200,1,,USD\n' +
      '2024-02-03,Broker,buy,VTI,10,210,1,,USD\n' +
      '2024-03-01,Broker,sell,VTI,25,220,1,,USD\n' +
      '2024-03-02,IRA,deposit,,,,,5000,USD\n' +
      '2024-03-03,IRA,buy,BND,50,70,0,,USD\n'
  );
  await page.getByTestId('positions-file').setInputFiles(good);
  const review = page.getByTestId('positions-review');
  await expect(review).toContainText('read as transactions: 6 rows, 2 lots of 2 assets');
  await expect(review).toContainText('2 lot sales realised; cash after them: 10897');
  await page.getByRole('button', { name: 'Replace the holdings of Demo: six-fund multi-asset' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Replaced the holdings with 2 lots of 2 assets in 2 accounts' })
  ).toBeVisible();
  await expect(page.getByLabel('Cash (USD)')).toHaveValue('10897');
  // VTI: 5 left of the second lot (first in, first out); BND 50.
  const row = (symbol: string) =>
    holdings.getByRole('row').filter({ has: page.getByRole('rowheader', { name: symbol, exact: true }) });
  await expect(row('VTI').locator('td').nth(2)).toHaveText(/^\s*5\s*$/);
  await expect(row('BND').locator('td').nth(2)).toHaveText(/^\s*50\s*$/);

  // The transactions are kept and export in the import's own columns.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export transactions (CSV)' }).click();
  const exported = readFileSync(await (await download).path(), 'utf8').split('\r\n');
  expect(exported[0]).toBe('date,account,type,symbol,quantity,price,fees,amount,currency,lot,to account');
  expect(exported).toContain('2024-03-01,Broker,sell,VTI,25,220,1,,USD,,');

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByLabel('Cash (USD)')).not.toHaveValue('10897');
  await page.reload();
  await expect(row('VTI').locator('td').nth(2)).not.toHaveText(/^\s*5\s*$/);
  await expect(row('BND').locator('td').nth(2)).not.toHaveText(/^\s*50\s*$/);
});

test('asks which date format a holdings file uses when its dates read both ways', async ({ page }, testInfo) => {
  await openDemo(page);
  const file = testInfo.outputPath('positions.csv');
  writeFileSync(
    file,
    'account,symbol,quantity,acquired,currency\nISA,VTI,3,01/02/2023,USD\nISA,BND,4,03/04/2023,USD\n'
  );
  await page.getByTestId('positions-file').setInputFiles(file);
  await expect(page.getByTestId('positions-errors')).toContainText('say which one the file uses');
  await page.getByLabel('The dates could be read two ways; they are').selectOption('dmy');
  const review = page.getByTestId('positions-review');
  await expect(review).toContainText(
    'read as holdings: 2 rows, 2 lots of 2 assets, 2023-02-01 to 2023-04-03; 0 errors'
  );
});

test('a holdings file with its own column names is mapped by the user, and the mapping is offered again', async ({
  page
}, testInfo) => {
  await openDemo(page);
  const file = testInfo.outputPath('depot.csv');
  writeFileSync(file, 'Konto;Wertpapier;Anzahl;Währung\nDepot;VTI;7;USD\nDepot;BND;9;USD\n');
  await page.getByTestId('positions-file').setInputFiles(file);
  const errors = page.getByTestId('positions-errors');
  await expect(errors).toContainText('The header has no "symbol" column');
  await page.getByRole('combobox', { name: 'Symbol', exact: true }).selectOption({ label: 'Wertpapier' });
  await page.getByRole('combobox', { name: 'Quantity', exact: true }).selectOption({ label: 'Anzahl' });
  await page.getByRole('combobox', { name: 'Account (optional)' }).selectOption({ label: 'Konto' });
  await page.getByRole('combobox', { name: 'Currency (optional)' }).selectOption({ label: 'Währung' });
  const review = page.getByTestId('positions-review');
  await expect(review).toContainText('read as holdings: 2 rows, 2 lots of 2 assets; 0 errors, 0 warnings');
  await page.getByRole('button', { name: 'Replace the holdings of Demo: six-fund multi-asset' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'in 1 account from depot.csv' })).toBeVisible();

  await page.getByTestId('positions-file').setInputFiles(file);
  await expect(page.getByTestId('positions-saved-mapping')).toBeVisible();
  await expect(review).toContainText('0 errors');
});
