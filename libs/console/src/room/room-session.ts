import { renderFields, renderTemplate, type LeafRenderer, type TemplateContext } from '@loadfleet/engine';
import { ProtocolError, type Decoded, type FrameHandler, type Kind, type WireProtocol } from '@loadfleet/protocol';
import type { Feeder } from '@loadfleet/scenario';
import { Random } from '@loadfleet/schedule';
import type { RoomEvent, RoomSendAction } from '../wire.js';
import { fillFields, type PanelAction, type RoomPlan } from './room-plan.js';

export interface RoomSessionOptions {
  protocol: WireProtocol;
  plan: RoomPlan;
  /** The scenario's feeders (the login step's templates may read row 0 of each). */
  feeders: readonly Feeder[];
  userId: number;
  room: string;
  /** The transport carries a byte stream (TCP, TLS: frames carry their length) or messages (WebSocket). */
  stream: boolean;
  /** How long a request waits for its reply (the scenario's request timeout). */
  timeoutMs: number;
  now?: () => number;
}

export interface RoomSessionHooks {
  /** A whole frame for the target. */
  write(frame: Uint8Array): void;
  /** Whether the next event of someone else would be shown (decoding it for display costs; own ones always are). */
  wantsEvent(): boolean;
  event(e: RoomEvent): void;
  /** An event that was not shown (wantsEvent said no). */
  skipped(): void;
  /** The target ended the session (its disconnect kind) or sent what the protocol cannot read. */
  fail(reason: string): void;
}

export interface RequestResult {
  /** Request -> reply in ms; null when the kind is never answered. */
  rttMs: number | null;
  /** The error reply, a timeout, or why nothing was sent; null on success. */
  error: string | null;
}

interface Pending {
  seq: number;
  kind: Kind;
  sentAt: number;
  done: (r: RequestResult) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Texts sent and not yet seen back, at most this many (older ones are forgotten). */
const MAX_OWN = 50;
const OWN_TTL_MS = 60_000;
const MAX_FIELDS = 16;
const MAX_VALUE_CHARS = 300;

/**
 * One person's session with the target, in the run's protocol, driven one message
 * at a time and with no I/O of its own: frames go out through `hooks.write`, frames
 * come in through `onFrame` (it is the splitter's FrameHandler). It logs in as the
 * scenario does, joins, sends the panel's actions, matches replies the protocol's
 * way (echoed seq or order), and turns room events into plain fields with their
 * delivery time, spotting the person's own chat when it comes back.
 */
export class RoomSession implements FrameHandler {
  private readonly wp: WireProtocol;
  private readonly now: () => number;
  private readonly pending: Pending[] = [];
  private readonly own: { text: string; sentAt: number }[] = [];
  private nextSeq = 0;
  private closed = false;
  /** Replies are matched by the seq they echo, by order, or not at all. */
  private readonly match: WireProtocol['match'];
  private readonly userIdText: string;

  constructor(
    private readonly o: RoomSessionOptions,
    private readonly hooks: RoomSessionHooks,
  ) {
    this.wp = o.protocol;
    this.now = o.now ?? preciseNow;
    this.match = this.wp.match;
    this.userIdText = String(o.userId);
  }

  /** Logs in with the scenario's login fields (null: the protocol has no login). */
  login(): Promise<RequestResult> | null {
    const l = this.o.plan.login;
    if (!l) return null;
    const rng = new Random();
    const ctx: TemplateContext = {
      userId: this.o.userId,
      sessionName: 'console',
      vars: new Map([['room', this.o.room]]),
      feederRows: this.o.feeders.map((f) => (f.rows.length > 0 ? 0 : -1)),
    };
    const render: LeafRenderer = { renderLeaf: (t) => renderTemplate(t, ctx, this.o.feeders, rng) };
    return this.request(l.kind, renderFields(l.fields, render));
  }

  join(): Promise<RequestResult> {
    return this.action(this.o.plan.join, '');
  }

  /** One of the panel's sends; `text` fills {{text}} (chat). */
  send(action: RoomSendAction, text: string): Promise<RequestResult> {
    const a = this.o.plan.send[action];
    if (!a) return Promise.resolve({ rttMs: null, error: this.o.plan.why[action] ?? `no ${action} here` });
    if (a.echo >= 0 && text !== '') {
      this.own.push({ text, sentAt: this.now() });
      if (this.own.length > MAX_OWN) this.own.shift();
    }
    return this.action(a, text);
  }

  /** The heartbeat kind, not awaited (its reply, if any, is consumed). */
  heartbeat(): void {
    const hb = this.o.plan.heartbeat;
    if (hb) void this.request(hb.kind, {});
  }

  /** Leaves the room (not awaited), when the protocol says how. */
  leave(): void {
    const l = this.o.plan.leave;
    if (l) void this.action(l, '');
  }

