import { AppError, duplicateFound, invalidPayload, notFound } from '../platform/errors.js';

export const campaignNotFound = (idOrName: string) => notFound('campaign', idOrName);

/** Voucherify's answer to a name that another campaign of the project holds. */
export const duplicateCampaignName = (name: string) =>
  duplicateFound('campaign', `Duplicated campaign exists with name ${name}`, name);

/** A template that does not fit the campaign type, in Voucherify's `invalid_campaign` shape. */
export const invalidCampaign = (details: string) =>
  new AppError(400, 'invalid_campaign', 'Invalid Campaign', { details });

export const categoryNotFound = (id: string) => notFound('category', id);

export const tooManyCodes = (requested: number, space: number) =>
  invalidPayload(
    `code_config can make at most ${space} distinct codes, fewer than the ${requested} requested; ` +
      'lengthen the pattern or widen the charset',
  );

export const campaignNotInBin = (id: string) =>
  new AppError(400, 'campaign_not_deleted', 'Campaign is not in the bin', {
    details: `Campaign ${id} is not in the bin, so there is nothing to restore`,
    resourceId: id,
    resourceType: 'campaign',
  });

export const campaignBusy = (id: string, what: string) =>
  new AppError(409, 'campaign_busy', 'Campaign is busy', {
    details: `Campaign ${id} cannot be changed while ${what}; wait for its async action to finish`,
    resourceId: id,
    resourceType: 'campaign',
  });
