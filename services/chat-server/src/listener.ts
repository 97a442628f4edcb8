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
 * connection, none per message. A connection that arrives while this process
 * is at its capacity is closed at once and counted as refused. `changed` is
 * called after every open and close (the load report to the primary).
 */
export function createListener(core: ChatCore, opts: ListenerOptions, log: Logger, changed: () => void): net.Server {
  function onData(this: ChatSocket, chunk: Buffer): void {
    core.data(this[kSession], chunk);
  }
  // ECONNRESET, EPIPE and the like: the socket closes right after; counted there, never thrown.
  function onError(this: ChatSocket): void {
    core.error(this[kSession]);
  }
  function onClose(this: ChatSocket): void {
    core.closed(this[kSession]);
    changed();
  }
  const onConnection = (socket: net.Socket): void => {
    if (core.full) {
      socket.on('error', () => {});
      socket.destroy();
      core.refused();
      return;
    }
    socket.setNoDelay(true);
    (socket as ChatSocket)[kSession] = core.open(socket);
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    changed();
  };
  if (opts.tlsCert === '' && opts.tlsKey === '') return net.createServer(onConnection);
  const server = tls.createServer({ cert: readFileSync(opts.tlsCert), key: readFileSync(opts.tlsKey) }, onConnection);
  // A failed handshake never reached the core: nothing to count but a debug line.
  server.on('tlsClientError', (err) => log.debug({ err: err.message }, 'TLS handshake failed'));
  return server;
}
