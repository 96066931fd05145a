import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import config from '../../playwright.config';
import { openDemo } from './helpers';

test('entered data survives a reload', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('button', { name: 'Edit BND' }).click();
  await page.getByLabel('Quantity').fill('321');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.reload();
  await expect(
    page.getByTestId('holdings').locator('tr', { hasText: 'BND' }).locator('td[data-label="Quantity"]')
  ).toHaveText('321');
});

test('entered data survives a new browser context on the same storage', async ({ baseURL }) => {
  const profile = mkdtempSync(join(tmpdir(), 'keel-profile-'));
  const launch = config.use?.launchOptions ?? {};
  try {
    const first = await chromium.launchPersistentContext(profile, { ...launch, baseURL });
    const page = await first.newPage();
    await openDemo(page);
    await page.getByRole('button', { name: 'Edit VXUS' }).click();
    await page.getByLabel('Quantity').fill('777');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(
      page.getByTestId('holdings').locator('tr', { hasText: 'VXUS' }).locator('td[data-label="Quantity"]')
    ).toHaveText('777');
    const url = page.url();
    await first.close();

    const second = await chromium.launchPersistentContext(profile, { ...launch, baseURL });
    const again = await second.newPage();
    await again.goto(url);
    await expect(
      again.getByTestId('holdings').locator('tr', { hasText: 'VXUS' }).locator('td[data-label="Quantity"]')
    ).toHaveText('777');
    await again.goto('/');
    await expect(again.getByRole('link', { name: 'Demo: six-fund multi-asset' })).toBeVisible();
    await second.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
