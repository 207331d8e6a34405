import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildCustomer, createOtherProject } from '../helpers/factories.js';
import { send } from '../helpers/request.js';
import { schemaErrors, spec } from '../helpers/schemas.js';

/** Every top-level key the spec's customer response defines (both parts of its allOf). */
const CUSTOMER_RESPONSE_KEYS: string[] = (() => {
  const s = spec('api-customers.json').components.schemas;
  const inline = s.CustomerWithSummaryLoyaltyReferrals.allOf[0].properties;
  return [...Object.keys(inline), ...Object.keys(s.CustomerBase.properties)];
})();

for (const dialect of DIALECTS) {
  describe(`customers API (${dialect.name})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => {
      await t.close();
    });

    it('creates a customer with every field of the spec, in the spec shape', async () => {
      const r = await send(t, 'POST', '/v1/customers', { body: buildCustomer({ source_id: 'shape-1' }) });
      expect(r.status).toBe(200);
      expect(r.body.id).toMatch(/^cust_[0-9A-Za-z]{24}$/);
      expect(r.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(schemaErrors('customers.json', 'CustomersCreateResponseBody', r.body)).toBeNull();
      const absent = CUSTOMER_RESPONSE_KEYS.filter((k) => !(k in r.body));
      // Only what has no value is left out: the deprecated birthday, and updated_at of a new customer.
      expect(absent.sort()).toEqual(['birthday', 'updated_at']);
      expect(r.body.summary.redemptions.gift).toEqual({ redeemed_amount: 0, amount_to_go: 0 });
      expect(r.body.loyalty).toEqual({ points: 0, referred_customers: 0, campaigns: {} });
      expect(r.body.referrals).toEqual({ total: 0, campaigns: [] });
      expect(r.body.metadata).toEqual({ lang: 'en', vip: true });
    });

    it('upserts by source_id and by id; an update keeps the id and sets updated_at', async () => {
      const a = await send(t, 'POST', '/v1/customers', { body: { source_id: 'ups-1', name: 'A' } });
      t.clock.advance(1000);
      const b = await send(t, 'POST', '/v1/customers', { body: { source_id: 'ups-1', email: 'a@x.io' } });
      expect(b.status).toBe(200);
      expect(b.body.id).toBe(a.body.id);
      expect(b.body).toMatchObject({ name: 'A', email: 'a@x.io' });
      expect(Date.parse(b.body.updated_at)).toBe(Date.parse(a.body.created_at) + 1000);
      const c = await send(t, 'POST', '/v1/customers', {
        body: { id: a.body.id, name: 'C', metadata: null },
      });
      expect(c.body).toMatchObject({ id: a.body.id, source_id: 'ups-1', name: 'C', metadata: {} });
      const minimal = await send(t, 'POST', '/v1/customers', { body: {} });
      expect(minimal.status).toBe(200);
      expect(minimal.body.source_id).toBeUndefined();
      expect(minimal.body.address).toBeNull();
    });

    it('sorts customers without the sort value last, on every database', async () => {
      await send(t, 'POST', '/v1/customers', { body: { name: 'No source' } });
      for (const order of ['source_id', '-source_id', 'updated_at', '-updated_at']) {
        const r = await send(t, 'GET', `/v1/customers?limit=100&order=${order}`);
        const key = order.replace('-', '');
        const values = r.body.customers.map((c: any) => c[key] ?? null);
        const firstNull = values.indexOf(null);
        expect(firstNull, order).toBeGreaterThan(0);
        expect(
          values.slice(firstNull).every((v: unknown) => v === null),
          order,
        ).toBe(true);
      }
    });

    it('refuses a source_id held by another customer (409 duplicate_found)', async () => {
      const a = await send(t, 'POST', '/v1/customers', { body: { source_id: 'dup-a' } });
      await send(t, 'POST', '/v1/customers', { body: { source_id: 'dup-b' } });
      const r = await send(t, 'POST', '/v1/customers', { body: { id: a.body.id, source_id: 'dup-b' } });
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 409, key: 'duplicate_found', resource_type: 'customer' });
      const put = await send(t, 'PUT', `/v1/customers/${a.body.id}`, { body: { source_id: 'dup-b' } });
      expect(put.status).toBe(409);
    });

    it('names the field of invalid input (400 invalid_payload)', async () => {
      const cases: [unknown, string][] = [
        [{ email: 'not-an-email' }, 'email'],
        [{ metadata: 'text' }, 'metadata'],
        [{ metadata: [1, 2] }, 'metadata'],
        [{ birthdate: '31/01/2000' }, 'birthdate'],
        [{ address: 'Main St' }, 'address'],
        [{ metadata: { blob: 'x'.repeat(17_000) } }, 'metadata'],
      ];
      for (const [body, field] of cases) {
        const r = await send(t, 'POST', '/v1/customers', { body });
        expect(r.status, JSON.stringify(body).slice(0, 60)).toBe(400);
        expect(r.body.key).toBe('invalid_payload');
        expect(r.body.details).toContain(field);
      }
      const put = await send(t, 'PUT', '/v1/customers/whoever', { body: { email: 'nope' } });
      expect(put.status).toBe(400);
      expect(put.body.details).toContain('email');
    });

    it('answers 404 not_found with resource_type customer for an unknown customer', async () => {
      for (const [method, url] of [
        ['GET', '/v1/customers/cust_missing'],
        ['PUT', '/v1/customers/cust_missing'],
        ['DELETE', '/v1/customers/cust_missing'],
        ['POST', '/v1/customers/cust_missing/permanent-deletion'],
      ] as const) {
        const r = await send(t, method, url, method === 'PUT' ? { body: { name: 'x' } } : {});
        expect(r.status, `${method} ${url}`).toBe(404);
        expect(r.body).toMatchObject({
          key: 'not_found',
          resource_type: 'customer',
          resource_id: 'cust_missing',
        });
      }
      const byId = await send(t, 'POST', '/v1/customers', { body: { id: 'cust_missing' } });
      expect(byId.status).toBe(404);
    });

    it('reads and updates by id or source_id; null clears a field', async () => {
      const a = await send(t, 'POST', '/v1/customers', { body: buildCustomer({ source_id: 'rw-1' }) });
      const bySource = await send(t, 'GET', '/v1/customers/rw-1');
      expect(bySource.body.id).toBe(a.body.id);
      const put = await send(t, 'PUT', '/v1/customers/rw-1', {
        body: { phone: null, address: { city: 'Leeds' }, metadata: { tier: 'gold' } },
      });
      expect(put.status).toBe(200);
      expect(put.body.phone).toBeUndefined();
      expect(put.body.address).toEqual({ city: 'Leeds' });
      expect(put.body.metadata).toEqual({ tier: 'gold' });
      expect(put.body.name).toBe('Lionel Johnson');
      expect((await send(t, 'GET', `/v1/customers/${a.body.id}`)).body).toEqual(put.body);
    });

    it('deletes (204): the customer is gone and its source_id free; permanent deletion erases it', async () => {
      const a = await send(t, 'POST', '/v1/customers', { body: { source_id: 'del-1' } });
      const d = await send(t, 'DELETE', '/v1/customers/del-1');
      expect(d.status).toBe(204);
      expect((await send(t, 'GET', `/v1/customers/${a.body.id}`)).status).toBe(404);
      expect((await send(t, 'DELETE', `/v1/customers/${a.body.id}`)).status).toBe(404);
      const again = await send(t, 'POST', '/v1/customers', { body: { source_id: 'del-1' } });
      expect(again.body.id).not.toBe(a.body.id);
      const p = await send(t, 'POST', `/v1/customers/${a.body.id}/permanent-deletion`, { body: {} });
      expect(p.status).toBe(200);
      expect(p.body).toMatchObject({
        related_object_id: a.body.id,
        related_object: 'customer',
        status: 'DONE',
      });
      expect(p.body.id).toMatch(/^del_/);
      expect(
        schemaErrors('customers.json', 'CustomersPermanentDeletionCreateResponseBody', p.body),
      ).toBeNull();
      expect((await send(t, 'POST', `/v1/customers/${a.body.id}/permanent-deletion`)).status).toBe(404);
      const live = await send(t, 'POST', '/v1/customers/del-1/permanent-deletion');
      expect(live.body.related_object_id).toBe(again.body.id);
      expect((await send(t, 'GET', '/v1/customers/del-1')).status).toBe(404);
    });

    it('never shows another project its customers', async () => {
      const other = await createOtherProject(t);
      const mine = await send(t, 'POST', '/v1/customers', {
        body: { source_id: 'shared-src', name: 'Mine' },
      });
      const as = { key: other.appKey };
      expect((await send(t, 'GET', `/v1/customers/${mine.body.id}`, as)).status).toBe(404);
      expect((await send(t, 'GET', '/v1/customers/shared-src', as)).status).toBe(404);
      expect(
        (await send(t, 'PUT', `/v1/customers/${mine.body.id}`, { ...as, body: { name: 'x' } })).status,
      ).toBe(404);
      expect((await send(t, 'DELETE', `/v1/customers/${mine.body.id}`, as)).status).toBe(404);
      expect((await send(t, 'POST', `/v1/customers/${mine.body.id}/permanent-deletion`, as)).status).toBe(
        404,
      );
      expect((await send(t, 'POST', '/v1/customers', { ...as, body: { id: mine.body.id } })).status).toBe(
        404,
      );
      const theirs = await send(t, 'POST', '/v1/customers', { ...as, body: { source_id: 'shared-src' } });
      expect(theirs.body.id).not.toBe(mine.body.id);
      const list = await send(t, 'GET', '/v1/customers?limit=100', as);
      expect(list.body.customers.map((c: any) => c.id)).toEqual([theirs.body.id]);
      expect(list.body.total).toBe(1);
      expect((await send(t, 'GET', `/v1/customers/${mine.body.id}`)).body.name).toBe('Mine');
    });

    it('resolves concurrent upserts of one new source_id to one customer and one customer.created', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          send(t, 'POST', '/v1/customers', { body: { source_id: 'race-1', metadata: { i } } }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
      const ids = new Set(results.map((r) => r.body.id));
      expect(ids.size).toBe(1);
      const [id] = ids;
      const events = await t.vs.ctx.db.kysely
        .selectFrom('events')
        .select(['type'])
        .where('entity_id', '=', id as string)
        .execute();
      expect(events.map((e) => e.type)).toEqual(['customer.created']);
    });

    it('documents the customer routes in the OpenAPI document', async () => {
      const r = await send(t, 'GET', '/openapi.json', { key: {} });
      expect(r.status).toBe(200);
      expect(Object.keys(r.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/customers',
          '/v1/customers/{customerId}',
          '/v1/customers/{customerId}/permanent-deletion',
          '/v1/customers/unconfirmed/{unconfirmedCustomerId}/confirm',
          '/client/v1/customers',
        ]),
      );
    });

    it('refuses requests without a valid application key (401)', async () => {
      const none = await send(t, 'GET', '/v1/customers', { key: {} });
      expect(none.status).toBe(401);
      expect(none.body.key).toBe('unauthorized');
      const wrong = await send(t, 'GET', '/v1/customers', {
        key: { 'x-app-id': t.appKey['x-app-id'], 'x-app-token': 'wrong' },
      });
      expect(wrong.status).toBe(401);
      const mgmt = await send(t, 'POST', '/v1/customers', { key: t.mgmt, body: {} });
      expect(mgmt.status).toBe(401);
    });
  });

  describe(`customers list (${dialect.name})`, () => {
    let t: TestApp;
    let ids: string[];
    beforeAll(async () => {
      t = await startTestApp(dialect);
      ids = [];
      for (let i = 0; i < 12; i++) {
        const r = await send(t, 'POST', '/v1/customers', {
          body: {
            source_id: `l-${String(i).padStart(2, '0')}`,
            name: i % 2 === 0 ? 'Even' : 'Odd',
            email: `c${i}@shop.example`,
            address: { city: i < 4 ? 'Oslo' : 'Bergen' },
          },
        });
        ids.push(r.body.id);
        t.clock.advance(1000);
      }
    });
    afterAll(async () => {
      await t.close();
    });

    const ids_ = (r: { body: any }) => r.body.customers.map((c: any) => c.id);

    it('answers the list envelope, newest first, 10 by default', async () => {
      const r = await send(t, 'GET', '/v1/customers');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ object: 'list', data_ref: 'customers', total: 12, has_more: true });
      expect(ids_(r)).toEqual([...ids].reverse().slice(0, 10));
      expect(schemaErrors('customers.json', 'CustomersListResponseBody', r.body)).toBeNull();
    });

    it('pages with limit and page, and sorts by created_at', async () => {
      const p2 = await send(t, 'GET', '/v1/customers?limit=5&page=2&order=created_at');
      expect(ids_(p2)).toEqual(ids.slice(5, 10));
      expect(p2.body.has_more).toBe(true);
      const p3 = await send(t, 'GET', '/v1/customers?limit=5&page=3&order=created_at');
      expect(ids_(p3)).toEqual(ids.slice(10));
      expect(p3.body.has_more).toBe(false);
      const bySource = await send(t, 'GET', '/v1/customers?limit=3&order=-source_id');
      expect(bySource.body.customers.map((c: any) => c.source_id)).toEqual(['l-11', 'l-10', 'l-09']);
    });

    it('filters by email, city, name and created_at range', async () => {
      expect(ids_(await send(t, 'GET', '/v1/customers?email=c3@shop.example'))).toEqual([ids[3]]);
      const oslo = await send(t, 'GET', '/v1/customers?city=Oslo&order=created_at');
      expect(ids_(oslo)).toEqual(ids.slice(0, 4));
      expect(oslo.body.total).toBe(4);
      const odd = await send(t, 'GET', '/v1/customers?name=Odd&limit=100');
      expect(odd.body.total).toBe(6);
      const first = await send(t, 'GET', `/v1/customers/${ids[0]}`);
      const t0 = Date.parse(first.body.created_at);
      const after = new Date(t0 + 2500).toISOString();
      const before = new Date(t0 + 5500).toISOString();
      const range = await send(
        t,
        'GET',
        `/v1/customers?order=created_at&created_at%5Bafter%5D=${after}&created_at%5Bbefore%5D=${before}`,
      );
      expect(ids_(range)).toEqual(ids.slice(3, 6));
      expect(range.body.total).toBe(3);
    });

    it('pages by a starting_after date cursor', async () => {
      const first = await send(t, 'GET', `/v1/customers/${ids[5]}`);
      const desc = await send(t, 'GET', `/v1/customers?limit=3&starting_after=${first.body.created_at}`);
      expect(ids_(desc)).toEqual([ids[4], ids[3], ids[2]]);
      const asc = await send(
        t,
        'GET',
        `/v1/customers?limit=3&order=created_at&starting_after=${first.body.created_at}`,
      );
      expect(ids_(asc)).toEqual([ids[6], ids[7], ids[8]]);
    });

    it('refuses invalid paging and dates (400 invalid_query_params)', async () => {
      for (const q of [
        'limit=0',
        'limit=101',
        'page=0',
        'page=100',
        'order=name',
        'starting_after=yesterday',
      ]) {
        const r = await send(t, 'GET', `/v1/customers?${q}`);
        expect(r.status, q).toBe(400);
        expect(r.body.key).toBe('invalid_query_params');
      }
    });
  });
}
