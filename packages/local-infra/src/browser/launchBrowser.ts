import { chromium, Browser } from 'playwright-core';

export const CHROMIUM_PATH =
  process.env.GITOPS_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium from the OS packages, with the flags a closed network needs to start quietly. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
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
}
