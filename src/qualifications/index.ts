/**
 * Qualifications: which redeemables a customer could use on an order now (`POST /v1/qualifications` and
 * `/client/v1/qualifications`), by scenario, sorted and paged. Each is judged through the validations door
 * with the checks a redemption makes; nothing is written and no event is recorded.
 */
export { clientQualificationRoutes, qualificationRoutes } from './qualification.routes.js';
