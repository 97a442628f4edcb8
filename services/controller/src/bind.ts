import { createServer, type Server } from 'node:http';
import { ConfigError } from '@loadfleet/config';

/**
 * Binds the API's port before the controller joins the bus: a controller started on
 * a port already in use says so in one line and exits 2 (a ConfigError), having
 * touched nothing. Until the API is ready, requests are answered 503.
 */
export async function bindHttp(host: string, port: number): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end(JSON.stringify({ error: { code: 'LF_ERR_UNAVAILABLE', message: 'the controller is starting' } }));
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      if (err.code === 'EADDRINUSE')
        reject(
          new ConfigError(
            `port ${port} on ${host} is already in use (${where}: another controller or program listens there); nothing was started, no run was touched: choose another --port`,
          ),
        );
      else if (err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL')
        reject(new ConfigError(`cannot listen on ${where}: ${err.code}; nothing was started, no run was touched`));
      else reject(err);
    };
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return server;
}
