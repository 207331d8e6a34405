import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { newRequestId } from '../ids.js';

/**
 * Requests that Node's HTTP parser refuses before Fastify sees them (a request line and headers over
 * `maxHeaderSize`, 16 KiB; a timeout; bytes that are not HTTP) get Voucherify's error shape too, with a
 * request id of their own, instead of Fastify's `{error, message, statusCode}`.
 */

/** Node's default `maxHeaderSize`: the request line and every header together. */
export const HEADERS_MAX_BYTES = 16 * 1024;

function clientError(code: string | undefined): AppError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new AppError(431, 'request_header_fields_too_large', 'Request header fields too large', {
        details: `The request line and headers exceed ${HEADERS_MAX_BYTES} bytes`,
      });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new AppError(408, 'request_timeout', 'Request timeout', {
        details: 'The request was not received in time',
      });
    default:
      return new AppError(400, 'bad_request', 'Bad request', {
        details: 'The request is not valid HTTP/1.1',
      });
  }
}

/** Fastify's `clientErrorHandler`: writes the error on the raw socket and closes it, as Node does. */
export function clientErrorHandler(
  this: FastifyInstance,
  err: Error & { code?: string },
  socket: Socket,
): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const e = clientError(err.code);
  const requestId = newRequestId();
  this.log.debug({ err, request_id: requestId }, 'client error');
  const body = JSON.stringify({
    code: e.status,
    key: e.key,
    message: e.message,
    details: e.details,
    request_id: requestId,
  });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  socket.destroy(err);
}
