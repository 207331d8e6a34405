import { AppError, duplicateFound, invalidPayload, notFound } from '../platform/errors.js';

export const voucherNotFound = (code: string) => notFound('voucher', code);

export const duplicateCode = (code: string) =>
  duplicateFound('voucher', `Duplicated voucher exists with code ${code}`, code);

export const typeChange = (from: string, to: string) =>
  invalidPayload(`A voucher's type cannot change (it is ${from}, the request says ${to})`);

export const typeMismatch = (campaignType: string, type: string) =>
  invalidPayload(`The campaign issues ${campaignType} vouchers; a ${type} cannot join it`);

export const noTemplate = (campaignId: string) =>
  invalidPayload(`Campaign ${campaignId} is a PROMOTION campaign and holds no vouchers`);

export const codeSpaceExhausted = () =>
  new AppError(409, 'code_space_exhausted', 'No free code left', {
    details: 'Every code the code_config can make is taken in this project; change the code_config',
  });

export const voucherNotInBin = (code: string) =>
  new AppError(400, 'voucher_not_deleted', 'Voucher is not in the bin', {
    details: `Voucher ${code} is not in the bin, so there is nothing to restore`,
    resourceId: code,
    resourceType: 'voucher',
  });

export const notAGiftCard = (code: string, type: string) =>
  invalidPayload(`Voucher ${code} is a ${type}; only a GIFT_VOUCHER's credits change through this route`);

export const zeroAmount = () =>
  invalidPayload('amount must not be 0: a positive amount adds credits, a negative one removes them');

export const giftBalanceShort = (code: string, balance: number, asked: number) =>
  new AppError(400, 'gift_amount_exceeded', 'Gift amount exceeded', {
    details: `Gift card ${code} has a balance of ${balance}; ${asked} cannot be removed from it`,
    resourceId: code,
    resourceType: 'voucher',
  });

export const giftTotalTooLarge = (code: string) =>
  invalidPayload(`amount would take the total of gift card ${code} past ${Number.MAX_SAFE_INTEGER}`);

export const unknownTransaction = (id: string) =>
  new AppError(400, 'invalid_query_params', 'Invalid query params', {
    details: `starting_after_id ${id} is not a transaction of this voucher`,
  });
