import { describe, expect, it } from 'vitest';
import { KEYS, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { asDelivered, webhookSchemaErrors } from '../helpers/events.js';
import { newCustomer } from '../helpers/factories.js';
import {
  campaignWith as campaignWithIn,
  type ClientHarness,
  delivered,
  deliveredFor,
  settledContents,
  withHarness,
} from '../helpers/harness.js';
import { send } from '../helpers/request.js';
import { publicationSchemaErrors } from '../helpers/schemas.js';
import { lastRequestId } from '../helpers/sdk.js';

for (const dialect of DIALECTS) {
  describe(`publications through @voucherify/sdk, with webhooks (${dialect.name})`, () => {
    let t: TestApp;
    let h: ClientHarness;
    withHarness(dialect, { client: true }, (made) => {
      h = made;
      t = made.t;
    });
    const campaignWith = (count: number, overrides: Record<string, unknown> = {}) =>
      campaignWithIn(h, count, overrides);

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
        body: {
          campaign: { name: c.name },
          customer: newCustomer('s2'),
        },
      });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({
        code: 400,
        key: 'missing_vouchers',
        message: 'Missing vouchers',
        resource_type: 'campaign',
      });
      const two = await send(t, 'POST', '/v1/publications', {
        body: {
          campaign: { name: c.name, count: 2 },
          customer: newCustomer('s3'),
        },
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
        body: {
          voucher: v.code,
          customer: { source_id: 'someone-else' },
        },
      });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({
        key: 'voucher_already_published',
        details: `Voucher '${v.id}' has already been published`,
      });
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
  });
}
