import { buildEnvelope, type EnvelopeInput } from './envelope.js';
import { voucherifySignature, webhookSignatureHeader } from './signing.js';

export const USER_AGENT = 'Vouchsafe/0.1.0';

/**
 * Everything a signed send-out needs, before its body exists. The body and both signatures are made by
 * `signedRequest` where the POST is sent: on the delivery thread when there is one, so that the thread that
 * runs the claims and the API does not spend its time on HMACs.
 */
export interface SignedSend {
  url: string;
  envelope: EnvelopeInput;
  /** The project's current secret first; the previous one while it still overlaps. */
  secrets: readonly string[];
  timestampSec: number;
  /** The webhook's custom headers, as stored (JSON text) or as an object. */
  customHeaders: string | Record<string, string> | null;
  startedAt: number;
}

export function signedRequest(s: SignedSend): { body: string; headers: Record<string, string> } {
  const body = buildEnvelope(s.envelope);
  const id = s.envelope.sendoutId;
  const custom =
    typeof s.customHeaders === 'string'
      ? (JSON.parse(s.customHeaders) as Record<string, string>)
      : (s.customHeaders ?? {});
  return {
    body,
    headers: {
      ...custom,
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'x-voucherify-signature': voucherifySignature(s.secrets[0]!, body),
      'webhook-id': id,
      'webhook-timestamp': String(s.timestampSec),
      'webhook-signature': webhookSignatureHeader(s.secrets, id, s.timestampSec, body),
    },
  };
}
