/**
 * A webhook receiver in its own process, for the benches. It answers 200 at once and, for each body,
 * notes the time from the event's `created_at` to its arrival. Commands and reports go over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let count = 0;
let latencies: number[] = [];
const ids = new Set<string>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const now = Date.now();
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    count++;
    const id = req.headers['webhook-id'];
    if (typeof id === 'string') ids.add(id);
    const m = /"event":\{"id":"[^"]+","type":"[^"]+","created_at":"([^"]+)"/.exec(
      Buffer.concat(chunks).toString('utf8'),
    );
    if (m) latencies.push(now - Date.parse(m[1]));
  });
});
server.keepAliveTimeout = 60_000;

process.on('message', (msg: { cmd: string }) => {
  if (msg.cmd === 'count') process.send!({ count, distinct: ids.size });
  if (msg.cmd === 'stats') process.send!({ count, distinct: ids.size, latencies });
  if (msg.cmd === 'reset') {
    count = 0;
    latencies = [];
    ids.clear();
    process.send!({ ok: true });
  }
  if (msg.cmd === 'stop') server.close(() => process.exit(0));
});

server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
