// Managing what was created, in a real (headless) Chromium: environments, API edits, undeploy,
// subscriptions with their keys, the rate-limit note, and validation errors in plain words.
import { Page } from 'playwright-core';
import { DashboardHarness, openPage, saveScreenshot, signIn, startDashboard } from './dashboard.support';

interface Account {
  id: string;
  environments: Array<{ id: string; name: string }>;
}
interface ApiView {
  id: string;
  name: string;
  contextPath: string;
  target: string;
  deployed: boolean;
  undeployedChanges: boolean;
  plans: Array<{ id: string; name: string; security: string; rateLimit?: { limit: number; periodSeconds: number } }>;
}
interface SubscriptionView {
  id: string;
  status: string;
  apiKey: string;
  apiKeyRevoked: boolean;
}

describe('dashboard: managing environments and APIs', () => {
  let harness: DashboardHarness;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    harness = await startDashboard('dash_manage');
    ({ page, errors } = await openPage(harness));
  });
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    await saveScreenshot(page, `dashboard-manage-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`);
    // Refused requests (400, 409) are logged by the browser as failed loads; nothing else may go wrong.
    expect(errors.splice(0).filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

  it('creates, renames and deletes environments, and says plainly why one in use cannot be deleted', async () => {
    const account = await harness.call<Account>('POST', '/accounts', { name: 'Envs Co', region: 'eu' });
    await harness.call('POST', `/accounts/${account.id}/environments/${account.environments[0].id}/apis`, { name: 'Used', contextPath: '/used', target: 'http://127.0.0.1:9/' });
    await signIn(page, harness);
    await nav('Environments');
    const table = page.getByRole('table', { name: 'Environments' });
    const defaultRow = table.getByRole('row', { name: 'Environment Default' });
    await defaultRow.waitFor();
    await expect(defaultRow.locator('td').nth(2).textContent()).resolves.toBe('1');

    await page.getByLabel('New environment').fill('Staging');
    await page.getByRole('button', { name: 'Create environment' }).click();
    const staging = table.getByRole('row', { name: 'Environment Staging' });
    await staging.waitFor();

    await staging.getByRole('button', { name: 'Rename' }).click();
    await staging.getByLabel('Environment name').fill('Default');
    await staging.getByRole('button', { name: 'Save' }).click();
    await staging.getByRole('alert').filter({ hasText: /already has an environment named "Default"/ }).waitFor();
    await staging.getByLabel('Environment name').fill('QA');
    await staging.getByRole('button', { name: 'Save' }).click();
    const qa = table.getByRole('row', { name: 'Environment QA' });
    await qa.waitFor();

    // The environment picker of the APIs page knows the new name at once.
    await nav('APIs');
    await expect(page.getByLabel('Environment').locator('option').allTextContents()).resolves.toEqual(['Default', 'QA']);
    await nav('Environments');

    await defaultRow.getByRole('button', { name: 'Delete' }).click();
    await defaultRow.getByRole('button', { name: 'Confirm delete' }).click();
    const refusal = defaultRow.getByRole('alert');
    await refusal.waitFor();
    expect((await refusal.textContent())?.trim()).toBe('environment "Default" is used by 1 API; delete them first');

    await qa.getByRole('button', { name: 'Delete' }).click();
    await qa.getByRole('button', { name: 'Confirm delete' }).click();
    await qa.waitFor({ state: 'detached' });
    expect((await harness.call<Array<{ name: string }>>('GET', `/accounts/${account.id}/environments`)).map((e) => e.name)).toEqual(['Default']);
  });

  it('edits an API, shows what is not deployed yet, undeploys it, lists its subscriptions with their keys and closes one', async () => {
    const account = await harness.call<Account>('POST', '/accounts', { name: 'Api Edit Co', region: 'eu' });
    const apis = `/accounts/${account.id}/environments/${account.environments[0].id}/apis`;
    await page.reload();
    await page.getByLabel('Account').selectOption({ label: 'Api Edit Co (eu)' });
    await nav('APIs');
    await page.getByText('No API in this environment yet.').waitFor();

    // A validation error in plain words, not the API's field names.
    await page.getByLabel('Name').first().fill('Echo');
    await page.getByLabel('Context path').first().fill('echo');
    await page.getByLabel('Target (backend URL)').first().fill('http://127.0.0.1:9/echo');
    await page.getByRole('checkbox', { name: 'API Key' }).check();
    await page.getByLabel('Rate limit (requests, empty for none)').fill('100');
    await page.getByText(/Enforced only by gateways with a rate-limit repository/).first().waitFor();
    await page.getByRole('button', { name: 'Create API', exact: true }).click();
    const refused = page.getByRole('form', { name: 'Create an API' }).getByRole('alert');
    await refused.waitFor();
    expect((await refused.textContent())?.trim()).toBe('Context path must start with / and be a URL path such as /echo');
    await page.getByLabel('Context path').first().fill('/echo');
    await page.getByRole('button', { name: 'Create API', exact: true }).click();

    const card = page.getByRole('article', { name: 'API Echo' });
    await card.waitFor();
    // Plans with a rate limit say that gateways without a rate-limit repository do not enforce it.
    await expect(card.locator('[data-rate-limit-note]').count()).resolves.toBe(2);
    await expect(card.locator('[data-rate-limit-note]').first().textContent()).resolves.toMatch(/gravitee_ratelimit_type=none.*do not enforce it/);

    await card.getByRole('button', { name: 'Deploy', exact: true }).click();
    await card.getByText(/^deployed /).waitFor();

    // Edit: rename, new path and target, drop the rate limit of the keyless plan.
    await card.getByRole('button', { name: 'Edit' }).click();
    const form = card.getByRole('form', { name: 'Edit Echo' });
    await form.getByLabel('Name', { exact: true }).fill('Echo v2');
    await form.getByLabel('Context path').fill('/echo2');
    await form.getByLabel('Target (backend URL)').fill('http://127.0.0.1:9/v2');
    await form.getByRole('group', { name: 'Plan 1' }).getByLabel('Rate limit', { exact: true }).fill('');
    await form.getByRole('button', { name: 'Save changes' }).click();
    const edited = page.getByRole('article', { name: 'API Echo v2' });
    await edited.getByText('/echo2').waitFor();
    await edited.getByText(/Edited since the last deploy/).waitFor();
    let [stored] = await harness.call<ApiView[]>('GET', apis);
    expect(stored).toMatchObject({ name: 'Echo v2', contextPath: '/echo2', target: 'http://127.0.0.1:9/v2', undeployedChanges: true });
    expect(stored.plans.map((p) => p.rateLimit ?? null)).toEqual([null, { limit: 100, periodSeconds: 60 }]);
    await edited.getByRole('button', { name: 'Deploy', exact: true }).click();
    await edited.locator('[data-undeployed-changes]').waitFor({ state: 'detached' });

    // Subscriptions with their keys; closing one revokes its key.
    await edited.getByRole('button', { name: 'Create API key' }).click();
    await edited.getByRole('button', { name: 'Create API key' }).click();
    const subscriptions = edited.getByRole('table', { name: 'Subscriptions of Echo v2' });
    await subscriptions.locator('tbody tr').nth(1).waitFor();
    const listed = await harness.call<SubscriptionView[]>('GET', `${apis}/${stored.id}/subscriptions`);
    expect(listed).toHaveLength(2);
    for (const s of listed) await subscriptions.locator(`tr[data-subscription-id="${s.id}"] code`).filter({ hasText: s.apiKey }).waitFor();
    const closing = subscriptions.locator(`tr[data-subscription-id="${listed[1].id}"]`);
    await closing.getByRole('button', { name: 'Close' }).click();
    await closing.getByText('Gateways will refuse this key.').waitFor();
    await closing.getByRole('button', { name: 'Confirm close' }).click();
    await closing.getByText('closed, key revoked').waitFor();
    const after = await harness.call<SubscriptionView[]>('GET', `${apis}/${stored.id}/subscriptions`);
    expect(after.map((s) => [s.id, s.status, s.apiKeyRevoked])).toEqual([
      [listed[0].id, 'ACCEPTED', false],
      [listed[1].id, 'CLOSED', true],
    ]);

    // Removing the API-key plan while a subscription is open is refused, plainly.
    await edited.getByRole('button', { name: 'Edit' }).click();
    const again = edited.getByRole('form', { name: 'Edit Echo v2' });
    await again.getByRole('group', { name: 'Plan 2' }).getByRole('button', { name: 'Remove plan' }).click();
    await again.getByRole('button', { name: 'Save changes' }).click();
    await again.getByRole('alert').filter({ hasText: /has 1 open subscription\(s\) and cannot be removed; close its subscriptions first/ }).waitFor();
    await again.getByRole('button', { name: 'Cancel' }).click();

    // Undeploy keeps the API; delete asks first.
    await edited.getByRole('button', { name: 'Undeploy' }).click();
    await edited.getByText('not deployed').waitFor();
    [stored] = await harness.call<ApiView[]>('GET', apis);
    expect(stored.deployed).toBe(false);
    await edited.getByRole('button', { name: 'Delete' }).click();
    await edited.getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByText('No API in this environment yet.').waitFor();
    expect(await harness.call<ApiView[]>('GET', apis)).toEqual([]);
  });
});
