import http from 'node:http';
import type net from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { ChatCore, Session, Transport, Wire } from '@loadfleet/chatroom';

const kSession = Symbol('chatSession');
type ChatWebSocket = WebSocket & { [kSession]: Session };

/**
 * A WebSocket connection as the core's Transport: one frame per binary message.
 * The core writes encoded frames (the fan-out joins several into one buffer),
 * so each write is split back into frame payloads, without their length prefix.
 */
class WsTransport implements Transport {
  private readonly sendOne = (payload: Uint8Array) => this.ws.send(payload);

  constructor(
    private readonly ws: WebSocket,
    private readonly wire: Wire,
  ) {}

  write(data: Uint8Array): boolean {
    this.wire.forEachPayload(data, this.sendOne);
    return true;
  }

  get writableLength(): number {
    return this.ws.bufferedAmount;
  }

  get writable(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  end(): void {
    this.ws.close(1000);
  }

  destroy(): void {
    this.ws.terminate();
  }
}

/**
 * The wire over WebSocket (--ws-port): an HTTP server that upgrades any path,
 * then one frame per binary message (for im-lite, the type id and payload
 * without the length). A message over --max-frame, a text message or an
 * undecodable one is a protocol error of that connection, like on TCP.
 * Connections beyond this process's capacity are closed before the upgrade.
 */
export function createWsListener(core: ChatCore, changed: () => void): net.Server {
  const httpServer = http.createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
    res.end('this port speaks the chat protocol over WebSocket\n');
  });
  const wss = new WebSocketServer({
    server: httpServer,
    maxPayload: core.opts.maxFrame,
    perMessageDeflate: false,
    clientTracking: false,
  });
  // The WebSocketServer repeats its HTTP server's errors (a port in use): those are handled where it listens.
  wss.on('error', () => {});
  httpServer.on('connection', (socket: net.Socket) => {
    if (!core.full) return socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.destroy();
    core.refused();
  });
  const session = (ws: WebSocket) => (ws as ChatWebSocket)[kSession];
  function onMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
    if (isBinary) return core.message(session(this), data);
    core.protocolError(session(this), { code: 'LF_ERR_UNDECODABLE', message: 'a text message' });
  }
  function onError(this: WebSocket, err: Error & { code?: string }): void {
    // ws raises its protocol errors (WS_ERR_*: too large, bad opcode, bad UTF-8) and closes the connection.
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      core.protocolError(session(this), { code: 'LF_ERR_FRAME_TOO_LARGE', message: err.message });
    } else if (err.code?.startsWith('WS_ERR_')) {
      core.protocolError(session(this), { code: 'LF_ERR_WEBSOCKET', message: err.message });
    } else core.error(session(this));
  }
  function onClose(this: WebSocket): void {
    core.closed(session(this));
    changed();
  }
  wss.on('connection', (socket: WebSocket) => {
    const ws = socket as ChatWebSocket;
    ws[kSession] = core.open(new WsTransport(ws, core.wire), 1);
    ws.on('message', onMessage);
    ws.on('error', onError);
    ws.on('close', onClose);
    changed();
  });
  return httpServer;
}
