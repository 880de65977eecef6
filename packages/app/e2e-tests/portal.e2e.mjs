// Browser tests against the running development portal (started by packages/local-infra/bin/e2e.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = 'http://localhost:3000';
const IMAGES = path.resolve(import.meta.dirname, '../../../docs/images');
let browser;
let page;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.GITOPS_CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  fs.mkdirSync(IMAGES, { recursive: true });
  // one full load, then only in-app navigation: a reload would drop the guest session
  await page.goto(BASE, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 60_000 });
});

after(async () => {
  await browser?.close();
});

test('the catalog page lists the demo components', async () => {
  await page.getByText('shop-frontend').first().waitFor({ timeout: 60_000 });
  assert.ok(await page.getByText('payments').first().isVisible());
  await page.screenshot({ path: path.join(IMAGES, 'catalog.png') });
});
