/** Vouchers: the voucher API under `/v1`, adding and importing vouchers to campaigns, bulk generation. */
export { voucherRoutes } from './voucher.routes.js';
export type { ImportPayload } from './voucher.service.js';
export { generateVouchers, importVouchers, type ImportFailure } from './voucher.generation.js';
export { binCampaignVouchers, purgeCampaignVouchers, insertVoucherRows } from './voucher.repository.js';
export { voucherPrototype, type VoucherFieldsIn } from './voucher.rules.js';
export { codeMaker } from './code-generator.js';
export { presentVoucher } from './voucher.presenter.js';
export type { VoucherRow, VouchersTable } from './voucher.table.js';
