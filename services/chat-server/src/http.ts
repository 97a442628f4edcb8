import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { METRICS_CONTENT_TYPE, type ChatStats, type WireStats } from '@loadfleet/chatroom';
import type { Logger } from '@loadfleet/log';
import { ListenError } from './errors.js';

/**
 * /stats: the totals over every process, plus the per-process breakdown when
 * asked for (?by=process). Typed with the bundled wire's kind names; with
 * --wire im-lite the same fields carry im-lite's names (`wire` says which).
 */
export type StatsDocument = ChatStats & {
  procs: number;
  /** Processes accepting new connections now. */
  accepting: number;
  processes?: (ChatStats & { slot: number; pid: number })[];
};

/** /stats with any wire's names. */
export type WireStatsDocument = WireStats & {
  procs: number;
  accepting: number;
  processes?: (WireStats & { slot: number; pid: number })[];
};

export interface StatsSource {
  stats(byProcess: boolean): Promise<WireStatsDocument>;
  /** Prometheus text exposition. */
  metrics(): Promise<string>;
  healthy(): boolean;
}

/** GET /stats (JSON), /metrics (Prometheus text) and /healthz. */
export function startHttp(host: string, port: number, src: StatsSource, log: Logger): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, 'text/plain', 'method not allowed\n');
    if (url.pathname === '/healthz') {
      const ok = src.healthy();
      return send(ok ? 200 : 503, 'application/json', JSON.stringify({ ok }) + '\n');
    }
    const answer =
      url.pathname === '/stats'
        ? src.stats(url.searchParams.get('by') === 'process').then((s) => JSON.stringify(s) + '\n')
        : url.pathname === '/metrics'
          ? src.metrics()
          : undefined;
    if (answer === undefined) return send(404, 'text/plain', 'not found\n');
    answer.then(
      (body) => send(200, url.pathname === '/stats' ? 'application/json' : METRICS_CONTENT_TYPE, body),
      (err: Error) => {
        log.error({ err }, 'collecting stats failed');
        send(500, 'text/plain', `stats unavailable: ${err.message}\n`);
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(ListenError.from('HTTP port', `${host}:${port}`, err)));
    server.listen({ port, host }, () => {
      server.removeAllListeners('error');
      server.on('error', (err) => log.error({ err }, 'http server error'));
      log.info({ port: (server.address() as AddressInfo).port }, 'http listening');
      resolve(server);
    });
  });
}

/** Closes the HTTP server, including idle keep-alive connections. */
export function stopHttp(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
