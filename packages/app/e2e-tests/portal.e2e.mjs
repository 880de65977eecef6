// Browser tests against the running development portal (started by packages/local-infra/bin/e2e.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  clickSidebar,
  eventually,
  launchBrowser,
  navigateInApp,
  screenshot,
  signInAsGuest,
  watchingRestarts,
} from './support/portal.mjs';

let browser;
let page;

before(async () => {
  ({ browser, page } = await launchBrowser());
  await signInAsGuest(page);
});

after(async () => {
  await browser?.close();
});

test(
  'the catalog page lists the demo components',
  watchingRestarts(async () => {
    // The catalog page fetches its list once when it opens. Right after start the catalog may
    // not have processed the demo location yet, or a backend restart may have failed that fetch:
    // reopening the page (in-app, keeping the session) fetches again.
    const table = page.getByRole('table');
    await eventually(
      async () => {
        const text = await table.first().innerText({ timeout: 2_000 });
        for (const name of ['shop-frontend', 'payments', 'docs-site']) {
          assert.match(
            text,
            new RegExp(`\\b${name}\\b`),
            `catalog table lists ${name}`,
          );
        }
      },
      {
        onStale: async () => {
          await navigateInApp(page, '/settings');
          await clickSidebar(page, 'Catalog');
        },
      },
    );
    await screenshot(page, 'catalog.png');
  }),
);
