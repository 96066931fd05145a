import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDemo, waitForServiceWorker } from './helpers';

// A server of our own over a copy of the build, so the test can publish a "new version".
const PORT = 4181;
const ORIGIN = `http://localhost:${PORT}`;
let buildCopy: string;
let server: ChildProcess;

test.beforeAll(async () => {
  buildCopy = mkdtempSync(join(tmpdir(), 'keel-build-'));
  cpSync('build', buildCopy, { recursive: true });
  server = spawn(process.execPath, ['scripts/serve.js', '--port', String(PORT)], {
    env: { ...process.env, KEEL_BUILD_DIR: buildCopy },
    stdio: 'ignore'
  });
  await expect.poll(async () => (await fetch(ORIGIN).catch(() => undefined))?.ok ?? false).toBe(true);
});

test.afterAll(() => {
  server?.kill();
  rmSync(buildCopy, { recursive: true, force: true });
});

test('a new version waits until the user says yes, then takes over with the data intact', async ({ page }) => {
  await page.goto(`${ORIGIN}/`);
  await waitForServiceWorker(page);
  await openDemo(page, ORIGIN);
  const firstWorker = await page.evaluate(
    async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL
  );

  // Publish a new version: any byte change to sw.js makes the browser install it.
  appendFileSync(join(buildCopy, 'sw.js'), '\n// version 2\n');
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

  const prompt = page.getByRole('alertdialog');
  await expect(prompt).toContainText('A new version of Keel is ready');
  // Until the user answers, the old version keeps control and the new one waits.
  expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(
    true
  );

  await prompt.getByRole('button', { name: 'Later' }).click();
  await expect(prompt).toHaveCount(0);
  expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(
    true
  );

  // Ask again (as a later visit would) and accept.
  await page.reload();
  await expect(prompt).toBeVisible();
  const reloaded = page.waitForEvent('framenavigated');
  await prompt.getByRole('button', { name: 'Update now' }).click();
  await reloaded;
  await expect(page.getByRole('heading', { level: 1, name: 'Demo: six-fund multi-asset' })).toBeVisible();
  await expect
    .poll(() => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting)))
    .toBe(false);
  expect(firstWorker).toBe(`${ORIGIN}/sw.js`);
});
