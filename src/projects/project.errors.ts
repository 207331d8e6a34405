import { notFound } from '../platform/errors.js';

export const projectNotFound = (id: string) => notFound('project', id);
export const apiKeyNotFound = (id: string) => notFound('api_key', id);
