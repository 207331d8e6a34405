/**
 * One error type for the whole service, rendered in Voucherify's shape:
 * `{code, key, message, details, request_id, resource_id?, resource_type?}`.
 */
export class AppError extends Error {
  readonly status: number;
  readonly key: string;
  readonly details: string | undefined;
  readonly resourceId: string | undefined;
  readonly resourceType: string | undefined;
  /** A validation rule's own error message, answered as `error.message`. */
  readonly ruleError: { message: string } | undefined;

  constructor(
    status: number,
    key: string,
    message: string,
    opts: {
      details?: string;
      resourceId?: string;
      resourceType?: string;
      cause?: unknown;
      ruleError?: { message: string };
    } = {},
  ) {
    super(message, { cause: opts.cause });
    this.status = status;
    this.key = key;
    this.details = opts.details;
    this.resourceId = opts.resourceId;
    this.resourceType = opts.resourceType;
    this.ruleError = opts.ruleError;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export const unauthorized = (details?: string): AppError =>
  new AppError(401, 'unauthorized', 'Unauthorized', { details });

export const notFound = (resourceType: string, id: string): AppError =>
  new AppError(404, 'not_found', 'Resource not found', {
    details: `Cannot find ${resourceType} with id ${id}`,
    resourceId: id,
    resourceType,
  });

export const routeNotFound = (method: string, url: string): AppError =>
  new AppError(404, 'not_found', 'Resource not found', { details: `No route for ${method} ${url}` });

export const invalidPayload = (details: string): AppError =>
  new AppError(400, 'invalid_payload', 'Invalid payload', { details });

export const invalidQueryParams = (details: string): AppError =>
  new AppError(400, 'invalid_query_params', 'Invalid query params', { details });

export const malformedJson = (details: string): AppError =>
  new AppError(400, 'invalid_payload', 'Invalid request payload JSON format', { details });

export const payloadTooLarge = (limitBytes: number): AppError =>
  new AppError(413, 'payload_too_large', 'Payload too large', {
    details: `The request body exceeds ${limitBytes} bytes`,
  });

export const duplicateFound = (resourceType: string, details: string, resourceId?: string): AppError =>
  new AppError(409, 'duplicate_found', 'Duplicated resource found', { details, resourceType, resourceId });

export const unprocessable = (key: string, message: string, details?: string): AppError =>
  new AppError(422, key, message, { details });
