// The APIs page in a real (headless) Chromium: create, deploy, stop, API keys, refusal, delete.
import { Page } from 'playwright-core';
import { DashboardHarness, openPage, saveScreenshot, signIn, startDashboard } from './dashboard.support';

interface ApiView {
  id: string;
  name: string;
  lifecycleState: string;
  deployed: boolean;
  plans: Array<{ id: string; security: string }>;
}

describe('dashboard: APIs page', () => {
  let harness: DashboardHarness;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    harness = await startDashboard('dash_apis');
    ({ page, errors } = await openPage(harness));
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('creates an API with plans, deploys and stops it, issues an API key and deletes it', async () => {
    const account = await harness.call<{ id: string; environments: Array<{ id: string }> }>('POST', '/accounts', { name: 'Apis Co', region: 'eu' });
    const envApis = `/accounts/${account.id}/environments/${account.environments[0].id}/apis`;
    await signIn(page, harness);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'APIs' }).click();
    await page.getByText('No API in this environment yet.').waitFor();

    await page.getByLabel('Name').fill('Echo');
    await page.getByLabel('Context path').fill('/echo');
    await page.getByLabel('Target (backend URL)').fill('http://127.0.0.1:9/echo');
    await page.getByRole('checkbox', { name: 'API Key' }).check();
    await page.getByLabel('Rate limit (requests, empty for none)').fill('50');
    await page.getByLabel('per (seconds)').fill('10');
    await page.getByRole('button', { name: 'Create API', exact: true }).click();

    const card = page.getByRole('article', { name: 'API Echo' });
    await card.getByText('not deployed').waitFor();
    let [stored] = await harness.call<ApiView[]>('GET', envApis);
    expect(stored.plans.map((p) => p.security).sort()).toEqual(['api-key', 'key-less']);
    expect(stored.plans.map((p) => (p as { rateLimit?: unknown }).rateLimit)).toEqual([{ limit: 50, periodSeconds: 10 }, { limit: 50, periodSeconds: 10 }]);
    await expect(card.locator('[data-rate-limit]').first().textContent()).resolves.toBe('50 requests / 10 s');
    expect(stored.deployed).toBe(false);

    await card.getByRole('button', { name: 'Deploy' }).click();
    await card.getByText(/^deployed /).waitFor();
    [stored] = await harness.call<ApiView[]>('GET', envApis);
    expect(stored.deployed).toBe(true);
    expect(stored.lifecycleState).toBe('STARTED');
    await card.getByText('started', { exact: true }).waitFor();

    await card.getByRole('button', { name: 'Stop' }).click();
    await card.getByRole('button', { name: 'Start' }).waitFor();
    await card.getByText('stopped', { exact: true }).waitFor();
    [stored] = await harness.call<ApiView[]>('GET', envApis);
    expect(stored.lifecycleState).toBe('STOPPED');

    // Only the api-key plan offers keys.
    await expect(card.locator('li[data-plan="key-less"] button').count()).resolves.toBe(0);
    await card.getByRole('button', { name: 'Create API key' }).click();
    const key = card.locator('.api-key code');
    await key.waitFor();
    expect(((await key.textContent()) ?? '').length).toBeGreaterThanOrEqual(16);

    // A second API on the same context path is refused, and the page says why.
    await page.getByLabel('Name').fill('Echo again');
    await page.getByLabel('Context path').fill('/echo');
    await page.getByLabel('Target (backend URL)').fill('http://127.0.0.1:9/other');
    await page.getByRole('button', { name: 'Create API', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: /echo/i }).waitFor();
    expect(await harness.call<ApiView[]>('GET', envApis)).toHaveLength(1);

    await card.getByRole('button', { name: 'Delete' }).click();
    await card.getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByText('No API in this environment yet.').waitFor();
    expect(await harness.call<ApiView[]>('GET', envApis)).toHaveLength(0);

    await saveScreenshot(page, 'dashboard-apis');
    // The refused create is logged by the browser as a failed request; nothing else may go wrong.
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });
});
