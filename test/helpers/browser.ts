// Debian's Chromium driven by playwright-core: never a downloaded browser. CI installs it
// (.ci/run); a test file skips itself with a clear message where it is missing.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startFarm, type Farm } from './farm.js';
import { useInfra, type Infra } from './infra.js';

export const CHROMIUM = process.env.LF_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** A fresh browser context signed in to the console at `base` with `token`. */
export async function signInToConsole(
  browser: Browser,
  base: string,
  token: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${base}/console/`);
  await page.waitForURL(/\/console\/login$/);
  await page.fill('#token', token);
  await page.click('#signin');
  await page.waitForSelector('#whoami');
  return { context, page };
}

/**
 * The farm a console test drives, with a browser: `alice` signs in with `writer`
 * (read-write), `viewer` with `reader` (read-only); two workers of `capacity` users.
 */
export async function startConsoleFarm(o: { writer: string; reader: string; capacity: number }): Promise<ConsoleFarm> {
  const infra = await useInfra();
  const farm = await startFarm({
    infra,
    logLevel: 'warn',
    apiToken: o.writer,
    controllerArgs: ['--api-tokens', `alice=${o.writer}`, '--api-read-tokens', `viewer=${o.reader}`],
    workers: [{ capacity: o.capacity }, { capacity: o.capacity }],
  });
  const browser = await launchChromium();
  return {
    infra,
    farm,
    browser,
    base: farm.controller!.url,
    async stop() {
      await browser.close();
      await farm.stop();
      await infra.cleanup();
    },
  };
}

export interface ConsoleFarm {
  infra: Infra;
  farm: Farm;
  browser: Browser;
  base: string;
  stop(): Promise<void>;
}
