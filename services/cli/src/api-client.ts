export interface Issue {
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
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

/** The controller's HTTP API. */
export class Client {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetch(path, {
      method,
      headers: { ...this.auth(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw apiError(res.status, text);
    return JSON.parse(text) as T;
  }

  /** Reads a server-sent event stream; resolves with the data of `event: end`, or null if it closed without one. */
  async events(path: string, on: (event: string, data: string) => void): Promise<string | null> {
    const res = await this.fetch(path, { headers: { ...this.auth(), accept: 'text/event-stream' } });
    if (!res.ok || !res.body) throw apiError(res.status, await res.text());
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length === 0) continue;
        if (event === 'end') return data.join('\n');
        on(event, data.join('\n'));
      }
    }
    return null;
  }

  /** fetch(), with "fetch failed" turned into what was unreachable and why. */
  private async fetch(path: string, init: RequestInit): Promise<Response> {
    const url = `${this.base}${path}`;
    try {
      return await fetch(url, init);
    } catch (err) {
      throw new Error(`cannot reach the controller at ${url}: ${networkCause(err)}`, { cause: err });
    }
  }

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }
}

/** The reason under undici's "fetch failed": the socket error's code (ECONNREFUSED, ENOTFOUND…) and message. */
export function networkCause(err: unknown): string {
  let cause: unknown = err;
  // undici nests: TypeError("fetch failed") -> cause (an Error with .code), sometimes an AggregateError of them.
  while (cause instanceof Error && cause.cause !== undefined && !(cause as NodeJS.ErrnoException).code)
    cause = cause.cause;
  if (cause instanceof AggregateError && cause.errors.length > 0) cause = cause.errors[0];
  const e = cause as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && e.code) {
    return e.message ? `${e.code} (${e.message})` : e.code;
  }
  const message = (cause as Error)?.message ?? String(cause);
  // undici refuses the fetch standard's "bad ports" (9, 25, 6000…) before connecting.
  if (message === 'bad port') return 'fetch refuses this port (a blocked port of the fetch standard); use another';
  return message;
}

function apiError(status: number, text: string): ApiError {
  try {
    const e = (JSON.parse(text) as { error: { code: string; message: string; issues?: Issue[] } }).error;
    return new ApiError(status, e.code, e.message, e.issues ?? []);
  } catch {
    return new ApiError(status, 'LF_ERR_HTTP', `HTTP ${status}: ${text.slice(0, 200)}`);
  }
}
