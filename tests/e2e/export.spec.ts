import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openDemo } from './helpers';

test('exports the lots as CSV that a spreadsheet cannot run as formulas', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('button', { name: 'Edit VTI', exact: true }).click();
  await page.getByLabel('Name').fill('=HYPERLINK("http://example.invalid","click")');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export lots (CSV)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('demo-six-fund-multi-asset-lots.csv');
  const lines = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe(
    'account,account kind,symbol,name,asset class,quantity,cost basis,acquired,currency,price,target weight,account currency'
  );
  expect(lines).toHaveLength(7);
  expect(lines[1]).toBe(
    'Main account,taxable,VTI,"\'=HYPERLINK(""http://example.invalid"",""click"")",equity,120,,,USD,285.4,0.35,USD'
  );
});
