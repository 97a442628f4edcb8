import { isTerminal, type LiveHub, type RunEndInfo, type RunsApi } from '@loadfleet/controller';
import type { LiveStatus } from '@loadfleet/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';

const KEEPALIVE_MS = 15_000;

/** Open server-sent-event streams, so that closing the server can end them. */
export class LiveStreams {
  private readonly open = new Set<() => void>();

  /**
   * GET /v1/runs/:id/live: one `data:` line (a LiveStatus) per merged second,
   * then `event: end` with how the run ended. The newest second is sent first
   * when there is one; a run that already ended gets its end at once.
   */
  async serve(id: string, req: FastifyRequest, reply: FastifyReply, api: RunsApi, hub: LiveHub): Promise<void> {
    // Subscribe before reading the state, so an end in between is not missed.
    const pending: (() => void)[] = [];
    let write: ((chunk: string) => void) | null = null;
    let finish: (() => void) | null = null;
    const emit = (chunk: string) => (write ? write(chunk) : pending.push(() => write!(chunk)));
    const unsubscribe = hub.subscribe(id, {
      status: (s: LiveStatus) => emit(`data: ${JSON.stringify(s)}\n\n`),
      end: (e: RunEndInfo) => {
        emit(`event: end\ndata: ${JSON.stringify(e)}\n\n`);
        if (finish) finish();
        else pending.push(() => finish!());
      },
    });
    let view: Record<string, unknown>;
    try {
      view = await api.get(id);
    } catch (err) {
      unsubscribe();
      throw err;
    }

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Sends the headers now (a client waits for them) and tells EventSource how soon to reconnect.
    raw.write('retry: 2000\n\n');
    const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(keepalive);
      unsubscribe();
      this.open.delete(close);
      raw.end();
    };
    this.open.add(close);
    req.raw.on('close', close);
    write = (chunk) => {
      if (!closed) raw.write(chunk);
    };
    finish = close;

    if (view.live) write(`data: ${JSON.stringify(view.live)}\n\n`);
    if (isTerminal(view.state as never)) {
      write(`event: end\ndata: ${JSON.stringify({ id, state: view.state, stopReason: view.stopReason })}\n\n`);
      return close();
    }
    for (const p of pending.splice(0)) p();
  }

  closeAll(): void {
    for (const close of [...this.open]) close();
  }
}
