import { openConnection, type Connection, type ConnectionOwner } from '@loadfleet/engine';
import { ProtocolError, type FrameSplitter, type HeaderValues, type WireProtocol } from '@loadfleet/protocol';
import type { Plan, Target } from '@loadfleet/scenario';
import type { RoomMessage, RoomSendAction } from '../wire.js';
import type { RoomPlan } from './room-plan.js';
import { RoomSession, preciseNow } from './room-session.js';

/** The bounds of one panel (and, for maxPanels, of all of them together). */
export interface RoomLimits {
  /** Panels open at once on a controller. */
  maxPanels: number;
  /** Panels open at once by one sign-in. */
  maxPerSession: number;
  /** Sends (chat, like, gift) per second a panel may make, with this burst. */
  sendsPerSecond: number;
  sendBurst: number;
  /** Refused sends in a row before the panel is closed. */
  maxRefusedInARow: number;
  /** Longest chat text and room name, in characters. */
  maxTextChars: number;
  maxRoomChars: number;
  /** Largest message the browser may send (bytes; the WebSocket's maxPayload). */
  maxRequestBytes: number;
  /** Room events shown per second (own echoes always are); the rest are counted as skipped. */
  eventsPerSecond: number;
  flushMs: number;
  /** Events are skipped while this much is queued towards the browser. */
  maxBufferedBytes: number;
}

export const ROOM_LIMITS: RoomLimits = {
  maxPanels: 20,
  maxPerSession: 3,
  sendsPerSecond: 5,
  sendBurst: 10,
  maxRefusedInARow: 50,
  maxTextChars: 500,
  maxRoomChars: 100,
  maxRequestBytes: 4096,
  eventsPerSecond: 200,
  flushMs: 100,
  maxBufferedBytes: 1 << 20,
};

/** The browser end of a panel: its WebSocket, as the bridge needs it. */
export interface BrowserSide {
  send(msg: RoomMessage): void;
  /** Bytes queued towards the browser and not yet sent. */
  readonly bufferedBytes: number;
  close(reason: string): void;
}

export type Connect = (
  target: Target,
  localAddress: string | undefined,
  owner: ConnectionOwner,
  maxMessageBytes: number,
) => Connection;

export interface RoomBridgeOptions {
  plan: Plan;
  protocol: WireProtocol;
  room: RoomPlan;
  userId: number;
  /** Read-write access: sends allowed. A read-only sign-in joins and watches. */
  canSend: boolean;
  /** True when the first message's CSRF token is the session's (or none is needed). */
  csrfOk(token: unknown): boolean;
  /** Still signed in (checked on every message from the browser). */
  signedIn(): boolean;
  /** The farm's allowlist, as for a run's targets. */
  allowTarget(host: string): boolean;
  browser: BrowserSide;
  limits?: RoomLimits;
  connect?: Connect;
  now?: () => number;
  /** Called once when the panel is over. */
  onEnd?(reason: string): void;
}

type State = 'new' | 'joining' | 'joined' | 'ended';

/**
 * One join-the-room panel: the browser's WebSocket on one side, a connection to
 * the run's target in the run's protocol on the other (a RoomSession), with the
 * panel's bounds: the first message must be `join` with the CSRF token, sends are
 * rate-limited and need write access, chat text and room names are bounded, room
 * events reach the browser at a bounded rate (and not at all while it is slow).
 */
export class RoomBridge implements ConnectionOwner {
  private state: State = 'new';
  private session: RoomSession | null = null;
  private conn: Connection | null = null;
  private splitter: FrameSplitter | null = null;
  private readonly hv: HeaderValues = { typeId: -1, seq: -1 };
  private readonly limits: RoomLimits;
  private readonly now: () => number;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private readonly intervals: ReturnType<typeof setInterval>[] = [];
  private events: RoomMessage & { type: 'events' } = { type: 'events', events: [], skipped: 0 };
  private tokens: number;
  private tokensAt: number;
  private refused = 0;
  private lastError: Error | null = null;
  private roomName = '';
  private target: Target | null = null;

  constructor(private readonly o: RoomBridgeOptions) {
    this.limits = o.limits ?? ROOM_LIMITS;
    this.now = o.now ?? preciseNow;
    this.tokens = this.limits.sendBurst;
    this.tokensAt = this.now();
  }

  get ended(): boolean {
    return this.state === 'ended';
  }

