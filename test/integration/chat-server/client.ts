/** A minimal chat protocol client for the chat server's integration tests. */
import net from 'node:net';
import tls from 'node:tls';
import {
  FrameDecoder,
  decodeEnvelope,
  encodeFrame,
  eventKindOf,
  nowMs,
  ProtocolError,
  type Envelope,
  type EnvelopeInit,
} from '@loadfleet/protocol';

export class TestClient {
  readonly frames: Envelope[] = [];
  closed = false;
  readonly closedP: Promise<void>;
  private seq = 0;
  private readonly decoder = new FrameDecoder(1 << 24);
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      const err = this.decoder.feed(chunk, {
        onFrame: (p) => {
          const env = decodeEnvelope(p);
          if (env instanceof ProtocolError) throw env;
          this.frames.push(env);
          return true;
        },
      });
      if (err) throw err;
      this.wake();
    });
    socket.on('error', () => {});
    this.closedP = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        this.wake();
        resolve();
      }),
    );
  }

  static connect(port: number, host = '127.0.0.1'): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => resolve(new TestClient(socket)));
      socket.once('error', reject);
    });
  }

  static connectTls(port: number, host = '127.0.0.1'): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ port, host, rejectUnauthorized: false }, () => resolve(new TestClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a request with the next seq and the current time; returns the seq. */
  send(body: Omit<EnvelopeInit, 'seq' | 'sentAt'>): number {
    const seq = ++this.seq;
    this.socket.write(encodeFrame({ ...body, seq, sentAt: nowMs() }));
    return seq;
  }

  /** Sends a request and waits for the frame that echoes its seq. */
  async request(body: Omit<EnvelopeInit, 'seq' | 'sentAt'>, timeoutMs = 5000): Promise<Envelope> {
    const seq = this.send(body);
    return this.waitFor((f) => f.seq === seq, timeoutMs);
  }

  async login(userId: number): Promise<Envelope> {
    return this.request({ login: { userId, token: 't' } });
  }

  /** Waits for a received frame matching `pred` (also looks at frames already received). */
  async waitFor(pred: (f: Envelope) => boolean, timeoutMs = 5000): Promise<Envelope> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(pred);
      if (found) return found;
      if (this.closed) throw new Error('connection closed while waiting');
      if (Date.now() > deadline) throw new Error('timed out waiting for a frame');
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Resolves when `count` frames match `pred`. */
  async waitForCount(pred: (f: Envelope) => boolean, count: number, timeoutMs = 5000): Promise<Envelope[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.frames.filter(pred);
      if (got.length >= count) return got;
      if (Date.now() > deadline) throw new Error(`timed out: ${got.length}/${count} frames`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  events(kind?: string): Envelope[] {
    return this.frames.filter((f) => f.body === 'event' && (kind === undefined || eventKindOf(f) === kind));
  }

  writeRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** Waits until `check` returns true (polling), or throws after timeoutMs. */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
