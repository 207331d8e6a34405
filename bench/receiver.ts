/**
 * A webhook receiver in its own process, for the benches: the bare end of every run. It reads each body to the
 * end, answers 200 and counts; it never parses a body. Each POST names itself in `webhook-id`, which is how
 * distinct deliveries and duplicates are counted. With `arrivals` on it also notes, per id, when the request
 * arrived (ms since the epoch, sub-ms), so that the bench can compute record→receive latency from what it
 * recorded. With `delayMs` it answers that much later (a slow receiver). Commands go over IPC; it reports its
 * own CPU time so that a bench can count every process involved.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let count = 0;
let arrivalsOn = false;
let delayMs = Number(process.env.RECEIVER_DELAY_MS ?? 0);
let arrivals: [string, number][] = [];
const ids = new Set<string>();
const now = () => performance.timeOrigin + performance.now();

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    const at = arrivalsOn ? now() : 0;
    const id = req.headers['webhook-id'];
    const answer = () => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
      count++;
      if (typeof id === 'string') {
        ids.add(id);
        if (arrivalsOn) arrivals.push([id, at]);
      }
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 0;
server.requestTimeout = 0;

process.on('message', (msg: { cmd: string; arrivals?: boolean; delayMs?: number }) => {
  const cpu = process.cpuUsage();
  if (msg.cmd === 'count') process.send!({ count, distinct: ids.size, cpuUs: cpu.user + cpu.system });
  if (msg.cmd === 'arrivals') process.send!({ arrivals });
  if (msg.cmd === 'reset') {
    count = 0;
    arrivals = [];
    ids.clear();
    arrivalsOn = msg.arrivals ?? false;
    if (msg.delayMs !== undefined) delayMs = msg.delayMs;
    process.send!({ ok: true });
  }
  if (msg.cmd === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});

server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
