import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { newCustomer } from '../helpers/factories.js';
import { campaignWith as campaignWithIn, type ClientHarness, withHarness } from '../helpers/harness.js';
import { send } from '../helpers/request.js';
import { publicationSchemaErrors } from '../helpers/schemas.js';

for (const dialect of DIALECTS) {
  describe(`the publication list (${dialect.name})`, () => {
    let t: TestApp;
    let h: ClientHarness;
    withHarness(dialect, { client: true }, (made) => {
      h = made;
      t = made.t;
    });
    const campaignWith = (count: number, overrides: Record<string, unknown> = {}) =>
      campaignWithIn(h, count, overrides);

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
