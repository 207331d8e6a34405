import type { CampaignRow } from '../campaigns/index.js';
import type { CustomerRow } from '../customers/index.js';
import type { Kx } from '../platform/db/connect.js';
import type { VoucherRow } from '../vouchers/index.js';
import type { Refusal } from './validation.checks.js';
import type { ApplicableTo } from './validation.order.js';
import type { OrderIn } from './validation.schemas.js';

/** What the validation rules of a redeemable are judged against. */
export interface RulesContext {
  projectId: string;
  now: number;
  customer: CustomerRow | null;
  order: OrderIn | undefined;
  metadata: Record<string, unknown> | undefined;
}

export interface RulesVerdict {
  /** The failing rule as a refusal (its key and message), or null when the rules pass. */
  refusal: Refusal | null;
  /** The items the rules let an item discount apply to; null when they do not say. */
  applicableTo: ApplicableTo | null;
}

/**
 * The validation rules' check of one voucher: the rules assigned to it and to its campaign, judged against
 * the request. The rule engine lives in the validation-rules context; until its door is on this branch no
 * rule can be assigned, so every voucher passes and item discounts apply to every line.
 */
export async function rulesVerdict(
  _db: Kx,
  _voucher: VoucherRow,
  _campaign: CampaignRow | null,
  _context: RulesContext,
): Promise<RulesVerdict> {
  return { refusal: null, applicableTo: null };
}
