import { expect, test } from '@playwright/test';

test('Data page lists the shipped data sets and creates a multi-currency demo portfolio from one', async ({ page }) => {
  await page.goto('/data');
  const rows = page.getByTestId('datasets').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'Swiss multi-asset' })).toContainText('1984-12-31 to 2010-03-31');
  await page
    .getByRole('button', { name: 'Create a demo portfolio from Swiss multi-asset with gold, monthly, 1984–2010' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Demo: Swiss multi-asset (CHF)' })).toBeVisible({
    timeout: 20_000
  });
  // Weights need the USD rate; the file's own USD/CHF rate is there, so drift shows at once.
  await expect(page.getByTestId('total-drift')).toBeVisible();
  await expect(page.getByLabel('1 USD in CHF')).not.toHaveValue('');
  await page.getByRole('button', { name: 'Plan rebalance' }).click();
  await expect(page.getByTestId('plan')).toBeVisible({ timeout: 30_000 });
});
