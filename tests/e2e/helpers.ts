import { expect, type Page } from '@playwright/test';

/** Opens the app on a fresh profile and creates the demo portfolio from the first-run offer. */
export async function openDemo(page: Page): Promise<void> {
  await page.goto('/');
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
