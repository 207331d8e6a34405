import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { KEYS } from './app.js';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** Why the request's signatures did not verify against a trusted secret; null when both did. */
  signatureError: string | null;
}

export interface ReceiverOptions {
  /** The project secrets a delivery may be signed with (a live list: later additions count); the test app's unless told. */
  secrets?: string[];
  /** False for a receiver that is sent unsigned traffic on purpose (not deliveries). */
  verify?: boolean;
}

const header = (h: IncomingHttpHeaders, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v.join(',') : v;
};

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Checks both signatures of a delivery with a secret: `x-voucherify-signature`, the hex HMAC-SHA256 of the
 * body, and Standard Webhooks' `webhook-signature`, computed by the `standardwebhooks` package. Timestamps
 * follow the app's (manual) clock, so the package's wall-clock tolerance is not applied: the signature is
 * recomputed for the sent id and timestamp and looked for among the header's signatures.
 */
function signatureError(secrets: string[], h: IncomingHttpHeaders, body: string): string | null {
  const hmac = header(h, 'x-voucherify-signature');
  const id = header(h, 'webhook-id');
  const ts = header(h, 'webhook-timestamp');
  const sig = header(h, 'webhook-signature');
  if (!hmac || !id || !ts || !sig) return 'a signature header is missing';
  const given = sig.split(' ');
  const hmacOk = secrets.some((s) => sameText(createHmac('sha256', s).update(body).digest('hex'), hmac));
  if (!hmacOk) return 'x-voucherify-signature does not match a trusted secret';
  const date = new Date(Number(ts) * 1000);
  if (!/^\d+$/.test(ts) || Number.isNaN(date.getTime())) return `webhook-timestamp ${ts} is not seconds`;
  const standardOk = secrets.some((s) => given.includes(new Webhook(s).sign(id, date, body)));
  return standardOk ? null : 'webhook-signature does not match a trusted secret';
}

/**
 * A real webhook receiver on 127.0.0.1 that records every request, checks both signatures of each against
 * the trusted secrets, and answers with `status()`. `stop()` fails when a delivery did not verify.
 */
export class Receiver {
  readonly received: Received[] = [];
  /** The status to answer a request with; it is given the request, already counted in `received`. */
  status: (r: Received) => number = () => 200;
  /** Extra headers to answer a request with, such as `Retry-After`. */
  responseHeaders: (r: Received) => Record<string, string> = () => ({});
  delayMs = 0;
  /** While true, requests are recorded but not answered: their answers wait in `held` until `release()`. */
  holding = false;
  readonly held: (() => void)[] = [];
  responseBody = 'ok from receiver';
  private server: Server | null = null;
  private waiters: { n: number; resolve: () => void }[] = [];
  private readonly secrets: string[];
  private readonly verify: boolean;
  url = '';

  constructor(opts: ReceiverOptions = {}) {
    this.secrets = opts.secrets ?? [KEYS.webhookSecret];
    this.verify = opts.verify ?? true;
  }

  /** Adds a secret deliveries may be signed with (another project's, or one after a regeneration). */
  trust(secret: string): this {
    this.secrets.push(secret);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const r: Received = {
          headers: req.headers,
          body,
          at: Date.now(),
          signatureError: this.verify ? signatureError(this.secrets, req.headers, body) : null,
        };
        this.received.push(r);
        for (const w of this.waiters.filter((w) => this.received.length >= w.n)) w.resolve();
        const reply = () => {
          if (this.holding) {
            this.held.push(reply);
            return;
          }
          res.writeHead(this.status(r), { 'content-type': 'text/plain', ...this.responseHeaders(r) });
          res.end(this.responseBody);
        };
        if (this.delayMs > 0) setTimeout(reply, this.delayMs);
        else reply();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  /** Stops holding and answers every held request. */
  release(): void {
    this.holding = false;
    for (const reply of this.held.splice(0)) reply();
  }

  /** Resolves once `n` requests have arrived in total. */
  waitFor(n: number, timeoutMs = 10_000): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`receiver got ${this.received.length} of ${n}`)),
        timeoutMs,
      );
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  }

  /** Throws when a recorded delivery's signatures did not verify. */
  assertVerified(): void {
    const bad = this.received.filter((r) => r.signatureError !== null);
    if (bad.length > 0)
      throw new Error(
        `${bad.length} of ${this.received.length} deliveries failed signature checks: ${bad[0]!.signatureError}`,
      );
  }

  /** Every body received so far, parsed; each one's signatures verified. */
  bodies<T = any>(): T[] {
    this.assertVerified();
    return this.received.map((r) => JSON.parse(r.body) as T);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.assertVerified();
  }
}
