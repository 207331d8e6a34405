import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  dashboardFixture,
  mgmtApi,
  newProject,
  newReceiver,
  openWebhooks,
  signedInPage,
  type TestProject,
} from './browser.js';

const hasChromium = chromiumAvailable();

// Lists show what the API has now: they load again on every navigation, also to the page already open,
// and whenever the window regains focus; a change made elsewhere (a script, the dispatcher) shows up.
describe.skipIf(!hasChromium)('dashboard lists stay fresh', () => {
  const d = dashboardFixture();

  /** A project with one active webhook, made through the Management API. */
  async function projectWithWebhook(name: string): Promise<{ p: TestProject; hookId: string; url: string }> {
    const p = await newProject(d.s, name);
    const receiver = await newReceiver();
    const made = await mgmtApi(d.s, 'POST', `/projects/${p.id}/webhooks`, {
      target_url: receiver.url,
      events: ['customer.created'],
    });
    expect(made.status).toBe(200);
    return { p, hookId: made.json.id as string, url: receiver.url };
  }

  const setActive = async (p: TestProject, hookId: string, active: boolean) => {
    const res = await mgmtApi(d.s, 'PUT', `/projects/${p.id}/webhooks/${hookId}`, { active });
    expect(res.status).toBe(200);
    expect(res.json.active).toBe(active);
  };

  /** The Status cell of the webhook's row in Project settings → General → Webhooks. */
  const statusOf = (page: Page, url: string) => async () => {
    const section = page.getByRole('region', { name: 'Webhooks', exact: true });
    const row = section.getByRole('row').filter({ hasText: url });
    return row.locator('td[data-label="Status"]').textContent({ timeout: 1000 });
  };

  it('shows a webhook disabled through the API after clicking "Project settings" again', async () => {
    const { p, hookId, url } = await projectWithWebhook('Same-route project');
    const page = await signedInPage(d, p.id);
    await openWebhooks(page);
    await expect.poll(statusOf(page, url)).toBe('Active');
    const here = page.url();

    await setActive(p, hookId, false);
    await page.getByRole('link', { name: 'Project settings' }).click();
    await expect.poll(statusOf(page, url)).toBe('Disabled');
    expect(page.url()).toBe(here);
    expect(await page.getByRole('tab', { name: 'General' }).getAttribute('aria-selected')).toBe('true');
  });

  it('shows a webhook changed through the API when the window regains focus', async () => {
    const { p, hookId, url } = await projectWithWebhook('Focus project');
    const page = await signedInPage(d, p.id);
    await openWebhooks(page);
    await expect.poll(statusOf(page, url)).toBe('Active');

    await setActive(p, hookId, false);
    await page.evaluate(() => (globalThis as any).window.dispatchEvent(new Event('focus')));
    await expect.poll(statusOf(page, url)).toBe('Disabled');

    // Coming back to a hidden tab says so with visibilitychange.
    expect(await page.evaluate(() => (globalThis as any).document.visibilityState)).toBe('visible');
    await setActive(p, hookId, true);
    await page.evaluate(() => (globalThis as any).document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(statusOf(page, url)).toBe('Active');
  });

  it('shows in the audit log a webhook disabled through the API when the window regains focus', async () => {
    const { p, hookId, url } = await projectWithWebhook('Audit focus project');
    const page = await signedInPage(d, p.id);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByText('No send-outs match.').waitFor();
    const banner = page.locator('.disabled-banner').filter({ hasText: url });
    expect(await banner.count()).toBe(0);

    await setActive(p, hookId, false);
    await page.evaluate(() => (globalThis as any).window.dispatchEvent(new Event('focus')));
    await expect.poll(() => banner.count()).toBe(1);
    await banner.getByRole('button', { name: 'Recover failed since…' }).waitFor();
  });

  it('lists a project created through the API after navigation', async () => {
    const p = await newProject(d.s, 'Listing project');
    const page = await signedInPage(d, p.id);
    const switcher = page.getByLabel('Project', { exact: true });
    await switcher.waitFor();
    const option = (id: string) => switcher.locator(`option[value="${id}"]`);
    expect(await option(p.id).count()).toBe(1);

    const later = await newProject(d.s, 'Project made later');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await expect.poll(() => option(later.id).count()).toBe(1);
    expect(await option(later.id).textContent()).toBe('Project made later');

    await switcher.selectOption(later.id);
    await expect.poll(() => page.url()).toContain(`/projects/${later.id}/audit-log`);
  });
});
