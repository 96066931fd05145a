import { expect, test, type Page } from '@playwright/test';
import { openDemo, planRebalance } from './helpers';

declare global {
  interface Window {
    __cspViolations: { directive: string; blocked: string; sample: string }[];
    __injected?: boolean;
  }
}

async function recordViolations(page: Page) {
  // Init scripts run through the DevTools protocol, so the CSP does not apply to them.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample
      });
    });
  });
}

test('the CSP is set with the required directives', async ({ page }) => {
  await page.goto('/');
  const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
  for (const directive of ["default-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'"]) {
    expect(policy).toContain(directive);
  }
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
});

test('the app causes no CSP violation during the journey', async ({ page }) => {
  await recordViolations(page);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await openDemo(page);
  await planRebalance(page);
  // A deep link served by the 200.html fallback has its own bootstrap script and hash.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto('/optimize');
  await page.getByRole('button', { name: 'Optimize' }).click();
  await expect(page.getByTestId('optimize-result')).toBeVisible({ timeout: 30_000 });
  await page.goto('/about');
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
});

test('an injected inline script is blocked', async ({ page }) => {
  await recordViolations(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.appendChild(script);
  });
  await expect.poll(() => page.evaluate(() => window.__cspViolations.length)).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.__injected)).toBeUndefined();
  const violations = await page.evaluate(() => window.__cspViolations);
  expect(violations[0].directive).toBe('script-src-elem');
});
