import { AppError, invalidQueryParams, notFound } from '../platform/errors.js';

/** Voucherify's publication errors, with its keys and messages. */

const bad = (key: string, message: string, details: string, resourceId?: string, resourceType?: string) =>
  new AppError(400, key, message, { details, resourceId, resourceType });

export const missingTarget = () =>
  bad('missing_vouchers', 'Missing vouchers', 'Either Campaign or Voucher is required');

export const noFreeVouchers = (campaignId: string, free: number, wanted: number) =>
  bad(
    'missing_vouchers',
    'Missing vouchers',
    `Campaign ${campaignId} has ${free === 0 ? 'no voucher' : `only ${free} vouchers`} left to publish` +
      (wanted > 1 ? `; ${wanted} were requested` : ''),
    campaignId,
    'campaign',
  );

export const tooManyVouchers = (max: number, why = '') =>
  bad(
    'too_many_vouchers_requested',
    'Too many vouchers requested',
    `Only up to ${max} can be published${why}`,
  );

export const alreadyJoined = (campaignId: string) =>
  bad(
    'voucher_cannot_be_published',
    'Voucher cannot be published',
    'Voucher cannot be published. Customer already joined program.',
    campaignId,
    'campaign',
  );

export const cannotPublish = (details: string, resourceId: string, resourceType: string) =>
  bad('voucher_cannot_be_published', 'Voucher cannot be published', details, resourceId, resourceType);

export const alreadyPublished = (voucherId: string) =>
  bad(
    'voucher_already_published',
    'Voucher already published',
    `Voucher '${voucherId}' has already been published`,
    voucherId,
    'voucher',
  );

export const duplicateSourceId = (sourceId: string, publicationId: string) =>
  bad(
    'duplicate_source_id',
    'Duplicate source_id',
    `Publication with source_id: '${sourceId}' already exists`,
    publicationId,
    'publication',
  );

export const voucherNotFound = (code: string) => notFound('voucher', code);

export const unsupportedFilter = (what: string) => invalidQueryParams(`filters: ${what}`);

/**
 * Thrown inside a publication's transaction when another request took the same new source_id first; the
 * unit of work runs again once, and then finds that publication.
 */
export class SourceIdTaken extends Error {}
