// The Analytics page in a real (headless) Chromium, over metrics documents in the account's real index.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import { analyticsAlias, analyticsDailyIndex } from '@app/contracts';
import { testEnv } from '../support/env';
import { DashboardHarness, openPage, saveScreenshot, signIn, startDashboard } from './dashboard.support';

const es = async (method: string, path: string, body?: unknown): Promise<unknown> => {
  const res = await fetch(`${testEnv.elasticsearchUrl}${path}`, {
    method,
    headers: { 'Content-Type': path.includes('_bulk') ? 'application/x-ndjson' : 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
};

describe('dashboard: Analytics page', () => {
  let harness: DashboardHarness;
  let page: Page;
  let errors: string[];
  let dailyIndex = '';

  beforeAll(async () => {
    harness = await startDashboard('dash_analytics');
    ({ page, errors } = await openPage(harness));
  });
  afterAll(async () => {
    if (dailyIndex) await es('DELETE', `/${dailyIndex}`).catch(() => undefined);
    await harness?.close();
  });

  it('shows totals, status codes, latency and recent requests, and refreshes while open', async () => {
    const account = await harness.call<{ id: string; analyticsIndexId: string }>('POST', '/accounts', { name: 'Charts Co', region: 'eu' });
    const now = Date.now();
    dailyIndex = analyticsDailyIndex(account.analyticsIndexId, 'metrics', now);
    const alias = analyticsAlias(account.analyticsIndexId, 'metrics');
    await es('PUT', `/${dailyIndex}`, { aliases: { [alias]: { is_write_index: true } } });
    const apiId = randomUUID();
    const doc = (i: number, status: number) => ({
      '@timestamp': new Date(now - 60_000 + i * 1000).toISOString(),
      receivedAt: new Date(now).toISOString(),
      type: 'metrics',
      requestId: randomUUID(),
      apiId,
      apiName: 'Echo',
      httpMethod: 'GET',
      uri: `/echo/${i}`,
      status,
      gatewayResponseTimeMs: 10 * (i + 1),
    });
    const statuses = [...Array(15).fill(200), 404, 404, 404, 500, 500] as number[];
    const bulk = statuses.map((s, i) => `{"index":{"_index":"${alias}"}}\n${JSON.stringify(doc(i, s))}\n`).join('');
    await es('POST', '/_bulk?refresh=true', bulk);

    await signIn(page, harness);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
    await page.getByTestId('total').filter({ hasText: /^20$/ }).waitFor();
    const statusTable = page.getByRole('table', { name: 'Status codes' });
    await expect(statusTable.getByRole('row').allTextContents()).resolves.toEqual(['20015', '4043', '5002']);
    await expect(page.getByTestId('p50').textContent()).resolves.toMatch(/^\d+ ms$/);
    await expect(page.getByTestId('p99').textContent()).resolves.toMatch(/^\d+ ms$/);
    expect(await page.locator('svg[aria-label="Requests over time"] rect').count()).toBeGreaterThan(0);
    await expect(page.getByRole('table', { name: 'Top APIs' }).getByRole('row').allTextContents()).resolves.toEqual(['Echo20']);
    await expect(page.locator('table.recent tbody tr').count()).resolves.toBe(20);
    await expect(page.locator('table.recent tbody tr').first().textContent()).resolves.toContain('/echo/19');

    // A new request arrives while the page is open: it appears without a reload.
    await es('POST', '/_bulk?refresh=true', `{"index":{"_index":"${alias}"}}\n${JSON.stringify(doc(30, 503))}\n`);
    await page.getByTestId('total').filter({ hasText: /^21$/ }).waitFor({ timeout: 20_000 });
    await statusTable.getByRole('row', { name: /503/ }).waitFor();

    await saveScreenshot(page, 'dashboard-analytics');
    expect(errors).toEqual([]);
  });
});
