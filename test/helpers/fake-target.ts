/**
 * A scripted chat target for engine tests: decodes each client frame and hands
 * it to `onRequest`, which answers (or misbehaves) through the connection.
 */
import { createServer, type Server, type Socket } from 'node:net';
import {
  FrameDecoder,
  decodeEnvelope,
  encodeFrame,
  ProtocolError,
  type Envelope,
  type EnvelopeInit,
} from '@loadfleet/protocol';

export interface FakeConnection {
  socket: Socket;
  send(env: EnvelopeInit): void;
  /** Raw bytes, for malformed frames. */
  raw(bytes: Uint8Array): void;
}

export interface FakeTarget {
  port: number;
  /** Every request received, in order, by connection. */
  received: Envelope[];
  connections: number;
  close(): Promise<void>;
}

/** The replies a real server gives; tests override per kind. */
export function standardReply(env: Envelope, conn: FakeConnection): void {
  const seq = env.seq;
  const serverTime = Date.now();
  switch (env.body) {
    case 'login':
      return conn.send({ seq, loginAck: { serverTime, userId: env.login!.userId } });
    case 'joinRoom':
      return conn.send({ seq, joined: { serverTime, room: env.joinRoom!.room, memberCount: 1 } });
    case 'leave':
      return conn.send({ seq, left: { serverTime, room: env.leave!.room } });
    case 'heartbeat':
      return conn.send({ seq, heartbeatAck: { serverTime } });
    default:
      return conn.send({ seq, ack: { serverTime } });
  }
}

export async function startFakeTarget(
  onRequest: (env: Envelope, conn: FakeConnection) => void = standardReply,
): Promise<FakeTarget> {
  const received: Envelope[] = [];
  const sockets = new Set<Socket>();
  const target = { port: 0, received, connections: 0, close: async () => {} };
  const server: Server = createServer((socket) => {
    target.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const conn: FakeConnection = {
      socket,
      send: (env) => {
        if (!socket.destroyed) socket.write(encodeFrame(env));
      },
      raw: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
    };
    const decoder = new FrameDecoder();
    socket.on('data', (chunk) => {
      decoder.feed(chunk, {
        onFrame(payload) {
          const env = decodeEnvelope(payload);
          if (env instanceof ProtocolError) {
            socket.destroy();
            return false;
          }
          received.push(env);
          onRequest(env, conn);
          return true;
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target.port = (server.address() as { port: number }).port;
  target.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return target;
}
