import type { Command } from 'commander';

/**
 * The HTTP client the developer commands (`listen`, `trigger`) share: where Vouchsafe runs, the management
 * keys, and the project, from flags or `VOUCHSAFE_*` variables.
 */

export interface ClientOptions {
  url: string;
  managementId: string;
  managementToken: string;
  /** A project id; when absent, the server's first project. */
  project?: string;
  appId?: string;
  appToken?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    const b = body as { message?: string; details?: string } | null;
    super(
      `${what} answered ${status}${b?.message ? `: ${b.message}` : ''}${b?.details ? ` (${b.details})` : ''}`,
    );
  }
}

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  requestId: string | null;
}

/** Adds the client flags to a command. */
export function withClientFlags(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'where Vouchsafe runs (env VOUCHSAFE_URL)', undefined)
    .option('--management-id <id>', 'management key id (env VOUCHSAFE_MANAGEMENT_ID)')
    .option('--management-token <token>', 'management key token (env VOUCHSAFE_MANAGEMENT_TOKEN)')
    .option(
      '--project <id>',
      'project id (env VOUCHSAFE_PROJECT; default: the first project, made at first start)',
    );
}

/** The client options from flags, then variables; a missing key is an error the caller prints. */
export function clientOptions(
  flags: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv,
): ClientOptions {
  const url = flags.url ?? env.VOUCHSAFE_URL ?? 'http://127.0.0.1:8080';
  const managementId = flags.managementId ?? env.VOUCHSAFE_MANAGEMENT_ID;
  const managementToken = flags.managementToken ?? env.VOUCHSAFE_MANAGEMENT_TOKEN;
  if (!managementId || !managementToken)
    throw new Error(
      'management keys are needed: --management-id and --management-token (or VOUCHSAFE_MANAGEMENT_ID and VOUCHSAFE_MANAGEMENT_TOKEN)',
    );
  return {
    url: url.replace(/\/+$/, ''),
    managementId,
    managementToken,
    project: flags.project ?? env.VOUCHSAFE_PROJECT,
    appId: flags.appId ?? env.VOUCHSAFE_APP_ID,
    appToken: flags.appToken ?? env.VOUCHSAFE_APP_TOKEN,
  };
}

export class VouchsafeClient {
  private projectId: string | null = null;

  constructor(readonly options: ClientOptions) {}

  private get mgmtHeaders(): Record<string, string> {
    return {
      'x-management-id': this.options.managementId,
      'x-management-token': this.options.managementToken,
    };
  }

  /** One request; a non-2XX answer throws ApiError unless `allow` lists its status. */
  async request<T = any>(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
    allow: number[] = [],
  ): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.options.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!res.ok && !allow.includes(res.status)) throw new ApiError(res.status, parsed, `${method} ${path}`);
    return { status: res.status, body: parsed as T, requestId: res.headers.get('x-request-id') };
  }

  mgmt<T = any>(method: string, path: string, body?: unknown, allow: number[] = []) {
    return this.request<T>(method, `/management/v1${path}`, this.mgmtHeaders, body, allow);
  }

  /** The project the commands work on: `--project`, else the server's first project (made at first start). */
  async project(): Promise<string> {
    if (this.projectId) return this.projectId;
    if (this.options.project) this.projectId = this.options.project;
    else {
      const list = (await this.mgmt('GET', '/projects')).body as {
        data: { id: string; created_at: string }[];
      };
      const first = [...list.data].sort((a, b) => a.created_at.localeCompare(b.created_at))[0];
      if (!first) throw new Error('this server has no project');
      this.projectId = first.id;
    }
    return this.projectId;
  }

  async projectPath(suffix: string): Promise<string> {
    return `/projects/${encodeURIComponent(await this.project())}${suffix}`;
  }
}
