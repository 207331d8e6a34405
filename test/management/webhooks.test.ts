import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { iso } from '../../src/platform/clock.js';
import { EVENT_CATALOG, EVENT_TYPES } from '../../src/webhooks/event-catalog.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildWebhook, createProject, createWebhook, listWebhooks } from '../helpers/factories.js';
import { expectError, mgmt, projectPath } from '../helpers/request.js';
import { expectShape, ISO_MS, spec } from '../helpers/schemas.js';
import { FIRED_EVENTS } from '../../src/fired-events.js';

/** Voucherify's Management API document, the contract the webhook routes follow. */
const MANAGEMENT_SPEC = spec('api-management.json') as {
  paths: Record<string, any>;
  components: { schemas: Record<string, any> };
};

/** The event names of the upstream webhook enum, misspellings included. */
const UPSTREAM_EVENT_ENUM: string[] =
  MANAGEMENT_SPEC.components.schemas.ManagementProjectsWebhookBase.properties.events.items.enum;

const WEBHOOK_KEYS = [
  'id',
  'object',
  'created_at',
  'target_url',
  'events',
  'active',
  'all_events',
  'headers',
  'rate_limit',
  'updated_at',
  'disabled_at',
  'disabled_reason',
].sort();

describe.each(DIALECTS)('webhooks Management API on $name', (dialect) => {
  let t: TestApp;
  let base: string;
  beforeEach(async () => {
    t = await startTestApp(dialect);
    base = `${projectPath(t.projectId)}/webhooks`;
  });
  afterEach(async () => {
    await t.close();
  });

  describe('POST /webhooks', () => {
    it('creates a webhook and answers with the full object', async () => {
      const now = iso(t.clock.now());
      const sent = await mgmt(t, 'POST', base, {
        body: { target_url: 'https://hooks.example.com/in', events: ['redemption.succeeded'], active: true },
      });
      expect(sent.status).toBe(200);
      expect(Object.keys(sent.body).sort()).toEqual(WEBHOOK_KEYS);
      expect(sent.body).toEqual({
        id: expect.stringMatching(/^wh_[0-9A-Za-z]{24}$/),
        object: 'webhook',
        created_at: now,
        target_url: 'https://hooks.example.com/in',
        events: ['redemption.succeeded'],
        active: true,
        all_events: false,
        headers: {},
        rate_limit: null,
        updated_at: null,
        disabled_at: null,
        disabled_reason: null,
      });
      expectShape('management.json', 'ManagementProjectsWebhooksCreateResponseBody', sent.body);
    });

    it('accepts the request example of api-management.json', async () => {
      const post = MANAGEMENT_SPEC.paths['/management/v1/projects/{projectId}/webhooks'].post;
      const example = post.responses['200'].content['application/json'].examples.Example.value;
      const sent = await mgmt(t, 'POST', base, {
        body: { target_url: 'https://hooks.example.com/x', events: example.events, active: example.active },
      });
      expect(sent.status).toBe(200);
      expect(sent.body.events).toEqual(example.events);
      expect(sent.body.active).toBe(example.active);
    });

    it('is active by default and can be created inactive', async () => {
      expect((await createWebhook(t)).active).toBe(true);
      const off = await createWebhook(t, { active: false });
      expect(off).toMatchObject({
        active: false,
        disabled_at: iso(t.clock.now()),
        disabled_reason: expect.any(String),
      });
    });

    it('accepts every event name of the upstream enum and stores the four misspellings correctly spelled', async () => {
      expect(UPSTREAM_EVENT_ENUM).toHaveLength(60);
      const created = await createWebhook(t, { events: UPSTREAM_EVENT_ENUM });
      expect([...created.events].sort()).toEqual([...EVENT_TYPES].sort());
      expect(created.events.filter((e: string) => e.endsWith('aded'))).toEqual([]);
      const again = await mgmt(t, 'GET', `${base}/${created.id}`);
      expect([...again.body.events].sort()).toEqual([...EVENT_TYPES].sort());
    });

    it.each([
      ['campaign.vouchers.aded', 'campaign.vouchers.added'],
      ['voucher.gift.balance_aded', 'voucher.gift.balance_added'],
      ['voucher.loyalty_card.pending_points.aded', 'voucher.loyalty_card.pending_points.added'],
      ['voucher.loyalty_card.points_aded', 'voucher.loyalty_card.points_added'],
    ])('stores %s as %s, once, even when both spellings are sent', async (alias, correct) => {
      const created = await createWebhook(t, { events: [alias, 'voucher.created', correct] });
      expect(created.events).toEqual([correct, 'voucher.created']);
      const listed = await listWebhooks(t);
      expect(listed[0].events).toEqual([correct, 'voucher.created']);
    });

    it('subscribes to all events with all_events, with events empty or left out', async () => {
      const empty = await createWebhook(t, { events: [], all_events: true });
      expect(empty).toMatchObject({ all_events: true, events: [] });
      const missing = await createWebhook(t, { events: undefined, all_events: true });
      expect(missing).toMatchObject({ all_events: true, events: [] });
      const both = await createWebhook(t, { events: ['voucher.created'], all_events: true });
      expect(both).toMatchObject({ all_events: true, events: ['voucher.created'] });
    });

    it('refuses an empty or missing events list without all_events', async () => {
      for (const body of [
        buildWebhook({ events: [] }),
        buildWebhook({ events: undefined }),
        buildWebhook({ events: [], all_events: false }),
      ]) {
        expectError(await mgmt(t, 'POST', base, { body }), 400, 'invalid_payload', { details: /events/ });
      }
      expect(await listWebhooks(t)).toEqual([]);
    });

    it('refuses an event name outside the catalog and names it', async () => {
      const sent = await mgmt(t, 'POST', base, {
        body: buildWebhook({ events: ['voucher.created', 'voucher.exploded'] }),
      });
      expectError(sent, 400, 'invalid_payload', { details: /events\[1\].*voucher\.exploded/ });
      expect(await listWebhooks(t)).toEqual([]);
    });

    it('stores custom headers as given', async () => {
      const created = await createWebhook(t, {
        headers: { Authorization: 'Bearer abc', 'X-Tenant': 'shop-1' },
      });
      expect(created.headers).toEqual({ Authorization: 'Bearer abc', 'X-Tenant': 'shop-1' });
      expect((await mgmt(t, 'GET', `${base}/${created.id}`)).body.headers).toEqual(created.headers);
    });

    it('refuses header names that differ only in case', async () => {
      const sent = await mgmt(t, 'POST', base, {
        body: buildWebhook({ headers: { 'X-Tenant': 'a', 'x-tenant': 'b' } }),
      });
      expectError(sent, 400, 'invalid_payload', { details: /headers\.x-tenant/i });
      expect(await listWebhooks(t)).toEqual([]);
    });

    it.each([
      'host',
      'Host',
      'content-length',
      'Content-Type',
      'transfer-encoding',
      'Connection',
      'X-Voucherify-Signature',
      'webhook-id',
      'Webhook-Signature',
      'webhook-timestamp',
      'webhook-anything',
    ])('refuses the reserved header name %s', async (name) => {
      const sent = await mgmt(t, 'POST', base, { body: buildWebhook({ headers: { [name]: 'x' } }) });
      expectError(sent, 400, 'invalid_payload', { details: new RegExp(`headers\\.${name}`) });
      expect(await listWebhooks(t)).toEqual([]);
    });

    it.each([
      'Expect',
      'Upgrade',
      'Keep-Alive',
      'TE',
      'Trailer',
      'Proxy-Authorization',
      'proxy-connection',
      'Proxy-Anything',
    ])('refuses the connection-level header %s, which would break every delivery', async (name) => {
      const sent = await mgmt(t, 'POST', base, { body: buildWebhook({ headers: { [name]: 'x' } }) });
      expectError(sent, 400, 'invalid_payload', {
        details: `headers.${name} is a connection-level header and cannot be set on a webhook`,
      });
      expect(await listWebhooks(t)).toEqual([]);
    });

    it('refuses header names that are not HTTP tokens and values that span lines', async () => {
      for (const headers of [{ 'X Bad': 'x' }, { 'X-Ok': 'a\r\nX-Injected: 1' }, { '': 'x' }]) {
        const sent = await mgmt(t, 'POST', base, { body: buildWebhook({ headers }) });
        expectError(sent, 400, 'invalid_payload', { details: /headers/ });
      }
      expect(await listWebhooks(t)).toEqual([]);
    });

    it('accepts http and https URLs up to 2,048 characters', async () => {
      const http = await createWebhook(t, { target_url: 'http://127.0.0.1:9999/hook?x=1' });
      expect(http.target_url).toBe('http://127.0.0.1:9999/hook?x=1');
      const prefix = 'https://hooks.example.com/';
      const longest = prefix + 'a'.repeat(2048 - prefix.length);
      expect((await createWebhook(t, { target_url: longest })).target_url).toBe(longest);
    });

    it.each([
      ['relative', '/hooks/in'],
      ['no scheme', 'hooks.example.com/in'],
      ['ftp', 'ftp://hooks.example.com/in'],
      ['javascript', 'javascript:alert(1)'],
      ['file', 'file:///etc/passwd'],
      ['credentials', 'https://user:pass@hooks.example.com/in'],
      ['user only', 'https://user@hooks.example.com/in'],
      ['too long', 'https://hooks.example.com/' + 'a'.repeat(2048 - 25)],
      ['empty', ''],
    ])('refuses a target_url that is %s', async (_what, target_url) => {
      const sent = await mgmt(t, 'POST', base, { body: buildWebhook({ target_url }) });
      expectError(sent, 400, 'invalid_payload', { details: /^target_url / });
      expect(await listWebhooks(t)).toEqual([]);
    });

    it('refuses a body without target_url and names the field', async () => {
      const sent = await mgmt(t, 'POST', base, { body: { events: ['voucher.created'] } });
      expectError(sent, 400, 'invalid_payload', { details: /target_url/ });
    });

    it('answers 404 for an unknown project', async () => {
      const sent = await mgmt(t, 'POST', `${projectPath('proj_nope')}/webhooks`, { body: buildWebhook() });
      expectError(sent, 404, 'not_found', { resource_type: 'project', resource_id: 'proj_nope' });
    });
  });

  describe('GET /webhooks', () => {
    it('lists the webhooks of the project, oldest first, as a Voucherify list', async () => {
      const a = await createWebhook(t, { target_url: 'https://a.example.com/' });
      t.clock.advance(1000);
      const b = await createWebhook(t, { target_url: 'https://b.example.com/', all_events: true });
      const sent = await mgmt(t, 'GET', base);
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({ object: 'list', data_ref: 'data', data: [a, b], total: 2 });
      expectShape('management.json', 'ManagementProjectsWebhooksListResponseBody', sent.body);
    });

    it('is empty for a new project, and shows only that project', async () => {
      await createWebhook(t);
      const other = await createProject(t);
      const sent = await mgmt(t, 'GET', `${projectPath(other.id)}/webhooks`);
      expect(sent.body).toEqual({ object: 'list', data_ref: 'data', data: [], total: 0 });
    });

    it('answers 404 for an unknown project', async () => {
      const sent = await mgmt(t, 'GET', `${projectPath('proj_nope')}/webhooks`);
      expectError(sent, 404, 'not_found', { resource_type: 'project', resource_id: 'proj_nope' });
    });
  });

  describe('GET /webhooks/{id}', () => {
    it('returns the webhook', async () => {
      const created = await createWebhook(t, { headers: { 'X-A': '1' } });
      const sent = await mgmt(t, 'GET', `${base}/${created.id}`);
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual(created);
      expectShape('management.json', 'ManagementProjectsWebhooksGetResponseBody', sent.body);
    });

    it('answers 404 not_found with resource_type webhook for an unknown id', async () => {
      const sent = await mgmt(t, 'GET', `${base}/wh_unknown`);
      expectError(sent, 404, 'not_found', { resource_type: 'webhook', resource_id: 'wh_unknown' });
    });

    it("answers 404 for another project's webhook", async () => {
      const other = await createProject(t);
      const theirs = await createWebhook(t, {}, other.id);
      const sent = await mgmt(t, 'GET', `${base}/${theirs.id}`);
      expectError(sent, 404, 'not_found', { resource_type: 'webhook', resource_id: theirs.id });
    });
  });

  describe('PUT /webhooks/{id}', () => {
    it('replaces the events list and sets updated_at', async () => {
      const created = await createWebhook(t, { events: ['voucher.created', 'voucher.updated'] });
      t.clock.advance(5000);
      const sent = await mgmt(t, 'PUT', `${base}/${created.id}`, {
        body: { target_url: created.target_url, events: ['customer.created'] },
      });
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({
        ...created,
        events: ['customer.created'],
        updated_at: iso(t.clock.now()),
      });
      expectShape('management.json', 'ManagementProjectsWebhooksUpdateResponseBody', sent.body);
      expect((await mgmt(t, 'GET', `${base}/${created.id}`)).body).toEqual(sent.body);
    });

    it('accepts the misspellings and stores them correctly spelled', async () => {
      const created = await createWebhook(t);
      const sent = await mgmt(t, 'PUT', `${base}/${created.id}`, {
        body: { target_url: created.target_url, events: ['voucher.loyalty_card.points_aded'] },
      });
      expect(sent.body.events).toEqual(['voucher.loyalty_card.points_added']);
    });

    it('changes target_url, headers and all_events', async () => {
      const created = await createWebhook(t, { headers: { 'X-Old': '1' } });
      const sent = await mgmt(t, 'PUT', `${base}/${created.id}`, {
        body: {
          target_url: 'https://new.example.com/hook',
          events: [],
          all_events: true,
          headers: { 'X-New': '2' },
        },
      });
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({
        target_url: 'https://new.example.com/hook',
        events: [],
        all_events: true,
        headers: { 'X-New': '2' },
      });
    });

    it('deactivates and re-activates, recording when and why', async () => {
      const created = await createWebhook(t);
      t.clock.advance(1000);
      const off = await mgmt(t, 'PUT', `${base}/${created.id}`, {
        body: { target_url: created.target_url, events: created.events, active: false },
      });
      expect(off.body).toMatchObject({
        active: false,
        disabled_at: iso(t.clock.now()),
        disabled_reason: expect.any(String),
      });
      expect(off.body.disabled_reason.length).toBeGreaterThan(0);
      t.clock.advance(1000);
      const on = await mgmt(t, 'PUT', `${base}/${created.id}`, {
        body: { target_url: created.target_url, events: created.events, active: true },
      });
      expect(on.body).toMatchObject({ active: true, disabled_at: null, disabled_reason: null });
    });

    it('refuses to leave a webhook without events, and changes nothing', async () => {
      const created = await createWebhook(t);
      const sent = await mgmt(t, 'PUT', `${base}/${created.id}`, {
        body: { target_url: created.target_url, events: [] },
      });
      expectError(sent, 400, 'invalid_payload', { details: /events/ });
      expect((await mgmt(t, 'GET', `${base}/${created.id}`)).body).toEqual(created);
    });

    it('refuses bad values and changes nothing', async () => {
      const created = await createWebhook(t);
      for (const body of [
        { target_url: 'ftp://x.example.com/', events: ['voucher.created'] },
        { target_url: created.target_url, events: ['nope.never'] },
        { target_url: created.target_url, events: ['voucher.created'], headers: { Host: 'evil' } },
        { target_url: created.target_url, events: ['voucher.created'], headers: { 'x-a': '1', 'X-A': '2' } },
        { target_url: created.target_url, events: 'voucher.created,voucher.deleted' },
      ]) {
        expectError(await mgmt(t, 'PUT', `${base}/${created.id}`, { body }), 400, 'invalid_payload');
      }
      expect((await mgmt(t, 'GET', `${base}/${created.id}`)).body).toEqual(created);
    });

    it('answers 404 for an unknown webhook and for one of another project', async () => {
      const other = await createProject(t);
      const theirs = await createWebhook(t, {}, other.id);
      for (const id of ['wh_unknown', theirs.id]) {
        const sent = await mgmt(t, 'PUT', `${base}/${id}`, { body: buildWebhook() });
        expectError(sent, 404, 'not_found', { resource_type: 'webhook', resource_id: id });
      }
      expect((await mgmt(t, 'GET', `${projectPath(other.id)}/webhooks/${theirs.id}`)).body).toEqual(theirs);
    });
  });

  describe('DELETE /webhooks/{id}', () => {
    it('answers 204 with no body and the webhook is gone', async () => {
      const keep = await createWebhook(t);
      const gone = await createWebhook(t);
      const sent = await mgmt(t, 'DELETE', `${base}/${gone.id}`);
      expect(sent.status).toBe(204);
      expect(sent.raw).toBe('');
      expect(sent.headers['x-request-id']).toMatch(/^v-[0-9a-f]{18}$/);
      expect(await listWebhooks(t)).toEqual([keep]);
      expectError(await mgmt(t, 'GET', `${base}/${gone.id}`), 404, 'not_found', {
        resource_type: 'webhook',
      });
      expectError(await mgmt(t, 'DELETE', `${base}/${gone.id}`), 404, 'not_found', {
        resource_type: 'webhook',
      });
    });

    it("cannot delete another project's webhook", async () => {
      const other = await createProject(t);
      const theirs = await createWebhook(t, {}, other.id);
      expectError(await mgmt(t, 'DELETE', `${base}/${theirs.id}`), 404, 'not_found', {
        resource_type: 'webhook',
      });
      expect(await listWebhooks(t, other.id)).toEqual([theirs]);
    });
  });

  describe('GET /webhook-events', () => {
    it('lists the 60 event types with group and label', async () => {
      const sent = await mgmt(t, 'GET', '/management/v1/webhook-events');
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ object: 'list', data_ref: 'data', total: 60 });
      expect(sent.body.data).toHaveLength(60);
      expect(sent.body.data.map((e: any) => e.type)).toEqual([...EVENT_TYPES]);
      expect(new Set(sent.body.data.map((e: any) => e.type)).size).toBe(60);
      for (const e of sent.body.data) {
        expect(Object.keys(e).sort()).toEqual(['fired', 'group', 'label', 'type']);
        expect(e.label.length).toBeGreaterThan(0);
      }
      const fired = new Set<string>(FIRED_EVENTS.types());
      expect(sent.body.data).toEqual(EVENT_CATALOG.map((e) => ({ ...e, fired: fired.has(e.type) })));
      expect(sent.body.data.filter((e: any) => e.fired)).toHaveLength(60);
      expect(sent.body.data.find((e: any) => e.type === 'redemption.succeeded').group).toBe('Redemption');
    });

    it('matches the upstream enum once the misspellings are corrected', () => {
      const corrected = UPSTREAM_EVENT_ENUM.map((e) => e.replace(/aded$/, 'added')).sort();
      expect(corrected).toEqual([...EVENT_TYPES].sort());
    });
  });

  it('keeps created_at stable and in ISO form across reads', async () => {
    const created = await createWebhook(t);
    t.clock.advance(60_000);
    const read = await mgmt(t, 'GET', `${base}/${created.id}`);
    expect(read.body.created_at).toBe(created.created_at);
    expect(read.body.created_at).toMatch(ISO_MS);
  });
});
