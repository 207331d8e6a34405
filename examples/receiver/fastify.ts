import Fastify from 'fastify';
import { verifyWebhook, type WebhookEvent, WebhookVerificationError } from 'vouchsafe/receiver';

/** A receiver on Fastify: keep the JSON body as a Buffer, so the signature is checked over the exact bytes. */
export function createReceiver(secret: string, onEvent: (event: WebhookEvent) => void) {
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/hooks', async (req, reply) => {
    try {
      onEvent(verifyWebhook(req.body as Buffer, req.headers, secret));
      return reply.code(204).send();
    } catch (e) {
      if (!(e instanceof WebhookVerificationError)) throw e;
      return reply.code(400).send(e.message);
    }
  });
  return app;
}
