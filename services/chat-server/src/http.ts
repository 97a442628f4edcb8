import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderPrometheus, type ChatStats } from '@loadfleet/chatroom';
import type { Logger } from '@loadfleet/log';

/** /stats totals, plus the per-process breakdown when asked for (?by=process). */
export type StatsDocument = ChatStats & {
  procs: number;
  processes?: (ChatStats & { slot: number; pid: number })[];
};

export interface StatsSource {
  stats(byProcess: boolean): Promise<StatsDocument>;
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
    if (url.pathname !== '/stats' && url.pathname !== '/metrics') return send(404, 'text/plain', 'not found\n');
    src.stats(url.searchParams.get('by') === 'process').then(
      (stats) => {
        if (url.pathname === '/stats') send(200, 'application/json', JSON.stringify(stats) + '\n');
        else send(200, 'text/plain; version=0.0.4', renderPrometheus(stats, { processes: stats.procs }));
      },
      (err: Error) => {
        log.error({ err }, 'collecting stats failed');
        send(500, 'text/plain', `stats unavailable: ${err.message}\n`);
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
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
