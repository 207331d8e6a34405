import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspectWebhookSignatures, type WebhookEvent } from '../receiver/index.js';
import { type ClientOptions, VouchsafeClient } from './client.js';

/**
 * `vouchsafe listen`: a local receiver for a running Vouchsafe. It registers a webhook pointing at itself,
 * verifies both signatures of every delivery, prints a line per delivery, optionally relays each one byte
 * for byte to the developer's app, and removes its webhook on exit. Its webhooks are marked by the path
 * `/vouchsafe-listen/<token>`; a run finds the ones an earlier run left (after a crash) and removes those
 * whose receiver no longer answers.
 */

export const LISTEN_PATH = '/vouchsafe-listen/';

export interface ListenOptions {
  events: string[] | 'all';
  forwardTo?: string;
  print: 'line' | 'json';
  port: number;
  /** The receiver's address; Vouchsafe must be allowed to reach it (loopback by default). */
  host: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Listener {
  webhookId: string;
  url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Whether an earlier listener still answers at its URL (then its webhook is not stale). */
async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { vouchsafe_listen?: unknown };
    return res.ok && typeof body.vouchsafe_listen === 'string';
  } catch {
    return false;
  }
}

export async function startListener(client: ClientOptions, o: ListenOptions): Promise<Listener> {
  const api = new VouchsafeClient(client);
  const secret = (await api.mgmt('GET', await api.projectPath('/webhook-secret'))).body.secret_key as string;

  const hooks = (await api.mgmt('GET', await api.projectPath('/webhooks'))).body.data as {
    id: string;
    target_url: string;
  }[];
  for (const h of hooks.filter((w) => new URL(w.target_url).pathname.startsWith(LISTEN_PATH))) {
    if (await answers(h.target_url)) continue;
    await api.mgmt('DELETE', await api.projectPath(`/webhooks/${h.id}`), undefined, [404]);
    o.out(`Removed stale webhook ${h.id} (${h.target_url}), left by an earlier run`);
  }

  const token = randomBytes(9).toString('base64url');
  const attempts = new Map<string, number>();
  const server: Server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ vouchsafe_listen: token }));
      return;
    }
    const raw = await readBody(req);
    const sendoutId = String(req.headers['webhook-id'] ?? '-');
    const attempt = (attempts.get(sendoutId) ?? 0) + 1;
    attempts.set(sendoutId, attempt);
    const report = inspectWebhookSignatures(raw, req.headers, secret);
    let env: Partial<WebhookEvent> = {};
    try {
      env = JSON.parse(raw.toString('utf8')) as WebhookEvent;
    } catch {
      // printed as it is below
    }
    const signature = report.ok ? 'signature OK' : `signature FAILED: ${report.reason}`;
    if (o.print === 'json') o.out(raw.toString('utf8'));
    o.out(
      [
        new Date().toISOString(),
        env.type ?? '(not an envelope)',
        sendoutId,
        env.event?.entity_id ?? '-',
        `attempt ${attempt}`,
        signature,
      ].join('  '),
    );
    if (!o.forwardTo) {
      res.writeHead(report.ok ? 200 : 400, { 'content-type': 'text/plain' });
      res.end(report.ok ? 'ok' : signature);
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const started = performance.now();
    try {
      const answer = await fetch(o.forwardTo, { method: 'POST', headers, body: raw });
      const body = Buffer.from(await answer.arrayBuffer());
      const ms = Math.round(performance.now() - started);
      o.out(`  -> ${o.forwardTo}  ${answer.status}  ${ms} ms`);
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'text/plain',
      });
      res.end(body);
    } catch (e) {
      const ms = Math.round(performance.now() - started);
      o.out(`  -> ${o.forwardTo}  failed after ${ms} ms: ${(e as Error).message}`);
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`vouchsafe listen could not reach ${o.forwardTo}`);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `http://${host}:${port}${LISTEN_PATH}${token}`;
  let webhookId: string;
  try {
    const created = await api.mgmt(
      'POST',
      await api.projectPath('/webhooks'),
      o.events === 'all' ? { target_url: url, all_events: true } : { target_url: url, events: o.events },
    );
    webhookId = created.body.id as string;
  } catch (e) {
    server.close();
    throw e;
  }
  let closed = false;
  return {
    webhookId,
    url,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await api.mgmt('DELETE', await api.projectPath(`/webhooks/${webhookId}`), undefined, [404]);
        o.out(`Removed webhook ${webhookId}`);
      } catch (e) {
        o.err(`Could not remove webhook ${webhookId}: ${(e as Error).message}`);
      }
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
