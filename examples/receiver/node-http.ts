import { createServer } from 'node:http';
import { verifyWebhook, type WebhookEvent, WebhookVerificationError } from 'vouchsafe/receiver';

/** A receiver on Node's own http module: read the raw body, verify it, then act on the typed event. */
export function createReceiver(secret: string, onEvent: (event: WebhookEvent) => void) {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const event = verifyWebhook(Buffer.concat(chunks), req.headers, secret);
        onEvent(event);
        res.writeHead(204).end();
      } catch (e) {
        if (!(e instanceof WebhookVerificationError)) throw e;
        res.writeHead(400, { 'content-type': 'text/plain' }).end(e.message);
      }
    });
  });
}