  /** Ends every wait (as "closed"); nothing is written after. */
  close(reason = 'closed'): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.done({ rttMs: null, error: reason });
    }
  }

  private action(a: PanelAction, text: string): Promise<RequestResult> {
    return this.request(a.kind, fillFields(a.fields, this.o.room, text));
  }

  private request(kind: Kind, values: Record<string, unknown>): Promise<RequestResult> {
    if (this.closed) return Promise.resolve({ rttMs: null, error: 'the session is closed' });
    let body: Uint8Array;
    try {
      body = this.wp.encodeBody(kind, values);
    } catch (err) {
      return Promise.resolve({ rttMs: null, error: `cannot encode ${kind.name}: ${(err as Error).message}` });
    }
    this.nextSeq = this.nextSeq >= this.wp.maxSeq ? 1 : this.nextSeq + 1;
    const seq = this.nextSeq;
    const sentAt = this.now();
    const frame = this.wp.frame(kind, body, seq, sentAt, this.o.stream);
    if (kind.reply < 0 || this.match === 'none') {
      this.hooks.write(frame);
      return Promise.resolve({ rttMs: null, error: null });
    }
    return new Promise<RequestResult>((done) => {
      const p: Pending = {
        seq,
        kind,
        sentAt,
        done,
        timer: setTimeout(() => {
          const i = this.pending.indexOf(p);
          if (i >= 0) this.pending.splice(i, 1);
          done({ rttMs: null, error: `no reply to ${kind.name} within ${this.o.timeoutMs} ms` });
        }, this.o.timeoutMs),
      };
      this.pending.push(p);
      this.hooks.write(frame);
    });
  }

  onFrame(payload: Uint8Array, typeId: number, headerSeq: number): boolean {
    if (this.closed) return false;
    const d = this.wp.decode(payload, typeId, headerSeq);
    if (d instanceof ProtocolError) {
      this.hooks.fail(`the target sent a frame ${this.wp.name} cannot read: ${d.message}`);
      return false;
    }
    switch (d.kind.role) {
      case 'reply':
      case 'error':
        this.reply(d);
        break;
      case 'event':
        this.event(d);
        break;
      case 'disconnect':
        this.hooks.fail(`the target disconnected the panel: ${describe(this.wp.toPlain(d), '')}`);
        return false;
      default:
        break;
    }
    return !this.closed;
  }

  private reply(d: Decoded): void {
    const isError = d.kind.role === 'error';
    let i = -1;
    if (this.match === 'echo') i = d.seq > 0 ? this.pending.findIndex((p) => p.seq === d.seq) : -1;
    else if (this.match === 'fifo') i = this.pending.findIndex((p) => isError || p.kind.reply === d.kind.index);
    if (i < 0) return;
    const [p] = this.pending.splice(i, 1);
    clearTimeout(p!.timer);
    const rttMs = this.now() - p!.sentAt;
    p!.done({ rttMs, error: isError ? `${d.kind.name}: ${describe(this.wp.toPlain(d), '')}` : null });
  }

  private event(d: Decoded): void {
    const now = this.now();
    const name = d.event >= 0 ? this.wp.eventNames[d.event]! : d.kind.name;
    const chat = this.o.plan.send.chat;
    let fields: Record<string, string> | null = null;
    let echoMs: number | null = null;
    if (chat && d.event === chat.echo && this.own.length > 0) {
      fields = this.fieldsOf(d);
      const values = new Set(Object.values(fields));
      const i = this.own.findIndex((o) => now - o.sentAt <= OWN_TTL_MS && values.has(o.text));
      if (i >= 0) echoMs = now - this.own.splice(i, 1)[0]!.sentAt;
      while (this.own.length > 0 && now - this.own[0]!.sentAt > OWN_TTL_MS) this.own.shift();
    }
    if (echoMs === null && !this.hooks.wantsEvent()) return this.hooks.skipped();
    fields ??= this.fieldsOf(d);
    // The person's own like, gift, join: the event names the panel's user id in one of its fields.
    const own = echoMs !== null || Object.values(fields).includes(this.userIdText);
    this.hooks.event({
      name,
      at: now,
      deliveryMs: d.originMs > 0 ? Math.max(0, now - d.originMs) : null,
      own,
      echoMs,
      fields,
    });
  }

  /** The event's fields as text, flattened, without its origin time and the oneof's name. */
  private fieldsOf(d: Decoded): Record<string, string> {
    const plain = this.wp.toPlain(d);
    const origin = d.kind.origin?.names.join('.') ?? null;
    const out: Record<string, string> = {};
    flatten(plain, '', out, (path) => path === origin || (d.kind.splitOneof !== null && path === d.kind.splitOneof));
    return out;
  }
}

/** Epoch ms with a fraction, as the workers stamp send times. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

function flatten(v: unknown, path: string, out: Record<string, string>, skip: (path: string) => boolean): void {
  if (Object.keys(out).length >= MAX_FIELDS || skip(path)) return;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flatten(x, path ? `${path}.${k}` : k, out, skip);
    return;
  }
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  out[path] = text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/** A message's fields in one line: `code=NOT_IN_ROOM reason="join first"`. */
function describe(plain: Record<string, unknown>, prefix: string): string {
  const out: Record<string, string> = {};
  flatten(plain, prefix, out, () => false);
  return (
    Object.entries(out)
      .map(([k, v]) => `${k}=${/\s/.test(v) || v === '' ? JSON.stringify(v) : v}`)
      .join(' ') || '(no fields)'
  );
}
