import net from 'node:net';
import tls from 'node:tls';
import type { Target } from '@loadfleet/scenario';
import WebSocket from 'ws';

/**
 * A user's connection to a target, over one of the transports: TCP, TLS, or
 * WebSocket (ws, wss). Stream transports hand over byte chunks for the
 * protocol's splitter; WebSocket hands over whole messages, one frame each.
 * Events reach the owner through handlers shared by every connection: `this`
 * is the connection, which points at its owner. No closure per connection.
 */
export interface ConnectionOwner {
  connConnected(conn: Connection): void;
  /** Stream transports: `chunk` may be a buffer shared by every socket, valid only during the call. */
  connData(conn: Connection, chunk: Buffer): void;
  /** Message transports: one whole message; `binary` false for a text message. */
  connMessage(conn: Connection, message: Buffer, binary: boolean): void;
  connError(conn: Connection, err: NodeJS.ErrnoException): void;
  connClosed(conn: Connection): void;
}

export interface Connection {
  /** True for TCP and TLS: frames carry their length; false for WebSocket (one frame per message). */
  readonly stream: boolean;
  write(frame: Uint8Array): void;
  /** Bytes accepted but not yet handed to the kernel (a target that does not read makes it grow). */
  readonly queuedBytes: number;
  /**
   * False once the connection is closing — the peer ended it, it failed, or it was
   * ended — even before its close event: a frame written then would never be sent.
   */
  readonly open: boolean;
  /** Closes after what was written is sent. */
  end(): void;
  /** Closes now. */
  destroy(): void;
}

/**
 * Every TCP socket reads into this one buffer (net's `onread`): the chunk is
 * handled before the next read, so nothing needs a buffer of its own. Without it
 * each read costs a fresh 64 KiB allocation shrunk to size, an ArrayBuffer and a
 * Buffer, and the Readable stream's push, nextTick and 'data' emit.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

function onRead(this: TcpConnection, nread: number, buf: Buffer): void {
  this.owner.connData(this, nread === buf.length ? buf : buf.subarray(0, nread));
}

/**
 * A TCP socket that points at its user from a field declared in the class, so
 * the field is part of every socket's shape from the start; a property added to a
 * plain net.Socket afterwards costs each socket an extra out-of-object array.
 */
class TcpConnection extends net.Socket implements Connection {
  readonly stream = true;
  owner: ConnectionOwner;
  constructor(owner: ConnectionOwner) {
    // `onread` is a Socket constructor option since Node 15 (@types/node lists it for connect() only).
    super({ onread: { buffer: READ_BUFFER, callback: onRead } } as net.SocketConstructorOpts);
    this.owner = owner;
  }
  get queuedBytes(): number {
    return this.writableLength;
  }
  get open(): boolean {
    return streamOpen(this);
  }
  override end(): this {
    return super.end();
  }
}

/**
 * A socket with allowHalfOpen off (the default) is done for writing once the peer's
 * FIN is read ('end': net swaps its write for one that fails with EPIPE), and once
 * ended or destroyed.
 */
function streamOpen(s: net.Socket): boolean {
  return s.writable && !s.readableEnded && !s.destroyed;
}

type TlsConnection = tls.TLSSocket & Connection & { owner: ConnectionOwner };

/** A WebSocket that is its own user's Connection (one object per connection, the owner a declared field). */
class WsConnection extends WebSocket implements Connection {
  readonly stream = false;
  owner: ConnectionOwner;
  constructor(url: string, options: WebSocket.ClientOptions, owner: ConnectionOwner) {
    super(url, options);
    this.owner = owner;
  }
  write(frame: Uint8Array): void {
    this.send(frame, { binary: true });
  }
  get queuedBytes(): number {
    return this.bufferedAmount;
  }
  get open(): boolean {
    return this.readyState === WebSocket.OPEN;
  }
  end(): void {
    this.close();
  }
  destroy(): void {
    this.terminate();
  }
}

// Handlers shared by every connection: `this` is the socket (TCP, TLS) or WebSocket.
function onConnect(this: TcpConnection | TlsConnection): void {
  this.owner.connConnected(this);
}
function onData(this: TlsConnection, chunk: Buffer): void {
  this.owner.connData(this, chunk);
}
function onError(this: TcpConnection | TlsConnection, err: NodeJS.ErrnoException): void {
  this.owner.connError(this, err);
}
function onClose(this: TcpConnection | TlsConnection): void {
  this.owner.connClosed(this);
}
function onWsOpen(this: WebSocket): void {
  const c = this as WsConnection;
  c.owner.connConnected(c);
}
function onWsMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
  const c = this as WsConnection;
  c.owner.connMessage(c, data, isBinary);
}
function onWsError(this: WebSocket, err: NodeJS.ErrnoException): void {
  const c = this as WsConnection;
  c.owner.connError(c, err);
}
function onWsClose(this: WebSocket): void {
  const c = this as WsConnection;
  c.owner.connClosed(c);
}

/**
 * Starts connecting to `target` for `owner`; throws (synchronously) what net,
 * tls or ws throw for bad arguments. Events arrive later, through the shared handlers.
 * `maxMessageBytes` bounds a WebSocket message (the protocol's frame limit).
 */
export function openConnection(
  target: Target,
  localAddress: string | undefined,
  owner: ConnectionOwner,
  maxMessageBytes: number,
): Connection {
  switch (target.transport) {
    case 'tcp': {
      const socket = new TcpConnection(owner);
      try {
        socket.connect({ host: target.host, port: target.port, localAddress });
      } catch (err) {
        socket.destroy();
        throw err;
      }
      // Events are never emitted synchronously by connect(): listeners added now see them all.
      socket.on('connect', onConnect);
      socket.on('error', onError);
      socket.on('close', onClose);
      return socket;
    }
    case 'tls': {
      const t = target.tls!;
      const socket = tls.connect({
        host: target.host,
        port: target.port,
        servername: t.servername ?? target.host,
        rejectUnauthorized: t.rejectUnauthorized,
        ca: t.ca,
        // Passed through to the TCP connect; missing from tls's typings.
        ...({ localAddress } as object),
      }) as TlsConnection;
      Object.assign(socket, { owner, stream: true });
      Object.defineProperty(socket, 'queuedBytes', { get: () => socket.writableLength });
      Object.defineProperty(socket, 'open', { get: () => streamOpen(socket) });
      socket.on('secureConnect', onConnect);
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose);
      return socket;
    }
    case 'ws':
    case 'wss': {
      const url = `${target.transport}://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}${target.path}`;
      const ws = new WsConnection(
        url,
        {
          localAddress,
          perMessageDeflate: false,
          maxPayload: maxMessageBytes,
          ...(target.tls
            ? {
                servername: target.tls.servername ?? target.host,
                rejectUnauthorized: target.tls.rejectUnauthorized,
                ca: target.tls.ca,
              }
            : {}),
        },
        owner,
      );
      ws.on('open', onWsOpen);
      ws.on('message', onWsMessage);
      ws.on('error', onWsError);
      ws.on('close', onWsClose);
      return ws;
    }
  }
}
