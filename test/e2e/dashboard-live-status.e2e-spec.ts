import 'reflect-metadata';
import { Browser } from 'playwright-core';
import { Stack, startStack } from '../support/stack';
import { DashboardHarness, launchChromium, openPage, saveScreenshot, signIn } from './dashboard.support';

/**
 * The Overview's live status with a real hybrid gateway: connected while its heartbeats arrive,
 * stopped once it shut down, without reloading the page.
 */
describe('dashboard: live gateway status', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack('dash_live', { worker: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the gateway connected while it runs and stopped after it shuts down', async () => {
    const account = await stack.api<{ id: string; environments: Array<{ id: string }> }>('POST', '/accounts', { name: 'Live Co', region: 'eu' });
    const gateway = await stack.api<{ id: string }>('POST', `/accounts/${account.body.id}/gateways`, {
      name: 'edge-live',
      platform: 'docker',
      environmentId: account.body.environments[0].id,
      accessPoints: ['live.example.com'],
    });
    const details = await stack.api<{ cloudToken: string; licenseKey: string }>('POST', `/accounts/${account.body.id}/gateways/${gateway.body.id}/installation-details`);
    const running = await stack.startGateway(details.body.cloudToken, details.body.licenseKey);

    const harness = { baseUrl: stack.controlPlaneUrl, adminToken: stack.adminToken, browser } as DashboardHarness;
    const { page, errors } = await openPage(harness);
    await signIn(page, harness);
    const row = page.locator(`tr[data-gateway-id="${gateway.body.id}"]`);
    await row.locator('.badge-connected').first().waitFor({ timeout: 15_000 });
    await saveScreenshot(page, 'dashboard-live-connected');

    expect(await running.app.stop()).toBe(0);
    // The page refreshes on its own: no reload.
    await row.locator('.badge-stopped').first().waitFor({ timeout: 15_000 });
    await saveScreenshot(page, 'dashboard-live-stopped');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
