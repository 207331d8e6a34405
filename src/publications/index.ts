/**
 * Publications: giving vouchers to customers (`POST /v1/publications`, `GET /v1/publications/create`,
 * `POST /client/v1/publish`), the list of publications, and the `publication.succeeded` and
 * `voucher.published` events.
 */
export { clientPublicationRoutes, publicationRoutes } from './publication.routes.js';
export { PUBLICATION_EVENTS } from './publication.events.js';
export { publishInTransaction } from './publication.service.js';
