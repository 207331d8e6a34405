import express from 'express';
import { verifyWebhook, type WebhookEvent, WebhookVerificationError } from 'vouchsafe/receiver';

/** A receiver on Express: `express.raw` keeps the body as a Buffer, so the signature is checked over the exact bytes. */
export function createReceiver(secret: string, onEvent: (event: WebhookEvent) => void) {
  const app = express();
  app.post('/hooks', express.raw({ type: 'application/json' }), (req, res) => {
    try {
      onEvent(verifyWebhook(req.body as Buffer, req.headers, secret));
      res.status(204).end();
    } catch (e) {
      if (!(e instanceof WebhookVerificationError)) throw e;
      res.status(400).send(e.message);
    }
  });
  return app;
}
