import type { FastifyRequest } from 'fastify';

/**
 * Query parameters whose name says they carry a credential. Keys and tokens belong in headers, whose
 * values the logger redacts (app.ts); a client that puts them in the URL must not get them logged either.
 */
const CREDENTIAL_NAME = /token|secret|key|passw|pwd|auth|session|signature|credential|cookie/i;

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** The URL with the value of every credential-named query parameter replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return CREDENTIAL_NAME.test(decodedName(name)) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${query.join('&')}`;
}

/** The `req` of request log lines: Fastify's fields, with credentials cut out of the URL. */
export function serializeRequest(req: FastifyRequest) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
