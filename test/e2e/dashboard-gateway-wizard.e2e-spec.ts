// The seed's "Hybrid Gateway Wizard", clicked through in a real (headless) Chromium.
import { Page } from 'playwright-core';
import { DashboardHarness, jwtClaims, openPage, readClipboard, saveScreenshot, signIn, startDashboard } from './dashboard.support';

describe('dashboard: Deploy Gateway wizard', () => {
  let harness: DashboardHarness;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    harness = await startDashboard('dash_wizard');
    ({ page, errors } = await openPage(harness));
  });
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    await saveScreenshot(page, expect.getState().currentTestName?.replace(/\W+/g, '-') ?? 'dashboard-wizard');
    const seen = errors.splice(0);
    expect(seen).toEqual([]);
  });

  it('signs in, creates a US account, deploys a hybrid gateway and lists it on the Overview', async () => {
    await signIn(page, harness);

    // No account yet: the dashboard asks for one.
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Account name').fill('Acme Browser');
    await page.getByLabel('Region').selectOption('us');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: /Overview — Acme Browser/ }).waitFor();
    await page.getByText('No gateway yet.').first().waitFor();

    const [account] = await harness.call<Array<{ id: string; region: string; environments: Array<{ id: string; name: string }> }>>(
      'GET',
      '/accounts',
    );
    expect(account.region).toBe('us');
    // A second environment, so choosing one in the wizard is a real choice.
    const staging = await harness.call<{ id: string; name: string }>('POST', `/accounts/${account.id}/environments`, { name: 'Staging' });
    await page.reload();

    // Gateways → Deploy Gateway → Hybrid Gateway
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gateways' }).click();
    await page.getByRole('heading', { name: 'Gateways' }).waitFor();
    await page.getByRole('link', { name: 'Deploy Gateway' }).click();
    await page.getByRole('heading', { name: 'Choose Gateway Deployment Method' }).waitFor();
    await page.getByRole('button', { name: /Hybrid Gateway/ }).click();

    // Platform, environment, access point
    await page.getByLabel('Platform').selectOption({ label: 'Kubernetes (Helm)' });
    await page.getByLabel('Environment').selectOption({ label: 'Staging' });
    await page.getByLabel('Gateway name').fill('edge-browser-1');
    await page.getByLabel('Access Point').fill('apis.acme.example, api2.acme.example');
    await page.getByRole('button', { name: 'Generate Installation Details' }).click();

    // Cloud Token and License, with copy buttons
    const tokenBox = page.getByRole('textbox', { name: 'Cloud Token' });
    await tokenBox.waitFor();
    const cloudToken = await tokenBox.inputValue();
    const licenseKey = await page.getByRole('textbox', { name: 'License', exact: true }).inputValue();
    const claims = jwtClaims(cloudToken);
    expect(claims.envs).toEqual([staging.id]);
    expect(claims.cpg).toBe('us');
    expect(claims.acc).toBe(account.id);
    expect(licenseKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
    await page.getByRole('button', { name: 'Copy Cloud Token' }).click();
    expect(await readClipboard(page)).toBe(cloudToken);
    await page.getByRole('button', { name: 'Copy License' }).click();
    expect(await readClipboard(page)).toBe(licenseKey);

    // The platform chosen first decides the instructions; switching it changes only those.
    await expect(page.locator('#install-instructions').textContent()).resolves.toContain(cloudToken);
    await page.getByLabel('Platform').selectOption({ label: 'Docker' });
    const docker = (await page.locator('#install-instructions').textContent()) ?? '';
    expect(docker).toContain('docker run');
    expect(docker).toContain(cloudToken);
    expect(docker).toContain(licenseKey);
    expect(await page.getByRole('textbox', { name: 'Cloud Token' }).inputValue()).toBe(cloudToken);

    // Return to Overview: the new gateway is listed.
    await page.getByRole('button', { name: 'Return to Overview' }).click();
    await page.getByRole('heading', { name: /Overview — Acme Browser/ }).waitFor();
    const row = page.locator('table.gateways tr', { hasText: 'edge-browser-1' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/Staging/);
    await expect(row.textContent()).resolves.toMatch(/apis\.acme\.example, api2\.acme\.example/);
    await expect(page.getByTestId('gateway-count').textContent()).resolves.toBe('1');
  });

  it('refuses a wrong admin token with a clear message', async () => {
    const { page: other, errors: otherErrors } = await openPage(harness);
    await other.goto(harness.baseUrl + '/');
    await other.getByLabel('Admin token').fill('not-the-token');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('alert').filter({ hasText: 'This admin token is not valid.' }).waitFor();
    await saveScreenshot(other, 'dashboard-sign-in-refused');
    // The browser logs the 401 of the check itself; nothing else may go wrong.
    expect(otherErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await other.context().close();
  });
});
