import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { newCustomer } from '../helpers/factories.js';
import {
  campaignWith as campaignWithIn,
  type ClientHarness,
  deliveredFor,
  settledContents,
  withHarness,
} from '../helpers/harness.js';
import { send } from '../helpers/request.js';
import { lastRequestId } from '../helpers/sdk.js';

for (const dialect of DIALECTS) {
  describe(`publication refusals: join_once, source_id, bad input (${dialect.name})`, () => {
    let t: TestApp;
    let h: ClientHarness;
    withHarness(dialect, { client: true }, (made) => {
      h = made;
      t = made.t;
    });
    const campaignWith = (count: number, overrides: Record<string, unknown> = {}) =>
      campaignWithIn(h, count, overrides);

    it('join_once: the campaign flag or the join_once parameter refuses a second publication to one customer', async () => {
      const once = await campaignWith(3, { join_once: true });
      const customer = newCustomer('once');
      await h.sdk.distributions.publications.create({ campaign: { name: once.name }, customer } as any);
      const second = await send(t, 'POST', '/v1/publications', {
        body: { campaign: { name: once.name }, customer },
      });
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
        body: {
          campaign: { name: open.name },
          customer: other,
        },
      });
      expect(more.status).toBe(200);
      // … and with it (query parameter as in the spec, or the SDK's body field) not.
      for (const r of [
        await send(t, 'POST', '/v1/publications?join_once=true', {
          body: {
            campaign: { name: open.name },
            customer: other,
          },
        }),
        await send(t, 'POST', '/v1/publications', {
          body: {
            campaign: { name: open.name },
            customer: other,
            join_once: true,
          },
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
        body: {
          source_id: sourceId,
          campaign: { name: c.name },
          customer: newCustomer('x'),
        },
      });
      expect(other.status).toBe(400);
      expect(other.body).toMatchObject({
        key: 'duplicate_source_id',
        details: `Publication with source_id: '${sourceId}' already exists`,
        resource_id: first.id,
      });
      const many = await send(t, 'POST', '/v1/publications', {
        body: {
          source_id: 'fresh-one',
          campaign: { name: c.name, count: 2 },
          customer,
        },
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
        const r = await send(t, 'POST', '/v1/publications', { body: body });
        expect([r.status, r.body.key], JSON.stringify(body)).toEqual([status, key]);
        expect(r.body.request_id).toMatch(/^v-/);
        if (resourceType) expect(r.body.resource_type).toBe(resourceType);
      }
      expect(await settledContents(h)).toEqual(before);
    });
  });
}
