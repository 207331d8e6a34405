import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A real webhook receiver on 127.0.0.1 that records every request and answers with `status()`. */
export class Receiver {
  readonly received: Received[] = [];
  /** The status to answer a request with; it is given the request, already counted in `received`. */
  status: (r: Received) => number = () => 200;
  delayMs = 0;
  /** While true, requests are recorded but not answered: their answers wait in `held` until `release()`. */
  holding = false;
  readonly held: (() => void)[] = [];
  responseBody = 'ok from receiver';
  private server: Server | null = null;
  private waiters: { n: number; resolve: () => void }[] = [];
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = {
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        this.received.push(r);
        for (const w of this.waiters.filter((w) => this.received.length >= w.n)) w.resolve();
        const reply = () => {
          if (this.holding) {
            this.held.push(reply);
            return;
          }
          res.writeHead(this.status(r), { 'content-type': 'text/plain' });
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

  bodies<T = any>(): T[] {
    return this.received.map((r) => JSON.parse(r.body) as T);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
