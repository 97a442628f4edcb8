// Hostile chat targets, each misbehaving in one way, for the generator's bounds.
import { readSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';

export interface HostileTarget {
  port: number;
  /** Connections accepted. */
  readonly accepted: number;
  close(): Promise<void>;
}

type Behaviour = (socket: Socket) => void;

async function serve(behaviour: Behaviour, pauseOnConnect = false): Promise<HostileTarget> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer({ pauseOnConnect }, (socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    behaviour(socket);
  });
  // Many users connect within a second: a backlog that holds them all.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  return {
    port: (server.address() as { port: number }).port,
    get accepted() {
      return accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes `chunk()` until `total` bytes went out or the peer closed, honouring
 * backpressure: the target itself must not be the one whose memory grows.
 */
function pour(socket: Socket, chunk: () => Uint8Array, total: number): void {
  let sent = 0;
  const more = () => {
    while (sent < total && !socket.destroyed) {
      const c = chunk();
      sent += c.length;
      if (!socket.write(c)) return void socket.once('drain', more);
    }
  };
  more();
}

/** Answers the first bytes it receives with a frame header announcing 256 MiB, then streams the "body". */
export function oversizedFrames(): Promise<HostileTarget> {
  const body = Buffer.alloc(64 * 1024, 0x41);
  // varint(256 MiB) = 0x80 0x80 0x80 0x80 0x01
  const header = Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x01]);
  return serve((socket) => {
    socket.once('data', () => {
      socket.write(header);
      pour(socket, () => body, 8 * 1024 * 1024);
    });
  });
}

/** Answers the first bytes it receives with a stream of pseudo-random garbage (seeded, from one pool). */
export function garbage(seed = 42): Promise<HostileTarget> {
  let x = seed >>> 0 || 1;
  const pool = Buffer.allocUnsafe(1024 * 1024);
  for (let i = 0; i < pool.length; i++) {
    // xorshift32: reproducible garbage
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    pool[i] = x & 0xff;
  }
  let offset = 0;
  return serve((socket) => {
    socket.once('data', () => {
      // Each connection starts somewhere else in the pool.
      let at = (offset = (offset + 7919) % (pool.length - 4096));
      pour(
        socket,
        () => {
          at = at + 4096 > pool.length ? 0 : at;
          const chunk = pool.subarray(at, at + 4096);
          at += 4096;
          return chunk;
        },
        2 * 1024 * 1024,
      );
    });
  });
}

/** Accepts and never reads a byte: what the generator writes piles up in the kernel, then in the socket. */
export function neverReads(): Promise<HostileTarget> {
  return serve(() => {}, true);
}

/**
 * Reads one byte a second from the kernel. Node streams read in 64 KiB chunks, so
 * the socket stays paused and the byte is read from its file descriptor directly.
 */
export function readsOneBytePerSecond(): Promise<HostileTarget> {
  const one = Buffer.alloc(1);
  return serve((socket) => {
    const fd = (socket as unknown as { _handle: { fd: number } })._handle.fd;
    const t = setInterval(() => {
      // Destroyed: the descriptor may already belong to another socket.
      if (socket.destroyed) return clearInterval(t);
      try {
        if (readSync(fd, one, 0, 1, null) === 0) socket.destroy(); // end of stream
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') socket.destroy();
      }
    }, 1000);
    socket.on('close', () => clearInterval(t));
  }, true);
}

/** Accepts, reads everything, answers nothing. */
export function silent(): Promise<HostileTarget> {
  return serve((socket) => {
    socket.resume();
  });
}
