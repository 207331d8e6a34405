import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { asDelivered, webhookSchemaErrors } from '../helpers/events.js';
import {
  buildCampaign,
  delivered,
  deliveredFor,
  lastRequestId,
  type PubHarness,
  pubHarness,
  publicationSchemaErrors,
  send,
  settledContents,
} from './support.js';

const newCustomer = (tag: string) => ({
  source_id: `${tag}-${Math.random().toString(36).slice(2, 8)}`,
  name: 'Bob Jones',
  email: 'bob@example.com',
  metadata: { lang: 'en' },
});

for (const dialect of DIALECTS) {
  describe(`publications through @voucherify/sdk, with webhooks (${dialect.name})`, () => {
    let t: TestApp;
    let h: PubHarness;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      h = await pubHarness(t);
    });
    afterAll(async () => {
      await h.receiver.stop();
      await t.close();
    });

    /** A campaign with `count` generated vouchers, ready to publish from. */
    async function campaignWith(count: number, overrides: Record<string, unknown> = {}) {
      const c: any = await h.sdk.campaigns.create(
        buildCampaign('DISCOUNT_COUPONS', { vouchers_count: count, ...overrides }) as any,
      );
      await t.vs.jobs.drain();
      return c;
    }

    it('create from a campaign by name: a new inline customer gets a free voucher; publication.succeeded, voucher.published and customer.created are delivered signed', async () => {
      const c = await campaignWith(3);
      const customer = newCustomer('bob');
      const pub: any = await h.sdk.distributions.publications.create({
        campaign: { name: c.name },
        customer,
        channel: 'myown',
        metadata: { year: 2026 },
      } as any);
      const requestId = lastRequestId(h.sdk);
      expect(publicationSchemaErrors('PublicationsCreateVoucherResponseBody', pub)).toBeNull();
      expect(pub).toMatchObject({
        object: 'publication',
        tracking_id: customer.source_id,
        metadata: { year: 2026 },
        channel: 'myown',
        source_id: null,
        result: 'SUCCESS',
        customer: {
          source_id: customer.source_id,
          name: 'Bob Jones',
          email: 'bob@example.com',
          object: 'customer',
        },
        voucher: { campaign: c.name, campaign_id: c.id, holder_id: pub.customer_id, publish: { count: 1 } },
      });
      expect(pub.id).toMatch(/^pub_[0-9A-Za-z]{24}$/);
      expect(pub.customer_id).toMatch(/^cust_/);
      expect(pub.vouchers_id).toEqual([pub.voucher.id]);

      // The voucher now belongs to the customer, as the vouchers API shows.
      const v: any = await h.sdk.vouchers.get(pub.voucher.code);
      expect(v.holder_id).toBe(pub.customer_id);
      expect(v.publish.count).toBe(1);
      expect(((await h.sdk.customers.get(pub.customer_id)) as any).source_id).toBe(customer.source_id);

      const [succeeded] = await delivered(h, 'publication.succeeded', pub.id);
      expect(succeeded.event.group_id).toBe(requestId);
      expect(succeeded.event.event_source).toEqual({
        channel: 'API',
        user: null,
        api_key: { name: 'Default', app_id: KEYS.appId },
      });
      expect(succeeded.data.publication).toMatchObject({
        id: pub.id,
        customer_id: pub.customer_id,
        vouchers_id: [pub.voucher.id],
        source_id: null,
        channel: 'myown',
      });
      const simple = {
        id: pub.customer_id,
        name: 'Bob Jones',
        email: 'bob@example.com',
        source_id: customer.source_id,
        metadata: { lang: 'en' },
        object: 'customer',
      };
      expect(succeeded.data.customer).toEqual(simple);
      // The publication carries the customer object, as the create answered it (absent keys null).
      expect(succeeded.data.publication.customer).toEqual(
        asDelivered('publication.succeeded', { publication: { customer: pub.customer } }).publication
          .customer,
      );
      expect(succeeded.data.campaign.id).toBe(c.id);
      expect(succeeded.data.voucher).toMatchObject({
        id: pub.voucher.id,
        code: pub.voucher.code,
        holder_id: pub.customer_id,
      });
      expect(succeeded.data.vouchers.map((x: any) => x.id)).toEqual([pub.voucher.id]);
      expect(succeeded.data.user).toBeNull();
      expect(webhookSchemaErrors('SimpleCampaign', succeeded.data.campaign)).toBeNull();

      const published = await delivered(h, 'voucher.published', pub.voucher.id);
      expect(published).toHaveLength(1);
      expect(published[0].event.group_id).toBe(requestId);
      expect(published[0].data).toMatchObject({
        publication: { id: pub.id },
        voucher: { id: pub.voucher.id },
        customer: { id: pub.customer_id },
        campaign: { id: c.id },
      });
      expect(Date.parse(published[0].data.created_at)).toBe(Date.parse(pub.created_at));
      expect((await delivered(h, 'customer.created', pub.customer_id)).map((e) => e.event.group_id)).toEqual([
        requestId,
      ]);
      // One of each per publication, nothing else.
      expect((await deliveredFor(h, requestId)).map((e) => e.type).sort()).toEqual([
        'customer.created',
        'publication.succeeded',
        'voucher.published',
      ]);
    });

    it('create several from a campaign by id: each voucher once, one publication.succeeded and a voucher.published per voucher', async () => {
      const c = await campaignWith(5);
      const pub: any = await h.sdk.distributions.publications.create({
        campaign: { name: c.id, count: 3 },
        customer: newCustomer('many'),
      } as any);
      const requestId = lastRequestId(h.sdk);
      expect(publicationSchemaErrors('PublicationsCreateVouchersResponseBody', pub)).toBeNull();
      expect(pub.vouchers).toHaveLength(3);
      expect(new Set(pub.vouchers_id).size).toBe(3);
      expect(pub.voucher).toBeUndefined();
      const events = await deliveredFor(h, requestId);
      expect(events.filter((e) => e.type === 'publication.succeeded')).toHaveLength(1);
      const published = events.filter((e) => e.type === 'voucher.published');
      expect(published.map((e) => e.event.entity_id).sort()).toEqual([...pub.vouchers_id].sort());
      for (const e of published)
        expect(await delivered(h, 'voucher.published', e.event.entity_id)).toHaveLength(1);
      const succeeded = events.find((e) => e.type === 'publication.succeeded');
      expect(succeeded.data.voucher).toBeNull();
      expect(succeeded.data.vouchers.map((x: any) => x.code).sort()).toEqual([...pub.vouchers].sort());
      expect(succeeded.data.publication.vouchers).toEqual(pub.vouchers);
      // The other two are still free.
      const free = await send(t, 'GET', `/v1/vouchers?campaign_id=${c.id}&limit=100`);
      expect(free.body.vouchers.filter((v: any) => v.holder_id === undefined)).toHaveLength(2);
    });

    it('an AUTO_UPDATE campaign with too few free vouchers generates the rest in the same request and delivers campaign.vouchers.added', async () => {
      const c = await campaignWith(1);
      const pub: any = await h.sdk.distributions.publications.create({
        campaign: { name: c.name, count: 3 },
        customer: newCustomer('top'),
      } as any);
      const requestId = lastRequestId(h.sdk);
      expect(pub.vouchers).toHaveLength(3);
      expect((await h.sdk.campaigns.get(c.id)).vouchers_count).toBe(3);
      const added = await delivered(h, 'campaign.vouchers.added', c.id);
      expect(added.map((e) => [e.data.count, e.data.async_action_id, e.event.group_id])).toEqual([
        [2, null, requestId],
      ]);
      const all = await send(t, 'GET', `/v1/vouchers?campaign_id=${c.id}&limit=100`);
      expect(all.body.vouchers.map((v: any) => v.holder_id)).toEqual([
        pub.customer_id,
        pub.customer_id,
        pub.customer_id,
      ]);
      for (const v of all.body.vouchers) expect(v.code).toMatch(/^SP-[A-Z2-9]{6}$/);
    });

    it('a STATIC campaign with no free voucher refuses with missing_vouchers and writes nothing', async () => {
      const c = await campaignWith(1, { type: 'STATIC' });
      await h.sdk.distributions.publications.create({
        campaign: { name: c.name },
        customer: newCustomer('s1'),
      } as any);
      const before = await settledContents(h);
      const r = await send(t, 'POST', '/v1/publications', {
        campaign: { name: c.name },
        customer: newCustomer('s2'),
      });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({
        code: 400,
        key: 'missing_vouchers',
        message: 'Missing vouchers',
        resource_type: 'campaign',
      });
      const two = await send(t, 'POST', '/v1/publications', {
        campaign: { name: c.name, count: 2 },
        customer: newCustomer('s3'),
      });
      expect(two.body.key).toBe('missing_vouchers');
      expect(await settledContents(h)).toEqual(before);
    });

    it('a specific voucher is published once: a second request gets voucher_already_published', async () => {
      const v: any = await h.sdk.vouchers.create({
        code: `PUB-${Date.now()}`,
        type: 'DISCOUNT_VOUCHER',
        discount: { type: 'AMOUNT', amount_off: 300 },
      } as any);
      const customer: any = await h.sdk.customers.create({ source_id: `given-${v.code}` });
      const pub: any = await h.sdk.distributions.publications.create({
        voucher: v.code,
        customer: { id: customer.id },
      } as any);
      expect(pub.voucher).toMatchObject({ code: v.code, holder_id: customer.id, publish: { count: 1 } });
      expect(pub.voucher.campaign).toBeUndefined();
      const [succeeded] = await delivered(h, 'publication.succeeded', pub.id);
      expect(succeeded.data.campaign).toBeNull();
      const before = await settledContents(h);
      const again = await send(t, 'POST', '/v1/publications', {
        voucher: v.code,
        customer: { source_id: 'someone-else' },
      });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({
        key: 'voucher_already_published',
        details: `Voucher '${v.id}' has already been published`,
      });
      expect(await settledContents(h)).toEqual(before);
    });

    it('join_once: the campaign flag or the join_once parameter refuses a second publication to one customer', async () => {
      const once = await campaignWith(3, { join_once: true });
      const customer = newCustomer('once');
      await h.sdk.distributions.publications.create({ campaign: { name: once.name }, customer } as any);
      const second = await send(t, 'POST', '/v1/publications', { campaign: { name: once.name }, customer });
      expect(second.status).toBe(400);
      expect(second.body).toMatchObject({
        key: 'voucher_cannot_be_published',
        details: 'Voucher cannot be published. Customer already joined program.',
      });

      const open = await campaignWith(3);
      const other = newCustomer('open');
      await h.sdk.distributions.publications.create({
        campaign: { name: open.name },
        customer: other,
      } as any);
      // Without join_once a customer may get another voucher of the campaign …
      const more = await send(t, 'POST', '/v1/publications', {
        campaign: { name: open.name },
        customer: other,
      });
      expect(more.status).toBe(200);
      // … and with it (query parameter as in the spec, or the SDK's body field) not.
      for (const r of [
        await send(t, 'POST', '/v1/publications?join_once=true', {
          campaign: { name: open.name },
          customer: other,
        }),
        await send(t, 'POST', '/v1/publications', {
          campaign: { name: open.name },
          customer: other,
          join_once: true,
        }),
      ])
        expect(r.body.key).toBe('voucher_cannot_be_published');
    });

    it('a repeated source_id gives back the first publication; with another customer it is duplicate_source_id', async () => {
      const c = await campaignWith(3);
      const customer = newCustomer('src');
      const sourceId = `pub-src-${Math.random().toString(36).slice(2, 8)}`;
      const first: any = await h.sdk.distributions.publications.create({
        source_id: sourceId,
        campaign: { name: c.name },
        customer,
      } as any);
      const before = await settledContents(h);
      const again: any = await h.sdk.distributions.publications.create({
        source_id: sourceId,
        campaign: { name: c.name },
        customer,
      } as any);
      const againId = lastRequestId(h.sdk);
      expect(again).toEqual(first);
      expect(await settledContents(h)).toEqual(before);
      expect(await deliveredFor(h, againId)).toEqual([]);
      const other = await send(t, 'POST', '/v1/publications', {
        source_id: sourceId,
        campaign: { name: c.name },
        customer: newCustomer('x'),
      });
      expect(other.status).toBe(400);
      expect(other.body).toMatchObject({
        key: 'duplicate_source_id',
        details: `Publication with source_id: '${sourceId}' already exists`,
        resource_id: first.id,
      });
      const many = await send(t, 'POST', '/v1/publications', {
        source_id: 'fresh-one',
        campaign: { name: c.name, count: 2 },
        customer,
      });
      expect(many.body).toMatchObject({
        key: 'too_many_vouchers_requested',
        details: 'Only up to 1 can be published in a publication with a source_id',
      });
      expect(await settledContents(h)).toEqual(before);
    });

    it('bad input: no target, unknown campaign, voucher or customer, disabled ones, more than 20 vouchers; nothing is written', async () => {
      const c = await campaignWith(2);
      const v: any = await h.sdk.vouchers.create({
        code: `OFF-${Date.now()}`,
        type: 'DISCOUNT_VOUCHER',
        discount: { type: 'AMOUNT', amount_off: 100 },
        active: false,
      } as any);
      const off = await campaignWith(1);
      await h.sdk.campaigns.disable(off.id);
      const before = await settledContents(h);
      const cases: [unknown, number, string, string?][] = [
        [{ customer: newCustomer('a') }, 400, 'missing_vouchers'],
        [
          { campaign: { name: 'No such campaign' }, customer: newCustomer('a') },
          404,
          'not_found',
          'campaign',
        ],
        [{ voucher: 'NO-SUCH-CODE', customer: newCustomer('a') }, 404, 'not_found', 'voucher'],
        [{ campaign: c.name, customer: { id: 'cust_nobody' } }, 404, 'not_found', 'customer'],
        [{ voucher: v.code, customer: newCustomer('a') }, 400, 'voucher_cannot_be_published', 'voucher'],
        [{ campaign: off.name, customer: newCustomer('a') }, 400, 'voucher_cannot_be_published', 'campaign'],
        [
          { campaign: { name: c.name, count: 21 }, customer: newCustomer('a') },
          400,
          'too_many_vouchers_requested',
        ],
        [{ campaign: c.name }, 400, 'invalid_payload'],
      ];
      for (const [body, status, key, resourceType] of cases) {
        const r = await send(t, 'POST', '/v1/publications', body);
        expect([r.status, r.body.key], JSON.stringify(body)).toEqual([status, key]);
        expect(r.body.request_id).toMatch(/^v-/);
        if (resourceType) expect(r.body.resource_type).toBe(resourceType);
      }
      expect(await settledContents(h)).toEqual(before);
    });

    it('GET /v1/publications/create takes deep-object query parameters and publishes one voucher', async () => {
      const c = await campaignWith(2);
      const sid = `q-${Math.random().toString(36).slice(2, 8)}`;
      const q = `campaign[name]=${encodeURIComponent(c.name)}&customer[source_id]=${sid}&customer[email]=q@example.com&metadata[year]=2026&source_id=${sid}-pub`;
      const r = await send(t, 'GET', `/v1/publications/create?${q}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(publicationSchemaErrors('PublicationsCreateVoucherResponseBody', r.body)).toBeNull();
      expect(r.body).toMatchObject({
        source_id: `${sid}-pub`,
        metadata: { year: '2026' },
        customer: { source_id: sid, email: 'q@example.com' },
        tracking_id: sid,
      });
      expect(await delivered(h, 'publication.succeeded', r.body.id)).toHaveLength(1);
      const two = await send(
        t,
        'GET',
        `/v1/publications/create?campaign[name]=${encodeURIComponent(c.name)}&campaign[count]=2&customer[source_id]=${sid}`,
      );
      expect(two.body).toMatchObject({
        code: 400,
        key: 'too_many_vouchers_requested',
        details: 'Only up to 1 can be published',
      });
      const noCustomer = await send(
        t,
        'GET',
        `/v1/publications/create?campaign=${encodeURIComponent(c.name)}`,
      );
      expect([noCustomer.status, noCustomer.body.key]).toEqual([400, 'invalid_query_params']);
      const proto = await send(
        t,
        'GET',
        `/v1/publications/create?customer[__proto__][x]=1&campaign=${encodeURIComponent(c.name)}`,
      );
      expect([proto.status, proto.body.key]).toEqual([400, 'invalid_query_params']);
    });

    it('client-side publish: the campaign in the query, the customer in the body, recorded from CLIENT_API', async () => {
      const c = await campaignWith(2);
      const sid = `client-${Math.random().toString(36).slice(2, 8)}`;
      const pub: any = await h.client.publish(c.name, { customer: { source_id: sid } } as any);
      const requestId = lastRequestId(h.client);
      expect(publicationSchemaErrors('PublicationsCreateVoucherResponseBody', pub)).toBeNull();
      expect(pub).toMatchObject({
        channel: 'Voucherify.js',
        tracking_id: sid,
        voucher: { campaign_id: c.id },
      });
      const [ev] = await delivered(h, 'publication.succeeded', pub.id);
      expect(ev.event.group_id).toBe(requestId);
      expect(ev.event.event_source).toEqual({
        channel: 'CLIENT_API',
        user: null,
        api_key: { name: h.clientKey.name, app_id: h.clientKey.client_app_id },
      });
      expect(await delivered(h, 'voucher.published', pub.voucher.id)).toHaveLength(1);
    });

    it('list: filters by customer, campaign, voucher, source_id and filters[…] conditions, with paging and order', async () => {
      const c = await campaignWith(4);
      const customer = newCustomer('list');
      const made: any[] = [];
      for (let i = 0; i < 3; i++) {
        made.push(
          await h.sdk.distributions.publications.create({
            campaign: { name: c.name },
            customer,
            source_id: `${customer.source_id}-${i}`,
          } as any),
        );
        t.clock.advance(1000);
      }
      const other: any = await h.sdk.distributions.publications.create({
        campaign: { name: c.name },
        customer: newCustomer('list2'),
      } as any);
      const mine: any = await h.sdk.distributions.publications.list({ customer: made[0].customer_id } as any);
      expect(publicationSchemaErrors('PublicationsListResponseBody', mine)).toBeNull();
      expect(mine).toMatchObject({ object: 'list', data_ref: 'publications', total: 3 });
      expect(mine.publications.map((p: any) => p.id)).toEqual([made[2].id, made[1].id, made[0].id]);
      expect(mine.publications[0].voucher).toEqual({
        code: made[2].voucher.code,
        object: 'voucher',
        campaign: c.name,
        discount: c.voucher.discount,
        is_referral_code: false,
      });
      const page: any = await h.sdk.distributions.publications.list({
        customer: made[0].customer_id,
        limit: 2,
        page: 2,
        order: 'created_at',
      } as any);
      expect([page.total, page.publications.map((p: any) => p.id)]).toEqual([3, [made[2].id]]);
      expect((await h.sdk.distributions.publications.list({ campaign: c.name } as any)).total).toBe(4);
      const byCode: any = await h.sdk.distributions.publications.list({
        voucher: made[1].voucher.code,
      } as any);
      expect(byCode.publications.map((p: any) => p.id)).toEqual([made[1].id]);
      const bySource: any = await send(t, 'GET', `/v1/publications?source_id=${customer.source_id}-0`);
      expect(bySource.body.publications.map((p: any) => p.voucher.code)).toEqual([made[0].voucher.code]);
      const conditions: any = await h.sdk.distributions.publications.list({
        filters: {
          junction: 'OR',
          customer_id: { conditions: { $in: [other.customer_id] } },
          source_id: { conditions: { $starts_with: `${customer.source_id}-1` } },
        },
      } as any);
      expect(conditions.publications.map((p: any) => p.id).sort()).toEqual([made[1].id, other.id].sort());
      const and: any = await h.sdk.distributions.publications.list({
        filters: {
          campaign_name: { conditions: { $is: c.name } },
          source_id: { conditions: { $is_unknown: '' } },
        },
      } as any);
      expect(and.publications.map((p: any) => p.id)).toEqual([other.id]);
      const bad = await send(t, 'GET', '/v1/publications?filters[nope][conditions][$is]=1');
      expect([bad.status, bad.body.key]).toEqual([400, 'invalid_query_params']);
      const badOp = await send(t, 'GET', '/v1/publications?filters[customer_id][conditions][$like]=1');
      expect([badOp.status, badOp.body.key]).toEqual([400, 'invalid_query_params']);
    });
  });
}
