// Shared harness of the dashboard browser tests: a compiled control plane on a fresh database,
// and Debian's Chromium driven headless by playwright-core (no browser download).
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { createTestDatabase } from '../support/database';
import { testEnv } from '../support/env';
import { freePort, RunningApp, startApp } from '../support/processes';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');

export interface DashboardHarness {
  baseUrl: string;
  adminToken: string;
  browser: Browser;
  /** Calls the control-plane API directly (to set up or check data). */
  call: <T>(method: string, path: string, body?: unknown) => Promise<T>;
  close: () => Promise<void>;
}

export async function startDashboard(label: string): Promise<DashboardHarness> {
  const db = await createTestDatabase(label);
  const port = await freePort();
  const adminToken = `admin-${randomBytes(12).toString('hex')}`;
  const baseUrl = `http://127.0.0.1:${port}`;
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  try {
    app = await startApp(
      'control-plane',
      {
        PORT: String(port),
        DATABASE_URL: db.url,
        ELASTICSEARCH_URL: testEnv.elasticsearchUrl,
        ADMIN_TOKEN: adminToken,
        INTERNAL_API_TOKEN: `internal-${randomBytes(12).toString('hex')}`,
      },
      `${baseUrl}/health`,
    );
    browser = await launchChromium();
  } catch (error) {
    await app?.stop();
    await db.drop();
    throw error;
  }
  const running = app;
  const openBrowser = browser;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    baseUrl,
    adminToken,
    browser: openBrowser,
    call,
    close: async () => {
      await openBrowser.close();
      await running.stop();
      await db.drop();
    },
  };
}

/** Debian's Chromium, headless, with the flags this closed network needs (no background fetches). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records every console error and uncaught exception, for the test to assert none. */
export async function openPage(harness: DashboardHarness, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const context = await harness.browser.newContext({ viewport });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.baseUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  return { page, errors };
}

export async function signIn(page: Page, harness: DashboardHarness): Promise<void> {
  await page.goto(harness.baseUrl + '/');
  await page.getByLabel('Admin token').fill(harness.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The claims of a JWT, without verifying it (the test checks what the page shows). */
export function jwtClaims(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** What the page copied to the clipboard (evaluated in the browser, whose globals the tests' types do not know). */
export function readClipboard(page: Page): Promise<string> {
  return page.evaluate('navigator.clipboard.readText()') as Promise<string>;
}
