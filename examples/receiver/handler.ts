import type { WebhookEvent } from 'vouchsafe/receiver';

/** What an app does with a verified event: `switch` on the type, and `data` is typed for that type. */
export function describeEvent(event: WebhookEvent): string {
  switch (event.type) {
    case 'customer.created':
      return `new customer ${event.data.customer.id} (${event.data.customer.email ?? 'no e-mail'})`;
    case 'voucher.published':
      return `voucher ${event.data.voucher.code} published to ${event.data.customer?.id ?? 'nobody'}`;
    default:
      return event.type;
  }
}
