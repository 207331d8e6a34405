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
