// The dashboard's Automation page, clicked through in a real (headless) Chromium.
import { Page } from 'playwright-core';
import { DashboardHarness, jwtClaims, openPage, readClipboard, saveScreenshot, signIn, startDashboard } from './dashboard.support';

interface Account {
  id: string;
  environments: Array<{ id: string; name: string }>;
}

describe('dashboard: automation tokens', () => {
  let harness: DashboardHarness;
  let page: Page;
  let errors: string[];
  let account: Account;
  let staging: { id: string };

  beforeAll(async () => {
    harness = await startDashboard('dash_automation');
    ({ page, errors } = await openPage(harness));
    account = await harness.call<Account>('POST', '/accounts', { name: 'Acme Automation', region: 'eu' });
    staging = await harness.call<{ id: string }>('POST', `/accounts/${account.id}/environments`, { name: 'Staging' });
  });
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    await saveScreenshot(page, expect.getState().currentTestName?.replace(/\W+/g, '-') ?? 'dashboard-automation');
    expect(errors.splice(0)).toEqual([]);
  });

  it('issues a token for chosen environments and shows it once, then rotates and revokes it', async () => {
    await signIn(page, harness);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automation' }).click();
    await page.getByRole('heading', { name: 'Automation' }).waitFor();
    await page.getByText('No automation token yet.').waitFor();

    await page.getByLabel('Token name').fill('terraform-staging');
    await page.getByRole('checkbox', { name: 'Default' }).uncheck();
    await page.getByRole('button', { name: 'Issue token' }).click();
    const tokenBox = page.getByRole('textbox', { name: 'Automation token' });
    await tokenBox.waitFor();
    const token = await tokenBox.inputValue();
    expect(jwtClaims(token)).toMatchObject({ scopes: ['automation', 'rest'], envs: [staging.id], acc: account.id });
    await page.getByRole('button', { name: 'Copy automation token' }).click();
    expect(await readClipboard(page)).toBe(token);
    expect(await page.locator('#terraform-provider').textContent()).toContain(`cloud_auth = "${token}"`);
    const row = page.getByRole('row', { name: 'Token terraform-staging' });
    await row.getByRole('cell', { name: 'Staging', exact: true }).waitFor();
    await row.locator('[data-status="active"]').waitFor();

    // Shown once: after leaving the page the token is nowhere on it.
    await page.reload();
    await page.getByRole('row', { name: 'Token terraform-staging' }).waitFor();
    expect(await page.content()).not.toContain(token);

    // Rotate: a new token is shown once, the old one is listed revoked.
    await page.getByRole('row', { name: 'Token terraform-staging' }).first().getByRole('button', { name: 'Rotate' }).click();
    await page.getByRole('textbox', { name: 'Automation token' }).waitFor();
    const rotated = await page.getByRole('textbox', { name: 'Automation token' }).inputValue();
    expect(rotated).not.toBe(token);
    expect(jwtClaims(rotated).envs).toEqual([staging.id]);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.locator(`tr[data-jti="${jwtClaims(token).jti as string}"]`).locator('[data-status="revoked"]').waitFor();

    // Revoke the rotated one: both are listed revoked, and the API refuses it.
    await page.locator(`tr[data-jti="${jwtClaims(rotated).jti as string}"]`).getByRole('button', { name: 'Revoke' }).click();
    await page.locator(`tr[data-jti="${jwtClaims(rotated).jti as string}"]`).locator('[data-status="revoked"]').waitFor();
    const listed = await harness.call<Array<{ jti: string; revoked: boolean }>>('GET', `/accounts/${account.id}/automation-tokens`);
    expect(listed.map((t) => t.revoked)).toEqual([true, true]);
    const refused = await fetch(`${harness.baseUrl}/api/v1/accounts/${account.id}`, { headers: { Authorization: `Bearer ${rotated}` } });
    expect(refused.status).toBe(401);
  });
});
