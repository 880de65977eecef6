// Shared helpers of the browser tests: one browser and one guest session per test file, in-app
// navigation, bounded waiting, and the portal's backend API and cluster for setup and cross-checks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = 'http://localhost:3000';
export const BACKEND = 'http://localhost:7007';
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
/**
 * Where the tests save their screenshots: an ignored folder, so a test run never changes the
 * repository. `packages/local-infra/bin/refresh-screenshots.sh` copies them to docs/images when a
 * person decides the README's pictures should be renewed.
 */
export const SCREENSHOTS = path.join(REPO_ROOT, '.cache/screenshots');
/** The portal's cluster: the run's shared cluster, or the control plane `npm start` starts. */
export const KUBECONFIG =
  process.env.GITOPS_CLUSTER_KUBECONFIG ??
  path.join(REPO_ROOT, '.cache/dev-kubeconfig.yaml');
/**
 * The test kit's kubectl (KUBECTL_PATH of packages/local-infra/src/kubectl, which this plain
 * JavaScript file cannot import): GITOPS_KUBECTL, by default a 1.33 binary, within kubectl's
 * one-minor-version skew of the v1.34 control plane.
 */
export const KUBECTL =
  process.env.GITOPS_KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

/** How long the portal may take to show something it is still ingesting or reconciling. */
export const CONTENT_TIMEOUT_MS = 90_000;

export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.GITOPS_CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return { browser, page };
}

/**
 * The one full page load of a test file, then the guest sign-in. Every later move is in-app:
 * a reload would drop the guest session and show the sign-in page again.
 */
export async function signInAsGuest(page) {
  // The first load compiles the app bundle on demand, which takes long on a cold dev server.
  await page.goto(BASE, { timeout: 120_000 });
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.waitFor({ timeout: 60_000 });
  // A click while the backend is restarting fails and leaves the sign-in page up: click again.
  await eventually(async () => {
    if (await enter.isVisible()) {
      await enter.click({ timeout: 5_000 });
    }
    await sidebarLink(page, 'Catalog').waitFor({ timeout: 5_000 });
  });
}

/** A link of the app's sidebar (the top bar has a second navigation with its own links). */
export function sidebarLink(page, name) {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true });
}

/** Client-side navigation to `pathAndQuery`, the way the app's router does it on a link click. */
export async function navigateInApp(page, pathAndQuery) {
  await page.evaluate(target => {
    window.history.pushState({}, '', target);
    window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
  }, pathAndQuery);
}

export async function clickSidebar(page, name) {
  await sidebarLink(page, name).click();
}

/**
 * Retries `check` until it passes or `timeoutMs` is over, then throws its last error. `onStale`
 * runs every `staleAfterMs` while the check fails: pages here fetch once when they open, so
 * reopening them is how a test sees data the portal had not ingested yet, or that a backend
 * restart made the first fetch miss.
 */
export async function eventually(check, options = {}) {
  const timeoutMs = options.timeoutMs ?? CONTENT_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? 500;
  const deadline = Date.now() + timeoutMs;
  let nextStale = options.onStale
    ? Date.now() + (options.staleAfterMs ?? 15_000)
    : Infinity;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) {
        const waited = `(still failing after ${Math.round(
          timeoutMs / 1000,
        )} s)`;
        error.message = `${error.message}\n${waited}`;
        throw error;
      }
      if (Date.now() >= nextStale) {
        await options.onStale();
        nextStale = Date.now() + (options.staleAfterMs ?? 15_000);
      }
      await new Promise(resolve => setTimeout(resolve, intervalMs));
    }
  }
}

/** Normalised visible text of a locator, for assertions on label + value pairs. */
export async function textOf(locator) {
  return (await locator.innerText({ timeout: 5_000 }))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Saves `.cache/screenshots/<name>` (see SCREENSHOTS). `wholePage` grows the window to the page's
 * height instead of using a full-page capture, which would cut the fixed sidebar at the window's
 * height.
 */
export async function screenshot(page, name, options = {}) {
  const file = path.join(SCREENSHOTS, name);
  if (!options.wholePage) {
    await page.screenshot({ path: file });
    return;
  }
  const viewport = page.viewportSize();
  const height = await page.evaluate(
    () => document.documentElement.scrollHeight,
  );
  await page.setViewportSize({
    width: viewport.width,
    height: Math.max(height, viewport.height),
  });
  try {
    await page.waitForTimeout(300); // let the layout settle at the new size
    await page.screenshot({ path: file });
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** A guest Backstage token, the same identity the browser signs in with. */
export async function guestToken() {
  const response = await fetch(`${BACKEND}/api/auth/guest/refresh`);
  assert.equal(
    response.status,
    200,
    `guest sign-in answered ${response.status}`,
  );
  const body = await response.json();
  return body.backstageIdentity.token;
}

export async function gitopsApi(token, pathAndQuery) {
  const response = await fetch(`${BACKEND}/api/gitops${pathAndQuery}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  assert.equal(
    response.status,
    200,
    `GET /api/gitops${pathAndQuery}: ${response.status} ${text}`,
  );
  return JSON.parse(text);
}

/**
 * Fails loudly when kubectl is missing, like the test kit's requireKubectl(): a test that needs it
 * (drift made by a person, checks of what the cluster runs) must fail, never skip.
 */
export function requireKubectl() {
  if (!fs.existsSync(KUBECTL)) {
    throw new Error(
      `kubectl not found at ${KUBECTL}: install it or set GITOPS_KUBECTL to a kubectl 1.33–1.35 binary`,
    );
  }
  return KUBECTL;
}

/** The real kubectl against the portal's cluster, with a throwaway discovery cache. */
export function kubectl(...args) {
  const cacheDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'gitops-e2e-kubectl-'),
  );
  try {
    return execFileSync(
      requireKubectl(),
      ['--kubeconfig', KUBECONFIG, '--cache-dir', cacheDir, ...args],
      {
        env: { ...process.env, KUBECONFIG: '/dev/null' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

/**
 * Number of times the development backend restarted so far (its file watcher restarts it when a
 * source file changes). A restart empties the portal's in-memory database and restarts its Git
 * server (and the control plane it started), so a test that fails across one says so instead of reporting a product
 * failure.
 */
export function backendRestarts() {
  const log = process.env.GITOPS_E2E_PORTAL_LOG;
  if (!log || !fs.existsSync(log)) {
    return 0;
  }
  return (
    fs.readFileSync(log, 'utf8').split('Change detected, restarting').length - 1
  );
}

/** `fn` with a note on the error when the backend restarted while it ran. */
export function watchingRestarts(fn) {
  return async (...args) => {
    const before = backendRestarts();
    try {
      return await fn(...args);
    } catch (error) {
      const restarts = backendRestarts() - before;
      if (restarts > 0 && error instanceof Error) {
        error.message += `\nNote: the development backend restarted ${restarts} time(s) during this test (a watched source file changed); run the suite again.`;
      }
      throw error;
    }
  };
}
