// Every page of the dashboard on a 390 px wide phone screen, in a real (headless) Chromium:
// nothing makes the page itself scroll sideways, and the navigation and actions stay reachable.
import { Page } from 'playwright-core';
import { DashboardHarness, openPage, saveScreenshot, signIn, startDashboard } from './dashboard.support';

interface Account {
  id: string;
  environments: Array<{ id: string }>;
}

describe('dashboard: a 390 px wide screen', () => {
  let harness: DashboardHarness;
  let page: Page;
  let errors: string[];
  let gatewayId: string;

  beforeAll(async () => {
    harness = await startDashboard('dash_narrow');
    ({ page, errors } = await openPage(harness, { width: 390, height: 844 }));
    const account = await harness.call<Account>('POST', '/accounts', { name: 'A company with a rather long name', region: 'eu' });
    const environmentId = account.environments[0].id;
    await harness.call('POST', `/accounts/${account.id}/environments`, { name: 'Staging environment for the long-running tests' });
    const gateway = await harness.call<{ id: string }>('POST', `/accounts/${account.id}/gateways`, {
      name: 'edge-gateway-with-a-long-name-1',
      platform: 'kubernetes',
      environmentId,
      accessPoints: ['apis.a-very-long-subdomain.example.com', 'apis2.a-very-long-subdomain.example.com'],
    });
    gatewayId = gateway.id;
    await harness.call('POST', `/accounts/${account.id}/gateways/${gatewayId}/installation-details`);
    const apis = `/accounts/${account.id}/environments/${environmentId}/apis`;
    const api = await harness.call<{ id: string; plans: Array<{ id: string }> }>('POST', apis, {
      name: 'Echo',
      contextPath: '/a/rather/long/context/path/for/an/api',
      target: 'https://backend.a-very-long-subdomain.example.com/v1/echo/with/a/long/path',
      plans: [{ name: 'Keys', security: 'api-key', rateLimit: { limit: 100, periodSeconds: 60 } }],
    });
    await harness.call('POST', `${apis}/${api.id}/plans/${api.plans[0].id}/subscriptions`);
    await harness.call('POST', `/accounts/${account.id}/automation-tokens`, { name: 'terraform-for-the-long-running-pipeline' });
    await signIn(page, harness);
  });
  afterAll(async () => {
    await harness?.close();
  });

  const pages: Array<[string, string, RegExp]> = [
    ['overview', 'overview', /Overview/],
    ['gateways', 'gateways', /^Gateways$/],
    ['gateway', 'gateways/:id', /edge-gateway-with-a-long-name-1/],
    ['deploy gateway', 'gateways/deploy', /Choose Gateway Deployment Method/],
    ['APIs', 'apis', /^APIs$/],
    ['environments', 'environments', /^Environments$/],
    ['analytics', 'analytics', /^Analytics$/],
    ['automation', 'automation', /^Automation$/],
  ];

  it.each(pages)('fits the %s page in the width', async (name, route, heading) => {
    await page.goto(`${harness.baseUrl}/#/${route.replace(':id', gatewayId)}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    // Let the page's data arrive before measuring.
    await page.waitForFunction("document.querySelector('.loading') === null");
    await saveScreenshot(page, `dashboard-narrow-${name.replace(/\W+/g, '-')}`);
    // Evaluated in the browser, whose globals the tests' types do not know.
    const widths = (await page.evaluate('({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })')) as { page: number; viewport: number };
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    // The navigation is still there, each link inside the screen or reachable by scrolling the bar itself.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link').count()).resolves.toBe(6);
    const navBox = await nav.boundingBox();
    expect(navBox!.x).toBeGreaterThanOrEqual(0);
    expect(navBox!.x + navBox!.width).toBeLessThanOrEqual(widths.viewport);
    expect(errors.splice(0)).toEqual([]);
  });
});
