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
  let pickerIndex = '';

  beforeAll(async () => {
    harness = await startDashboard('dash_analytics');
    ({ page, errors } = await openPage(harness));
  });
  afterAll(async () => {
    if (dailyIndex) await es('DELETE', `/${dailyIndex}`).catch(() => undefined);
    if (pickerIndex) await es('DELETE', `/${pickerIndex}`).catch(() => undefined);
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

  it('shows — without data, picks an API by name, dates the axis past a day, pages through requests and opens one', async () => {
    const account = await harness.call<{ id: string; analyticsIndexId: string; environments: Array<{ id: string }> }>('POST', '/accounts', {
      name: 'Picker Co',
      region: 'eu',
    });
    const apis = `/accounts/${account.id}/environments/${account.environments[0].id}/apis`;
    const echo = await harness.call<{ id: string }>('POST', apis, { name: 'Echo', contextPath: '/echo', target: 'http://127.0.0.1:9/' });
    const pets = await harness.call<{ id: string }>('POST', apis, { name: 'Pets', contextPath: '/pets', target: 'http://127.0.0.1:9/' });

    await page.reload();
    await page.getByLabel('Account').selectOption({ label: 'Picker Co (eu)' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
    // No data: no made-up latency.
    await page.getByTestId('total').filter({ hasText: /^0$/ }).waitFor();
    for (const id of ['p50', 'p95', 'p99']) await expect(page.getByTestId(id).textContent()).resolves.toBe('—');
    await page.getByText('No requests in this period.').waitFor();

    const now = Date.now();
    pickerIndex = analyticsDailyIndex(account.analyticsIndexId, 'metrics', now);
    const alias = analyticsAlias(account.analyticsIndexId, 'metrics');
    await es('PUT', `/${pickerIndex}`, { aliases: { [alias]: { is_write_index: true } } });
    const doc = (api: { id: string }, name: string, at: number, i: number) => ({
      '@timestamp': new Date(at).toISOString(),
      receivedAt: new Date(now).toISOString(),
      type: 'metrics',
      requestId: `${name.toLowerCase()}-${i}`,
      apiId: api.id,
      apiName: name,
      httpMethod: 'GET',
      uri: `/${name.toLowerCase()}/${i}`,
      status: 200,
      gatewayResponseTimeMs: 5 + i,
      userAgent: 'dashboard-test',
    });
    // Echo's requests over the last three days, Pets' in the last minutes.
    const docs = [
      ...Array.from({ length: 25 }, (_, i) => doc(echo, 'Echo', now - 120_000 - i * 3 * 3_600_000, i)),
      ...Array.from({ length: 5 }, (_, i) => doc(pets, 'Pets', now - 60_000 - i * 1000, i)),
    ];
    await es('POST', '/_bulk?refresh=true', docs.map((d) => `{"index":{"_index":"${alias}"}}\n${JSON.stringify(d)}\n`).join(''));

    await page.getByLabel('Period').selectOption({ label: 'Last 7 days' });
    await page.getByTestId('total').filter({ hasText: /^30$/ }).waitFor();
    await expect(page.getByTestId('p50').textContent()).resolves.toMatch(/^\d+ ms$/);
    // Past a day the time axis names the date; the y-axis has its scale from 0.
    const xLabels = await page.getByTestId('x-axis').locator('text').allTextContents();
    expect(xLabels.length).toBeGreaterThanOrEqual(2);
    for (const label of xLabels) expect(label).toMatch(/[A-Z][a-z]{2} \d{1,2}/);
    const yLabels = (await page.getByTestId('y-axis').locator('text').allTextContents()).map(Number);
    expect(yLabels[0]).toBe(0);
    expect(yLabels.length).toBeGreaterThanOrEqual(2);
    expect(yLabels).toEqual([...yLabels].sort((a, b) => a - b));

    // Pick an API by its name.
    const picker = page.getByLabel('API', { exact: true });
    await expect(picker.locator('option').allTextContents()).resolves.toEqual(['All APIs', 'Echo', 'Pets']);
    await picker.selectOption({ label: 'Pets' });
    await page.getByTestId('total').filter({ hasText: /^5$/ }).waitFor();
    await picker.selectOption({ label: 'Echo' });
    await page.getByTestId('total').filter({ hasText: /^25$/ }).waitFor();

    // Pages of 20, newest first.
    const rows = page.locator('table.recent tbody tr');
    await page.getByTestId('page').filter({ hasText: 'Page 1 of 2' }).waitFor();
    await expect(rows.count()).resolves.toBe(20);
    await expect(rows.first().textContent()).resolves.toContain('/echo/0');
    await page.getByRole('button', { name: 'Older' }).click();
    await page.getByTestId('page').filter({ hasText: 'Page 2 of 2' }).waitFor();
    await expect(rows.count()).resolves.toBe(5);
    await expect(rows.last().textContent()).resolves.toContain('/echo/24');
    await page.getByRole('button', { name: 'Newer' }).click();
    await page.getByTestId('page').filter({ hasText: 'Page 1 of 2' }).waitFor();

    // One request in detail: every field it was stored with.
    await picker.selectOption({ label: 'All APIs' });
    await page.getByTestId('total').filter({ hasText: /^30$/ }).waitFor();
    await rows.first().getByRole('button', { name: /^Details/ }).click();
    const detail = page.getByRole('dialog', { name: 'Request details' });
    await detail.getByText('pets-0', { exact: true }).waitFor();
    await detail.getByText('dashboard-test', { exact: true }).waitFor();
    await detail.getByText('userAgent', { exact: true }).waitFor();
    await saveScreenshot(page, 'analytics-page');
    await detail.getByRole('button', { name: 'Close' }).click();
    await detail.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });
});