  /** A text message from the browser. */
  message(raw: string): void {
    if (this.state === 'ended') return;
    if (!this.o.signedIn()) return this.end('signed out');
    let req: { type?: unknown; csrf?: unknown; room?: unknown; id?: unknown; action?: unknown; text?: unknown };
    try {
      req = JSON.parse(raw) as typeof req;
    } catch {
      return this.end('the panel sent something that is not JSON');
    }
    if (req === null || typeof req !== 'object') return this.end('the panel sent something that is not a request');
    if (this.state === 'new') {
      if (req.type !== 'join') return this.end('the first message must be join');
      if (!this.o.csrfOk(req.csrf)) return this.end('missing or wrong CSRF token');
      const room = typeof req.room === 'string' ? req.room.trim() : '';
      if (room === '' || room.length > this.limits.maxRoomChars || /[\p{Cc}]/u.test(room))
        return this.end(`a room name is 1 to ${this.limits.maxRoomChars} printable characters`);
      return this.join(room);
    }
    if (req.type !== 'send') return this.end(`unexpected ${JSON.stringify(String(req.type)).slice(0, 40)} message`);
    const id = typeof req.id === 'number' && Number.isSafeInteger(req.id) ? req.id : 0;
    const action = req.action;
    if (action !== 'chat' && action !== 'like' && action !== 'gift') return this.refuse(id, 'chat', 'unknown action');
    if (this.state !== 'joined') return this.refuse(id, action, 'not in the room yet');
    if (!this.o.canSend) return this.refuse(id, action, 'read-only sign-in: you may watch the room, not send');
    const text = typeof req.text === 'string' ? req.text : '';
    if (action === 'chat' && (text.trim() === '' || text.length > this.limits.maxTextChars))
      return this.refuse(id, action, `a chat is 1 to ${this.limits.maxTextChars} characters`);
    if (!this.take()) return this.refuse(id, action, `slow down: at most ${this.limits.sendsPerSecond} sends a second`);
    this.refused = 0;
    void this.session!.send(action, action === 'chat' ? text : '').then((r) => {
      if (this.state !== 'ended') this.o.browser.send({ type: 'sent', id, action, rttMs: r.rttMs, error: r.error });
    });
  }

  /** The browser went away. */
  browserClosed(): void {
    this.end('the browser closed the panel', false);
  }

