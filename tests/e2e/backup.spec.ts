import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openDemo } from './helpers';

test('download a backup, lose the data, restore it; a tampered backup is refused', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('link', { name: 'Privacy' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download a backup' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^keel-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(JSON.parse(text).format).toBe('keel-backup');

  // Lose the portfolio.
  await page.getByRole('link', { name: 'Portfolios' }).click();
  await page.getByRole('button', { name: 'Delete Demo: six-fund multi-asset' }).click();
  await expect(page.getByRole('link', { name: 'Demo: six-fund multi-asset' })).toHaveCount(0);

  // A tampered file is refused and nothing changes.
  await page.getByRole('link', { name: 'Privacy' }).click();
  const upload = page.getByLabel('Restore from a backup file');
  await upload.setInputFiles({
    name: 'edited.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text.replace('"quantity":120', '"quantity":121'))
  });
  await expect(page.getByTestId('backup-error')).toHaveText(
    "This backup's contents do not match its checksum: the file is damaged or was edited. Nothing was changed."
  );

  // The real file restores after confirmation.
  await upload.setInputFiles({ name: 'keel-backup.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Replace my data' }).click();
  await expect(page.getByTestId('backup-message')).toHaveText('Restored 1 portfolio(s) from keel-backup.json.');
  await page.getByRole('link', { name: 'Portfolios' }).click();
  await page.getByRole('link', { name: 'Demo: six-fund multi-asset' }).click();
  await expect(
    page
      .getByTestId('holdings')
      .locator('tr', { has: page.getByRole('rowheader', { name: 'VTI', exact: true }) })
      .locator('td[data-label="Quantity"]')
  ).toHaveText('120');
});
