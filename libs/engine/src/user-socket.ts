import net from 'node:net';
import tls from 'node:tls';
import type { Target } from '@loadfleet/scenario';

/** What a socket reports to the user that opened it. The socket is passed so that a user can ignore its old sockets. */
export interface SocketOwner {
  socketConnected(socket: OwnedSocket): void;
  /** `chunk` may be a buffer shared by every socket: it is valid only during the call. */
  socketData(socket: OwnedSocket, chunk: Buffer): void;
  socketError(socket: OwnedSocket, err: NodeJS.ErrnoException): void;
  socketClosed(socket: OwnedSocket): void;
}

export type OwnedSocket = net.Socket & { owner: SocketOwner };

/**
 * Every TCP socket reads into this one buffer (net's `onread`): the chunk is
 * handled before the next read, so nothing needs a buffer of its own. Without it
 * each read costs a fresh 64 KiB allocation shrunk to size, an ArrayBuffer and a
 * Buffer, and the Readable stream's push, nextTick and 'data' emit.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

function onRead(this: OwnedSocket, nread: number, buf: Buffer): void {
  this.owner.socketData(this, nread === buf.length ? buf : buf.subarray(0, nread));
}

/**
 * A TCP socket that points at its user from a field declared in the class, so
 * the field is part of every socket's shape from the start; a property added to a
 * plain net.Socket afterwards costs each socket an extra out-of-object array.
 */
class TcpUserSocket extends net.Socket {
  owner: SocketOwner;
  constructor(owner: SocketOwner) {
    // `onread` is a Socket constructor option since Node 15 (@types/node lists it for connect() only).
    super({ onread: { buffer: READ_BUFFER, callback: onRead } } as net.SocketConstructorOpts);
    this.owner = owner;
  }
}

// Handlers shared by every socket: `this` is the socket, which points at its owner.
function onConnect(this: OwnedSocket): void {
  this.owner.socketConnected(this);
}
function onData(this: OwnedSocket, chunk: Buffer): void {
  this.owner.socketData(this, chunk);
}
function onError(this: OwnedSocket, err: NodeJS.ErrnoException): void {
  this.owner.socketError(this, err);
}
function onClose(this: OwnedSocket): void {
  this.owner.socketClosed(this);
}

/**
 * Starts connecting a socket for `owner`; throws (synchronously) what net/tls
 * throw for bad arguments. Events arrive later, through the shared handlers.
 */
export function openSocket(target: Target, localAddress: string | undefined, owner: SocketOwner): OwnedSocket {
  let socket: OwnedSocket;
  if (target.tls) {
    socket = tls.connect({
      host: target.host,
      port: target.port,
      servername: target.tls.servername ?? target.host,
      rejectUnauthorized: target.tls.rejectUnauthorized,
      ca: target.tls.ca,
      // Passed through to the TCP connect; missing from tls's typings.
      ...({ localAddress } as object),
    }) as unknown as OwnedSocket;
    socket.owner = owner;
  } else {
    socket = new TcpUserSocket(owner) as OwnedSocket;
    try {
      socket.connect({ host: target.host, port: target.port, localAddress });
    } catch (err) {
      socket.destroy();
      throw err;
    }
  }
  // Events are never emitted synchronously by connect(): listeners added now see them all.
  socket.on(target.tls ? 'secureConnect' : 'connect', onConnect);
  if (target.tls) socket.on('data', onData);
  socket.on('error', onError);
  socket.on('close', onClose);
  return socket;
}