  /** Ends the panel: leaves the room (when the protocol says how), closes both sides. */
  end(reason: string, tellBrowser = true): void {
    if (this.state === 'ended') return;
    const wasJoined = this.state === 'joined';
    this.state = 'ended';
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.intervals) clearInterval(t);
    if (this.session) {
      if (wasJoined && this.conn) this.session.leave();
      this.session.close(reason);
    }
    this.conn?.end();
    const conn = this.conn;
    // A target that does not close its side is not waited for.
    if (conn) setTimeout(() => conn.destroy(), 2000).unref();
    if (tellBrowser) {
      this.flush();
      this.o.browser.send({ type: 'closed', reason });
      this.o.browser.close(reason);
    }
    this.o.onEnd?.(reason);
  }

  private refuse(id: number, action: RoomSendAction, why: string): void {
    this.o.browser.send({ type: 'sent', id, action, rttMs: null, error: why });
    if (++this.refused >= this.limits.maxRefusedInARow) this.end('too many refused sends in a row');
  }

  private take(): boolean {
    const now = this.now();
    const l = this.limits;
    this.tokens = Math.min(l.sendBurst, this.tokens + ((now - this.tokensAt) / 1000) * l.sendsPerSecond);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private join(room: string): void {
    this.state = 'joining';
    this.roomName = room;
    const { plan, protocol } = this.o;
    const target = plan.targets.find((t) => this.o.allowTarget(t.host));
    if (!target)
      return this.end(
        `no target of this run is on the farm's allowlist (${plan.targets.map((t) => t.host).join(', ')})`,
      );
    this.o.browser.send({ type: 'status', step: 'connecting' });
    const connect = this.o.connect ?? openConnection;
    const maxMessage = plan.maxFrameBytes + 64;
    try {
      this.conn = connect(target, undefined, this, maxMessage);
    } catch (err) {
      return this.end(`cannot connect to ${addressOf(target)}: ${(err as Error).message}`);
    }
    this.splitter = this.conn.stream ? protocol.newSplitter(plan.maxFrameBytes) : null;
    this.timers.push(
      setTimeout(() => {
        if (this.state === 'joining') this.end(`could not join within ${this.joinBudgetMs()} ms`);
      }, this.joinBudgetMs()),
    );
    this.session = new RoomSession(
      {
        protocol,
        plan: this.o.room,
        feeders: plan.feeders,
        userId: this.o.userId,
        room,
        stream: this.conn.stream,
        timeoutMs: plan.timeouts.requestMs,
        now: this.now,
      },
      {
        write: (frame) => this.conn?.write(frame),
        wantsEvent: () =>
          this.events.events.length < this.perFlush() && this.o.browser.bufferedBytes < this.limits.maxBufferedBytes,
        event: (e) => this.events.events.push(e),
        skipped: () => this.events.skipped++,
        fail: (reason) => this.end(reason),
      },
    );
    this.target = target;
  }

  private joinBudgetMs(): number {
    const t = this.o.plan.timeouts;
    return t.connectMs + 2 * t.requestMs;
  }

  private perFlush(): number {
    return Math.max(1, Math.round((this.limits.eventsPerSecond * this.limits.flushMs) / 1000));
  }

  private flush(): void {
    const e = this.events;
    if (e.events.length === 0 && e.skipped === 0) return;
    this.o.browser.send(e);
    this.events = { type: 'events', events: [], skipped: 0 };
  }

  private async loginAndJoin(): Promise<void> {
    const s = this.session!;
    let loginMs: number | null = null;
    const login = s.login();
    if (login) {
      this.o.browser.send({ type: 'status', step: 'logging in' });
      const r = await login;
      if (this.state !== 'joining') return;
      if (r.error) return this.end(`login refused: ${r.error}`);
      loginMs = r.rttMs;
    }
    this.o.browser.send({ type: 'status', step: 'joining' });
    // Events that arrive from now on are the room's.
    this.intervals.push(setInterval(() => this.flush(), this.limits.flushMs));
    const hb = this.o.room.heartbeat;
    if (hb) this.intervals.push(setInterval(() => this.session?.heartbeat(), hb.everyMs));
    const j = await s.join();
    if (this.state !== 'joining') return;
    if (j.error) return this.end(`join refused: ${j.error}`);
    this.state = 'joined';
    const room = this.o.room;
    const actions = {} as Record<RoomSendAction, { ok: boolean; why: string | null }>;
    const latency: Partial<Record<RoomSendAction, string>> = {};
    for (const a of ['chat', 'like', 'gift'] as const) {
      const pa = room.send[a];
      const why = !pa ? room.why[a] : this.o.canSend ? null : 'read-only sign-in';
      actions[a] = { ok: why === null, why };
      if (pa && pa.kind.reply >= 0) latency[a] = pa.kind.name;
    }
    const echo = room.send.chat && room.send.chat.echo >= 0 ? this.o.protocol.eventNames[room.send.chat.echo]! : null;
    this.o.browser.send({
      type: 'joined',
      room: this.roomName,
      userId: this.o.userId,
      protocol: room.protocol,
      target: addressOf(this.target!),
      actions,
      loginMs,
      joinMs: j.rttMs ?? 0,
      fleet: { latency, echo },
    });
  }

  // --- the target connection (ConnectionOwner) ---------------------------------------

  connConnected(conn: Connection): void {
    if (conn !== this.conn || this.state !== 'joining') return;
    if (conn.stream) (conn as unknown as { setNoDelay?(on: boolean): void }).setNoDelay?.(true);
    void this.loginAndJoin().catch((err: Error) => this.end(`join failed: ${err.message}`));
  }

  connData(conn: Connection, chunk: Buffer): void {
    if (conn !== this.conn || !this.session || !this.splitter) return;
    const err = this.splitter.feed(chunk, this.session);
    if (err) this.end(`the target sent a frame ${this.o.protocol.name} cannot read: ${err.message}`);
  }

  connMessage(conn: Connection, message: Buffer, binary: boolean): void {
    if (conn !== this.conn || !this.session) return;
    const payload = binary ? this.o.protocol.messagePayload(message, this.hv) : null;
    if (payload === null) return this.end('the target sent a text WebSocket message');
    if (payload instanceof ProtocolError) return this.end(`the target sent a bad message: ${payload.message}`);
    this.session.onFrame(payload, this.hv.typeId, this.hv.seq);
  }

  connError(conn: Connection, err: NodeJS.ErrnoException): void {
    if (conn === this.conn) this.lastError = err;
  }

  connClosed(conn: Connection): void {
    if (conn !== this.conn) return;
    const why = this.lastError ? `: ${this.lastError.message}` : '';
    this.end(`the target closed the connection${why}`);
  }
}

function addressOf(t: Target): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return t.transport === 'tcp' ? `${host}:${t.port}` : `${t.transport}://${host}:${t.port}${t.path}`;
}
