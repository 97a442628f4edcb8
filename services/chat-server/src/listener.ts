import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { ChatCore, Session } from '@loadfleet/chatroom';
import type { Logger } from '@loadfleet/log';

const kSession = Symbol('chatSession');
type ChatSocket = net.Socket & { [kSession]: Session };

export interface ListenerOptions {
  tlsCert: string;
  tlsKey: string;
}

/**
 * The chat protocol's TCP (or TLS) server. The socket itself is the session's
 * transport, and the 'data'/'error'/'close' handlers are three functions shared
 * by every socket (they find their session on the socket): no closure per
 * connection, none per message.
 */
export function createListener(core: ChatCore, opts: ListenerOptions, log: Logger): net.Server {
  function onData(this: ChatSocket, chunk: Buffer): void {
    core.data(this[kSession], chunk);
  }
  // ECONNRESET, EPIPE and the like: the socket closes right after; counted there, never thrown.
  function onError(this: ChatSocket): void {
    core.error(this[kSession]);
  }
  function onClose(this: ChatSocket): void {
    core.closed(this[kSession]);
  }
  const onConnection = (socket: net.Socket): void => {
    socket.setNoDelay(true);
    (socket as ChatSocket)[kSession] = core.open(socket);
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
  };
  let server: net.Server;
  if (opts.tlsCert !== '' || opts.tlsKey !== '') {
    server = tls.createServer({ cert: readFileSync(opts.tlsCert), key: readFileSync(opts.tlsKey) }, onConnection);
    // A failed handshake never reached the core: nothing to count but a debug line.
    server.on('tlsClientError', (err) => log.debug({ err: err.message }, 'TLS handshake failed'));
  } else {
    server = net.createServer(onConnection);
  }
  return server;
}

/** Listens and resolves with the bound port (useful with port 0). */
export function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}
