import { randomBytes } from 'node:crypto';
import { type ApiAnswer, VouchsafeClient, type ClientOptions } from './client.js';
import { TRIGGERS, type TriggerRun, type TriggerScenario } from './triggers/index.js';

/** `vouchsafe trigger --list`: the types it can fire, one a line, with what it does. */
export function triggerList(): string {
  const width = Math.max(...TRIGGERS.map((t) => t.type.length));
  return TRIGGERS.map((t) => `${t.type.padEnd(width)}  ${t.summary}`).join('\n') + '\n';
}

export function findTrigger(type: string): TriggerScenario | undefined {
  return TRIGGERS.find((t) => t.type === type);
}

interface Recorded {
  method: string;
  path: string;
  status: number;
  requestId: string | null;
}

export interface TriggerResult {
  requests: Recorded[];
  sendouts: { id: string; webhook_id: string; request_id: string | null }[];
  /** False when no active webhook subscribes to the type, so no send-out was awaited. */
  subscribed: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the scenario of `type` against the server: real calls with an application key (the given one, or a
 * temporary key removed at the end), then waits for the send-outs of the requests it made.
 */
export async function runTrigger(
  options: ClientOptions,
  scenario: TriggerScenario,
  log: (line: string) => void,
  waitMs = 15_000,
): Promise<TriggerResult> {
  const api = new VouchsafeClient(options);
  const requests: Recorded[] = [];
  const cleanup: (() => Promise<unknown>)[] = [];
  let appKey: Record<string, string>;
  if (options.appId && options.appToken)
    appKey = { 'x-app-id': options.appId, 'x-app-token': options.appToken };
  else {
    const k = await api.mgmt('POST', await api.projectPath('/api-keys'), { name: 'vouchsafe trigger' });
    appKey = { 'x-app-id': k.body.app_id, 'x-app-token': k.body.app_token };
    const path = await api.projectPath(`/api-keys/${encodeURIComponent(k.body.app_id)}`);
    cleanup.push(() => api.mgmt('DELETE', path, undefined, [404]));
  }
  let clientKey: Record<string, string> | null = null;
  const record = (method: string, path: string, a: ApiAnswer) => {
    requests.push({ method, path, status: a.status, requestId: a.requestId });
    log(`  ${method} ${path}  ${a.status}  request ${a.requestId ?? '-'}`);
    return a.body;
  };
  const run: TriggerRun = {
    async v1(method, path, body, allow = []) {
      return record(method, path, await api.request(method, path, appKey, body, allow));
    },
    async client(method, path, body, headers = {}) {
      if (!clientKey) {
        const origin = 'http://localhost';
        const k = await api.mgmt('POST', await api.projectPath('/client-keys'), {
          name: 'vouchsafe trigger',
          allowed_origins: [origin],
        });
        clientKey = {
          origin,
          'x-client-application-id': k.body.client_app_id,
          'x-client-token': k.body.client_token,
        };
        const p = await api.projectPath(`/client-keys/${encodeURIComponent(k.body.client_app_id)}`);
        cleanup.push(() => api.mgmt('DELETE', p, undefined, [404]));
      }
      return record(method, path, await api.request(method, path, { ...clientKey, ...headers }, body));
    },
    unique: (prefix) => `${prefix}-${randomBytes(5).toString('hex')}`,
    async asyncAction(id) {
      const end = Date.now() + 30_000;
      while (Date.now() < end) {
        const a = await api.request('GET', `/v1/async-actions/${id}`, appKey);
        if (a.body.status === 'DONE' || a.body.status === 'FAILED') return;
        await sleep(100);
      }
      throw new Error(`async action ${id} did not finish in 30 s`);
    },
  };
  try {
    await scenario.run(run);
  } finally {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  }

  const hooks = (await api.mgmt('GET', await api.projectPath('/webhooks'))).body.data as {
    active: boolean;
    events: string[];
    all_events?: boolean;
  }[];
  const subscribed = hooks.some(
    (h) => h.active && (h.all_events === true || h.events.includes(scenario.type)),
  );
  const ids = [...new Set(requests.map((r) => r.requestId).filter((x): x is string => x !== null))];
  const sendouts: TriggerResult['sendouts'] = [];
  if (subscribed) {
    const end = Date.now() + waitMs;
    do {
      sendouts.length = 0;
      for (const id of ids) {
        const q = `?type=${encodeURIComponent(scenario.type)}&request_id=${encodeURIComponent(id)}&limit=100`;
        const page = await api.mgmt('GET', await api.projectPath(`/webhook-sendouts${q}`));
        sendouts.push(...page.body.data);
      }
      if (sendouts.length > 0) break;
      await sleep(100);
    } while (Date.now() < end);
  }
  return { requests, sendouts, subscribed };
}
