import { GiftBalanceAdded, GiftTransactionCreated } from './voucher-gift.events.js';
import {
  CampaignVouchersAdded,
  GenerationCompleted,
  GenerationFailed,
  GenerationStarted,
  VoucherCreated,
  VoucherDeleted,
  VoucherDisabled,
  VoucherEnabled,
  VoucherUpdated,
} from './voucher.events.js';

/** Every event type the vouchers context fires. */
export const VOUCHER_EVENTS = [
  VoucherCreated,
  VoucherUpdated,
  VoucherEnabled,
  VoucherDisabled,
  VoucherDeleted,
  CampaignVouchersAdded,
  GenerationStarted,
  GenerationCompleted,
  GenerationFailed,
  GiftBalanceAdded,
  GiftTransactionCreated,
] as const;
