import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { KEYS } from '../helpers/app.js';
import {
  chromiumAvailable,
  dashboardFixture,
  mgmtApi,
  newPage,
  newProject,
  newReceiver,
  openWebhooks,
  screenshot,
  signedInPage,
  signIn,
  webhooksSection,
} from './browser.js';
import { eventually, waitUntil } from '../helpers/poll.js';

const hasChromium = chromiumAvailable();

const webhookRow = (page: Page, url: string) =>
  webhooksSection(page).getByRole('row').filter({ hasText: url });

describe.skipIf(!hasChromium)('dashboard in Chromium', () => {
  const d = dashboardFixture();

  it('sends an unauthenticated visit to sign-in, shows the API error, then signs in with a cookie', async () => {
    const p = await newProject(d.s, 'Sign-in project');
    const page = await newPage(d);
    await page.goto(`${d.s.baseUrl}/dashboard/projects/${p.id}/audit-log`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
    await screenshot(page, '01-sign-in');

    await page.getByLabel('Management ID').fill(KEYS.managementId);
    await page.getByLabel('Management token').fill('wrong-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Unauthorized');

    await page.getByLabel('Management token').fill(KEYS.managementToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where the visit wanted to go.
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const cookie = (await page.context().cookies()).find((c) => c.name === 'vouchsafe_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => (globalThis as any).document.cookie)).toBe('');
  });

  it('creates a webhook by the steps, with a test send that the receiver gets signed', async () => {
    const p = await newProject(d.s, 'Steps project');
    const ok = await newReceiver();
    const page = await signedInPage(d, p.id);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const section = await openWebhooks(page);
    await section.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByRole('heading', { name: 'Add new webhook' }).waitFor();

    // 1. Version.
    expect(await page.getByLabel('Webhook version').inputValue()).toBe('v2024-01-01');
    // 2. Target URL, checked as it is typed.
    const url = page.getByLabel('Target URL');
    await url.fill('ftp://127.0.0.1/hook');
    await page.getByText('Target URL must use http or https').waitFor();
    await url.fill('http://user:pw@127.0.0.1/hook');
    await page.getByText('Target URL must not contain credentials', { exact: false }).waitFor();
    await url.fill(ok.url);
    expect(await url.getAttribute('aria-invalid')).toBe('false');
    // 3. Is active?
    expect(await page.getByRole('checkbox', { name: 'Is active?' }).isChecked()).toBe(true);
    // 4. Events: filter, select all of a group, then one more.
    await page.getByLabel('Filter events').fill('customer');
    await page.getByRole('checkbox', { name: 'Select all Customer events' }).check();
    await page.getByText('5 of 60 selected').waitFor();
    await page.getByLabel('Filter events').fill('');
    await page.getByRole('checkbox', { name: 'voucher.published' }).check();
    await page.getByText('6 of 60 selected').waitFor();
    // 5. Custom headers: reserved and duplicate names are refused.
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header name 1').fill('Content-Type');
    await page.getByText('Content-Type is set by delivery and cannot be overridden').waitFor();
    await page.getByLabel('Header name 1').fill('X-Api-Key');
    await page.getByLabel('Header value 1').fill('secret-123');
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header name 2').fill('x-api-key');
    await page.getByText('x-api-key is given twice', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Remove header 2' }).click();
    // Rate limit (our extension): out of range is refused on submit; 25 is kept.
    await page.getByLabel('Rate limit (deliveries per second)').fill('0');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByText('Rate limit must be a whole number from 1 to 10,000').waitFor();
    expect((await mgmtApi(d.s, 'GET', `/projects/${p.id}/webhooks`)).json.data).toHaveLength(0);
    await page.getByLabel('Rate limit (deliveries per second)').fill('25');
    // 6. Send test webhook.
    await page.getByRole('button', { name: 'Send test webhook' }).click();
    await expect.poll(() => page.getByTestId('test-status').textContent()).toBe('200');
    await page.getByText('ok from receiver').waitFor();
    await screenshot(page, '02-webhook-form');

    expect(ok.received).toHaveLength(1);
    const test = ok.received[0];
    const secret = (await mgmtApi(d.s, 'GET', `/projects/${p.id}/webhook-secret`)).json.secret_key as string;
    expect(test.headers['x-voucherify-signature']).toBe(
      createHmac('sha256', secret).update(test.body).digest('hex'),
    );
    expect(test.headers['x-api-key']).toBe('secret-123');
    expect(JSON.parse(test.body).type).toBe('customer.created');

    // 6b. Another type: the form shows the sample it will send, and the receiver gets exactly that.
    await page.getByLabel('Test event').selectOption('business_validation_rule.created');
    await page.getByText('Sample data it will send').click();
    await expect.poll(() => page.getByTestId('test-sample').textContent()).toContain('val_sample');
    const shown = JSON.parse((await page.getByTestId('test-sample').textContent()) ?? '');
    await page.getByRole('button', { name: 'Send test webhook' }).click();
    await waitUntil(() => ok.received.length === 2);
    const second = JSON.parse(ok.received[1].body);
    expect(second.type).toBe('business_validation_rule.created');
    expect(second.data).toEqual(shown);
    expect(second.data.rule).toMatchObject({ id: 'val_sample000000', object: 'validation_rules' });

    // Create endpoint: in the list, and through the API.
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByText('Webhook created').waitFor();
    const row = webhookRow(page, ok.url);
    await expect.poll(() => row.textContent()).toContain('6 events');
    const rowText = await row.textContent();
    expect(rowText).toContain('v2024-01-01');
    expect(rowText).toContain('Active');
    const list = (await mgmtApi(d.s, 'GET', `/projects/${p.id}/webhooks`)).json.data;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      target_url: ok.url,
      active: true,
      headers: { 'X-Api-Key': 'secret-123' },
      rate_limit: 25,
    });
    expect([...list[0].events].sort()).toEqual(
      [
        'customer.confirmed',
        'customer.created',
        'customer.deleted',
        'customer.rewarded',
        'customer.rewarded.loyalty_points',
        'voucher.published',
      ].sort(),
    );
    await page.getByRole('button', { name: 'Reveal' }).click();
    await page.getByText(secret).waitFor();
    await page.getByText('How to verify a send-out').click();
    await screenshot(page, '03-webhooks-list');
  });

  it('shows the send-out of a /v1 call in the audit log, with its payload and attempt', async () => {
    const p = await newProject(d.s, 'Audit project');
    const ok = await newReceiver();
    const hook = await mgmtApi(d.s, 'POST', `/projects/${p.id}/webhooks`, {
      target_url: ok.url,
      events: ['customer.created'],
    });
    expect(hook.status).toBe(200);
    const page = await signedInPage(d, p.id);
    const res = await p.v1('POST', '/customers', { source_id: 'dash-customer-1', name: 'Dash Board' });
    expect(res.status).toBe(200);
    const requestId = res.requestId;
    await ok.waitFor(1);

    await page.getByRole('link', { name: 'Audit log' }).click();
    const row = page.getByRole('row').filter({ hasText: 'customer.created' });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Succeeded');
    expect(await row.textContent()).toContain(requestId);
    await expect.poll(() => page.getByTestId('chart-totals').textContent()).toContain('Succeeded: 1');
    await screenshot(page, '04-audit-log');

    await row.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Show data' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('HTTP 200').waitFor();
    const payload = JSON.parse((await dialog.getByTestId('payload').textContent()) ?? '');
    expect(payload).toMatchObject({
      type: 'customer.created',
      data: { customer: { source_id: 'dash-customer-1' } },
    });
    expect(Object.keys(payload)).toEqual([
      'id',
      'project_id',
      'created_at',
      'type',
      'data',
      'source',
      'event',
    ]);
    await screenshot(page, '05-sendout-data');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('retries a failed send-out from the menu, then re-enables the disabled webhook through edit', async () => {
    const p = await newProject(d.s, 'Retry project');
    const failing = await newReceiver(500);
    const page = await signedInPage(d, p.id);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByText('No send-outs match.').waitFor();
    const created = await mgmtApi(d.s, 'POST', `/projects/${p.id}/webhooks`, {
      target_url: failing.url,
      events: ['customer.deleted'],
    });
    const hookId = created.json.id as string;
    const customerId = (await p.v1('POST', '/customers', { source_id: 'to-delete' })).json.id as string;
    expect((await p.v1('DELETE', `/customers/${customerId}`)).status).toBe(204);
    // The initial attempt and both retries (300 ms, 600 ms) fail: the send-out fails, the webhook is disabled.
    await eventually(
      async () => (await mgmtApi(d.s, 'GET', `/projects/${p.id}/webhooks/${hookId}`)).json.active === false,
      { everyMs: 100, what: 'the webhook to be disabled' },
    );
    expect(failing.received).toHaveLength(3);

    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByLabel('Webhook', { exact: true }).selectOption(hookId);
    const row = page.getByRole('row').filter({ hasText: 'customer.deleted' });
    await expect.poll(() => row.textContent()).toContain('Failed');
    expect(await row.getByTestId('attempts').textContent()).toBe('3');
    await page.getByRole('button', { name: 'Recover failed since…' }).waitFor();
    await screenshot(page, '06-audit-log-failed');

    await row.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Retry' }).click();
    await page.getByText('queued', { exact: false }).waitFor();
    await expect.poll(() => row.getByTestId('attempts').textContent(), { timeout: 10_000 }).toBe('4');
    expect(failing.received).toHaveLength(4);
    // All send-outs have the same id: receivers can deduplicate.
    expect(new Set(failing.received.map((r) => r.headers['webhook-id'])).size).toBe(1);

    await openWebhooks(page);
    const listRow = webhookRow(page, failing.url);
    await expect.poll(() => listRow.textContent()).toContain('Disabled');
    expect(await listRow.textContent()).toContain('failed all 3 tries');
    await listRow.getByRole('button', { name: 'Edit' }).click();
    const active = page.getByRole('checkbox', { name: 'Is active?' });
    await active.waitFor();
    expect(await active.isChecked()).toBe(false);
    await active.check();
    await page.getByRole('button', { name: 'Update endpoint' }).click();
    await page.getByText('Webhook updated').waitFor();
    await expect.poll(() => webhookRow(page, failing.url).textContent()).toContain('Active');
    expect((await mgmtApi(d.s, 'GET', `/projects/${p.id}/webhooks/${hookId}`)).json).toMatchObject({
      active: true,
      disabled_at: null,
    });
  });

  it('deletes a webhook after confirmation', async () => {
    const p = await newProject(d.s, 'Delete project');
    const [kept, doomed] = await Promise.all([newReceiver(), newReceiver()]);
    for (const r of [kept, doomed]) {
      const made = await mgmtApi(d.s, 'POST', `/projects/${p.id}/webhooks`, {
        target_url: r.url,
        events: ['customer.created'],
      });
      expect(made.status).toBe(200);
    }
    const page = await signedInPage(d, p.id);
    await openWebhooks(page);
    const row = webhookRow(page, doomed.url);
    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete webhook?' });
    await dialog.waitFor();
    await screenshot(page, '07-delete-dialog');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Webhook deleted').waitFor();
    await expect.poll(() => webhookRow(page, doomed.url).count()).toBe(0);
    const list = (await mgmtApi(d.s, 'GET', `/projects/${p.id}/webhooks`)).json.data as {
      target_url: string;
    }[];
    expect(list.map((w) => w.target_url)).toEqual([kept.url]);
  });

  it('shows an API error message, and switches projects when there are several', async () => {
    const p = await newProject(d.s, 'Error project');
    const page = await newPage(d);
    await signIn(page, d.s.baseUrl);
    await page.goto(`${d.s.baseUrl}/dashboard/projects/${p.id}/webhooks/wh_missing`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Resource not found');

    const other = await newProject(d.s, 'Second project');
    await page.goto(`${d.s.baseUrl}/dashboard/`);
    const switcher = page.getByLabel('Project', { exact: true });
    await switcher.waitFor();
    await switcher.selectOption(other.id);
    await expect.poll(() => page.url()).toContain(`/projects/${other.id}/webhooks`);
    await page.getByText('No webhooks yet').waitFor();
  });

  it('works at 390 px wide without sideways scrolling', async () => {
    const p = await newProject(d.s, 'Narrow project');
    const ok = await newReceiver();
    const hook = await mgmtApi(d.s, 'POST', `/projects/${p.id}/webhooks`, {
      target_url: ok.url,
      events: ['customer.created'],
    });
    expect(hook.status).toBe(200);
    expect((await p.v1('POST', '/customers', { source_id: 'narrow-1' })).status).toBe(200);
    await ok.waitFor(1);
    const page = await signedInPage(d, p.id, { width: 390, height: 844 });
    await webhookRow(page, ok.url).waitFor();
    const overflow = () =>
      page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
    expect(await overflow()).toBeLessThanOrEqual(390);
    await screenshot(page, '08-narrow-webhooks');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('row').filter({ hasText: 'customer.created' }).first().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(390);
    await screenshot(page, '09-narrow-audit-log');
    await page.goto(`${d.s.baseUrl}/dashboard/projects/${p.id}/webhooks/new`);
    await page.getByLabel('Target URL').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(390);
    await screenshot(page, '10-narrow-form');
  });

  it('signs out, and the cookie no longer opens the API', async () => {
    const page = await newPage(d);
    await signIn(page, d.s.baseUrl);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/management/v1/projects')).status);
    expect(status).toBe(401);
  });
});
