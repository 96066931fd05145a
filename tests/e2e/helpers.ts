import { expect, type Page } from '@playwright/test';

/** Opens the app on a fresh profile and creates the demo portfolio from the first-run offer. */
export async function openDemo(page: Page, origin = ''): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByRole('button', { name: 'Open the demo portfolio' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Demo: six-fund multi-asset' })).toBeVisible();
}

/** Waits until a service worker controls the page (the first visit is claimed without reload). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(
    async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
    },
    undefined,
    { timeout: 30_000 }
  );
}

/** Plans the rebalance and waits for the plan. */
export async function planRebalance(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Plan rebalance' }).click();
  await expect(page.getByTestId('plan')).toBeVisible({ timeout: 30_000 });
}

/** Starts empty on a fresh profile and creates a portfolio with the given cash; opens it. */
export async function createEmptyPortfolio(page: Page, name: string, cash: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start empty' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Cash (USD)').fill(cash);
  await page.getByRole('button', { name: 'Create portfolio' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Fills the holding form (already open) and submits it. */
export async function addHolding(
  page: Page,
  holding: { symbol: string; quantity: string; price?: string; currency?: string }
): Promise<void> {
  await page.getByLabel('Symbol').fill(holding.symbol);
  await page.getByLabel('Quantity').fill(holding.quantity);
  if (holding.price !== undefined) await page.getByLabel('Price per unit').fill(holding.price);
  if (holding.currency !== undefined) await page.getByLabel('Currency').fill(holding.currency);
  await page.getByRole('button', { name: 'Add holding' }).click();
}
