// The gateway page in a real (headless) Chromium, with a real reference gateway connected through a
// Cloud Gate: instances, tokens, edit, rotation, revocation and deletion.
import 'reflect-metadata';
import { Browser } from 'playwright-core';
import { Stack, startStack } from '../support/stack';
import { waitFor } from '../support/wait-for';
import { DashboardHarness, launchChromium, openPage, saveScreenshot, signIn } from './dashboard.support';

interface Account {
  id: string;
  environments: Array<{ id: string }>;
}
interface Token {
  jti: string;
  revoked: boolean;
}
interface GatewayDetail {
  id: string;
  name: string;
  accessPoints: string[];
  status: string;
  instances: Array<{ nodeId: string; hostname: string; version: string }>;
  tokens: Token[];
}

describe('dashboard: gateway page', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack('dash_gateway', { worker: false });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows instances and tokens of a running gateway, edits it, rotates and revokes its tokens, and deletes it after confirmation', async () => {
    const account = (await stack.api<Account>('POST', '/accounts', { name: 'Gateway Page Co', region: 'eu' })).body;
    const created = await stack.api<{ id: string }>('POST', `/accounts/${account.id}/gateways`, {
      name: 'edge-page',
      platform: 'docker',
      environmentId: account.environments[0].id,
      accessPoints: ['page.example.com'],
    });
    const gatewayId = created.body.id;
    const detail = async () => (await stack.api<GatewayDetail>('GET', `/accounts/${account.id}/gateways/${gatewayId}`)).body;
    const details = await stack.api<{ cloudToken: string; licenseKey: string }>('POST', `/accounts/${account.id}/gateways/${gatewayId}/installation-details`);
    await stack.startGateway(details.body.cloudToken, details.body.licenseKey);
    const connected = await waitFor('the gateway to connect', async () => {
      const d = await detail();
      return d.status === 'connected' ? d : undefined;
    });
    const [instance] = connected.instances;
    const [firstToken] = connected.tokens;

    const harness = { baseUrl: stack.controlPlaneUrl, adminToken: stack.adminToken, browser } as DashboardHarness;
    const { page, errors } = await openPage(harness);
    await signIn(page, harness);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gateways' }).click();
    await page.getByRole('link', { name: 'edge-page' }).click();
    await page.getByRole('heading', { name: /edge-page/ }).waitFor();

    // Instances: version, hostname, last heartbeat, status, and a health column.
    const instances = page.getByRole('table', { name: 'Instances' });
    const row = instances.locator(`tr[data-node-id="${instance.nodeId}"]`);
    await row.waitFor();
    await expect(instances.locator('thead th').allTextContents()).resolves.toEqual(['Node', 'Hostname', 'Version', 'Status', 'Last heartbeat', 'Health']);
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toBe(instance.hostname);
    expect(cells[2]).toBe(instance.version);
    expect(cells[3]).toBe('connected');
    expect(cells[4]).not.toBe('—');

    // Tokens: the one in use, with when it was last seen.
    const tokens = page.getByRole('table', { name: 'Tokens' });
    const tokenRow = tokens.locator(`tr[data-jti="${firstToken.jti}"]`);
    await tokenRow.waitFor();
    await tokenRow.getByText('valid').waitFor();
    await waitFor('the token to show when it was last seen', async () => !/never/.test((await tokenRow.locator('td').nth(3).textContent()) ?? ''));
    await saveScreenshot(page, 'gateway-page');

    // Edit: a malformed access point gets a plain message and changes nothing; a good edit is saved.
    await page.getByRole('button', { name: 'Edit name and access points' }).click();
    const form = page.getByRole('form', { name: 'Edit gateway' });
    await form.getByLabel('Gateway name').fill('edge-renamed');
    await form.getByLabel('Access points').fill('not a host!');
    await form.getByRole('button', { name: 'Save' }).click();
    const problem = form.getByRole('alert');
    await problem.waitFor();
    const message = (await problem.textContent()) ?? '';
    expect(message).toMatch(/Each access point must be a host name such as apis\.example\.com/);
    expect(message).not.toMatch(/accessPoints|Something went wrong/);
    expect((await detail()).name).toBe('edge-page');
    await form.getByLabel('Access points').fill('a.example.com, b.example.com');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: /edge-renamed/ }).waitFor();
    await page.getByText('a.example.com, b.example.com').waitFor();
    expect(await detail()).toMatchObject({ name: 'edge-renamed', accessPoints: ['a.example.com', 'b.example.com'] });

    // Rotate: asks first; then shows the new token once, revokes the old one, and says the running gateway's token is revoked.
    await page.getByRole('button', { name: 'Rotate token' }).click();
    await page.getByRole('button', { name: 'Confirm rotation' }).click();
    const newToken = page.getByRole('textbox', { name: 'New Cloud Token' });
    await newToken.waitFor();
    const rotatedToken = await newToken.inputValue();
    const rotatedJti = JSON.parse(Buffer.from(rotatedToken.split('.')[1], 'base64url').toString()).jti as string;
    await tokens.locator(`tr[data-jti="${rotatedJti}"]`).getByText('valid').waitFor();
    await tokenRow.getByText(/^revoked /).waitFor();
    await page.getByRole('heading', { name: /edge-renamed/ }).getByText('token revoked').waitFor();
    await page.getByRole('status').filter({ hasText: /was revoked/ }).waitFor();
    expect((await detail()).tokens.map((t) => [t.jti, t.revoked])).toEqual([
      [rotatedJti, false],
      [firstToken.jti, true],
    ]);
    await page.getByRole('button', { name: 'Done' }).click();

    // Revoke the new token from its row.
    const rotatedRow = tokens.locator(`tr[data-jti="${rotatedJti}"]`);
    await rotatedRow.getByRole('button', { name: 'Revoke' }).click();
    await rotatedRow.getByRole('button', { name: 'Confirm revoke' }).click();
    await rotatedRow.getByText(/^revoked /).waitFor();
    expect((await detail()).tokens.every((t) => t.revoked)).toBe(true);

    // Delete: "Keep" changes nothing; confirming deletes and returns to the list.
    await page.getByRole('button', { name: 'Delete gateway' }).click();
    await page.getByRole('button', { name: 'Keep' }).click();
    expect((await stack.api('GET', `/accounts/${account.id}/gateways/${gatewayId}`)).status).toBe(200);
    await page.getByRole('button', { name: 'Delete gateway' }).click();
    await page.getByText(/Delete edge-renamed\? Its tokens are revoked/).waitFor();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByText('No gateway yet.').waitFor();
    expect((await stack.api('GET', `/accounts/${account.id}/gateways/${gatewayId}`)).status).toBe(404);

    // The failed save answered 400, which the browser logs; nothing else went wrong.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await page.context().close();
  });
});
