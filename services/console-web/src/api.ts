/** The console's calls: same origin, the session cookie, and the CSRF token on every POST. */
export interface Me {
  name: string;
  access: 'read' | 'write';
  csrf: string;
  open?: boolean;
}

export interface ApiIssue {
  line: number;
  col: number;
  path: string;
  message: string;
  file?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

let me: Me | null = null;
let onSignedOut: () => void = () => {};

export function session(): Me | null {
  return me;
}

export function setSession(m: Me | null): void {
  me = m;
}

export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

export const canWrite = () => me?.access === 'write';

export async function call<T>(
  path: string,
  o: { method?: string; json?: unknown; body?: string; type?: string } = {},
): Promise<T> {
  const method = o.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined = o.body;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  } else if (o.type) headers['content-type'] = o.type;
  if (method !== 'GET' && me?.csrf) headers['x-csrf-token'] = me.csrf;
  const res = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | null)?.error;
    const err = new ApiError(
      res.status,
      e?.code ?? 'LF_ERR_HTTP',
      e?.message ?? `${res.status} ${res.statusText}`,
      e?.issues ?? [],
    );
    if (res.status === 401 && !path.startsWith('/console/api/login')) {
      me = null;
      onSignedOut();
    }
    throw err;
  }
  return data as T;
}
