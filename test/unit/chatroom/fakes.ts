import { ChatCore, type ChatCoreOptions, type Session, type Transport } from '@loadfleet/chatroom';
import { decodeEnvelope, encodeFrame, FrameDecoder, type Envelope, type EnvelopeInit } from '@loadfleet/protocol';

/** A socket stand-in: records writes; `stuck` makes every write stay queued (a client that never reads). */
export class FakeTransport implements Transport {
  readonly written: Uint8Array[] = [];
  writableLength = 0;
  stuck = false;
  ended = false;
  destroyed = false;
  write(data: Uint8Array): boolean {
    this.written.push(data);
    if (this.stuck) this.writableLength += data.length;
    return true;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Every frame written so far, decoded. */
  frames(): Envelope[] {
    const out: Envelope[] = [];
    const dec = new FrameDecoder(1 << 20);
    for (const w of this.written) {
      dec.feed(w, {
        onFrame: (p) => {
          out.push(decodeEnvelope(p) as Envelope);
          return true;
        },
      });
    }
    return out;
  }
}

/** A core on a fake clock, whose fan-out flushes only when the test says so. */
export function makeCore(opts: Partial<ChatCoreOptions> = {}) {
  const clock = { now: 1_000_000 };
  const core = new ChatCore({
    loginTimeout: 1000,
    heartbeatTimeout: 2000,
    likeBatch: 0,
    maxOutbound: 10_000,
    maxFrame: 4096,
    clock: () => clock.now,
    defer: () => {},
    ...opts,
  });
  const connect = () => {
    const t = new FakeTransport();
    const s = core.open(t);
    return { t, s, send: (init: EnvelopeInit) => core.data(s, encodeFrame(init)) };
  };
  return { core, clock, connect, flush: () => core.fanout.flush() };
}

export type FakeConn = ReturnType<ReturnType<typeof makeCore>['connect']> & { s: Session };

/** Connects, logs in and joins `room`. */
export function member(env: ReturnType<typeof makeCore>, userId: number, room = 'r'): FakeConn {
  const c = env.connect();
  c.send({ seq: 1, login: { userId } });
  c.send({ seq: 2, sentAt: 5, joinRoom: { room } });
  return c;
}
