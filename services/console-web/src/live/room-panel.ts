import type {
  LiveEnd,
  LiveFrame,
  LiveMeta,
  Percentiles,
  RoomEvent,
  RoomJoined,
  RoomMessage,
  RoomSendAction,
} from '@loadfleet/console/wire';
import { canWrite, session } from '../api.js';
import { fill, h, setText } from '../dom.js';
import { ms } from '../format.js';
import type { LivePanel } from './panel.js';

const MAX_LINES = 200;
const ACTIONS: readonly RoomSendAction[] = ['chat', 'like', 'gift'];

/** One figure's own samples: the last and the median. */
class Samples {
  private readonly values: number[] = [];
  last: number | null = null;
  add(v: number): void {
    this.last = v;
    this.values.push(v);
    if (this.values.length > 1000) this.values.shift();
  }
  get count(): number {
    return this.values.length;
  }
  median(): number | null {
    if (this.values.length === 0) return null;
    const s = [...this.values].sort((a, b) => a - b);
    return s[Math.floor((s.length - 1) / 2)]!;
  }
}

/**
 * Join the room yourself (issue 10, item 7): a chat panel that joins a room on the
 * run's target through the controller (WebSocket /v1/runs/:id/room, which speaks the
 * run's protocol), shows the room's live stream, sends chats, likes and gifts, and puts
 * this person's own round trip and delivery times beside the fleet's p50/p99 from the
 * live frames.
 */
export class RoomPanel implements LivePanel {
  readonly element = h('section', { id: 'room', class: 'room' });
  private ws: WebSocket | null = null;
  private joined: RoomJoined | null = null;
  private nextId = 1;
  private readonly sentAt = new Map<number, RoomSendAction>();
  private readonly rtt = new Map<RoomSendAction, Samples>();
  /** Delivery to this person, per event name. */
  private readonly delivery = new Map<string, Samples>();
  private readonly echo = new Samples();
  /** The fleet's latest p50/p99 per reply kind and per event (kept across seconds that lack them). */
  private readonly fleetLatency = new Map<string, Percentiles>();
  private readonly fleetDelivery = new Map<string, Percentiles>();
  private readonly roomInput = h('input', { id: 'room-name', value: 'room-1', maxlength: 100, size: 14 });
  private readonly joinButton = h('button', { id: 'room-join', type: 'submit' }, 'Join the room');
  private readonly status = h('p', { id: 'room-status', class: 'muted' });
  private readonly stream = h('ol', { id: 'room-stream', class: 'room-stream' });
  private readonly textInput = h('input', {
    id: 'room-text',
    maxlength: 500,
    placeholder: 'Say something to the room',
    autocomplete: 'off',
  });
  private readonly buttons = new Map<RoomSendAction, HTMLButtonElement>();
  private readonly figures = h('tbody', { id: 'room-figures' });
  private readonly body = h('div', { class: 'room-body', hidden: true });
  private runId = '';
  private live = true;

  constructor() {
    const joinForm = h(
      'form',
      {
        id: 'room-join-form',
        class: 'room-join',
        onsubmit: (e: Event) => {
          e.preventDefault();
          this.join();
        },
      },
      h('label', {}, 'Room ', this.roomInput),
      this.joinButton,
    );
    for (const a of ACTIONS) {
      const b = h(
        'button',
        { id: `room-${a}`, type: a === 'chat' ? 'submit' : 'button', disabled: true },
        a === 'chat' ? 'Send' : a === 'like' ? 'Like' : 'Gift',
      );
      if (a !== 'chat') b.addEventListener('click', () => this.send(a));
      this.buttons.set(a, b);
    }
    const sendForm = h(
      'form',
      {
        id: 'room-send',
        class: 'room-send',
        onsubmit: (e: Event) => {
          e.preventDefault();
          this.send('chat');
        },
      },
      this.textInput,
      [...this.buttons.values()],
      h('button', { id: 'room-leave', type: 'button', onclick: () => this.leave('you left the room') }, 'Leave'),
    );
    fill(
      this.body,
      h(
        'div',
        { class: 'room-cols' },
        h('div', { class: 'room-left' }, this.stream, sendForm),
        h(
          'div',
          { class: 'room-right' },
          h('h4', {}, 'You and the fleet'),
          h(
            'table',
            { id: 'room-figures-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['', 'you (last)', 'you (median)', 'fleet p50', 'fleet p99'].map((t) => h('th', {}, t)),
              ),
            ),
            this.figures,
          ),
          h(
            'p',
            { class: 'muted small' },
            'Round trip: request to its reply. Delivery: origin send to received. Fleet: the last merged second that had one.',
          ),
        ),
      ),
    );
    fill(
      this.element,
      h('h3', {}, 'Join the room yourself'),
      h(
        'p',
        { class: 'muted small' },
        'Take part as an end user during the test: the controller joins the room on the target for you, in the run’s protocol.',
      ),
      joinForm,
      this.status,
      this.body,
    );
  }

  meta(m: LiveMeta): void {
    this.runId = m.runId;
  }

  history(frames: readonly LiveFrame[]): void {
    for (const f of frames) this.keepFleet(f);
  }

  frame(f: LiveFrame): void {
    this.keepFleet(f);
    if (this.joined) this.drawFigures();
  }

  end(e: LiveEnd): void {
    this.live = false;
    this.joinButton.disabled = true;
    if (!this.ws) setText(this.status, `The run ended (${e.state}): there is no room to join.`);
  }

  close(): void {
    this.ws?.close();
    this.ws = null;
  }

  private keepFleet(f: LiveFrame): void {
    for (const [k, v] of Object.entries(f.latency)) this.fleetLatency.set(k, v);
    for (const [k, v] of Object.entries(f.delivery)) this.fleetDelivery.set(k, v);
  }

  private join(): void {
    if (this.ws || !this.live || !this.runId) return;
    const room = this.roomInput.value.trim();
    if (room === '') return;
    this.joinButton.disabled = true;
    this.roomInput.disabled = true;
    this.element.dataset.state = 'joining';
    setText(this.status, 'Connecting…');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/v1/runs/${encodeURIComponent(this.runId)}/room`);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'join', csrf: session()?.csrf ?? '', room }));
    ws.onmessage = (e) => this.onMessage(JSON.parse(String(e.data)) as RoomMessage);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.left(this.element.dataset.state === 'closed' ? null : 'The connection to the controller closed.');
    };
  }

  private leave(why: string): void {
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.left(why);
  }

  private left(why: string | null): void {
    this.joined = null;
    this.element.dataset.state = 'closed';
    if (why !== null) setText(this.status, why);
    for (const b of this.buttons.values()) b.disabled = true;
    this.textInput.disabled = true;
    this.joinButton.disabled = !this.live;
    this.roomInput.disabled = false;
    this.joinButton.textContent = 'Join again';
  }

  private onMessage(m: RoomMessage): void {
    switch (m.type) {
      case 'status':
        setText(this.status, `${m.step[0]!.toUpperCase()}${m.step.slice(1)}…`);
        break;
      case 'joined':
        this.onJoined(m);
        break;
      case 'events':
        for (const e of m.events) this.line(e);
        if (m.skipped > 0)
          this.note(`${m.skipped} more room events not shown (the panel shows at most a few hundred a second)`);
        break;
      case 'sent':
        this.onSent(m.id, m.action, m.rttMs, m.error);
        break;
      case 'notice':
        this.note(m.message);
        break;
      case 'closed':
        setText(
          this.status,
          `${this.element.dataset.state === 'joined' ? 'Left the room' : 'Cannot join'}: ${m.reason}`,
        );
        this.element.dataset.state = 'closed';
        this.status.classList.add('error');
        break;
    }
  }

  private onJoined(m: RoomJoined): void {
    this.joined = m;
    this.element.dataset.state = 'joined';
    this.status.classList.remove('error');
    this.body.hidden = false;
    fill(this.stream);
    const login = m.loginMs !== null ? `logged in in ${ms(m.loginMs)}, ` : '';
    setText(
      this.status,
      `In ${m.room} as user ${m.userId} on ${m.target} (${m.protocol}): ${login}joined in ${ms(m.joinMs)}.`,
    );
    this.textInput.disabled = !m.actions.chat.ok;
    for (const a of ACTIONS) {
      const b = this.buttons.get(a)!;
      b.disabled = !m.actions[a].ok;
      b.title = m.actions[a].why ?? '';
    }
    const notes = ACTIONS.filter((a) => !m.actions[a].ok).map((a) => `${a}: ${m.actions[a].why}`);
    if (notes.length > 0 && !canWrite())
      this.note('Read-only sign-in: you may watch the room; sending needs a read-write token.');
    else for (const n of notes) this.note(`Cannot ${n}`);
    this.drawFigures();
  }

  private send(action: RoomSendAction): void {
    const ws = this.ws;
    if (!ws || !this.joined || !this.joined.actions[action].ok) return;
    const text = this.textInput.value.trim();
    if (action === 'chat' && text === '') return;
    const id = this.nextId++;
    this.sentAt.set(id, action);
    ws.send(JSON.stringify({ type: 'send', id, action, text: action === 'chat' ? text : undefined }));
    if (action === 'chat') this.textInput.value = '';
  }

  private onSent(id: number, action: RoomSendAction, rttMs: number | null, error: string | null): void {
    this.sentAt.delete(id);
    if (error) return this.note(`${action} not done: ${error}`);
    if (rttMs !== null) {
      let s = this.rtt.get(action);
      if (!s) this.rtt.set(action, (s = new Samples()));
      s.add(rttMs);
    }
    this.drawFigures();
  }

  private line(e: RoomEvent): void {
    if (e.deliveryMs !== null) {
      let d = this.delivery.get(e.name);
      if (!d) this.delivery.set(e.name, (d = new Samples()));
      d.add(e.deliveryMs);
    }
    if (e.echoMs !== null) this.echo.add(e.echoMs);
    const time = new Date(e.at).toLocaleTimeString('en-GB');
    const fields = Object.entries(e.fields)
      .filter(([, v]) => v !== '' && v !== '0')
      .map(([k, v]) => `${k}: ${v}`)
      .join(' · ');
    const li = h(
      'li',
      { class: `ev ev-${e.name}${e.own ? ' own' : ''}`, 'data-event': e.name },
      h('span', { class: 'ev-time' }, time),
      h('span', { class: 'ev-name' }, e.own ? `${e.name} (you)` : e.name),
      h('span', { class: 'ev-fields' }, fields),
      h(
        'span',
        { class: 'ev-ms' },
        e.own && e.echoMs !== null ? `back in ${ms(e.echoMs)}` : e.deliveryMs !== null ? ms(e.deliveryMs) : '',
      ),
    );
    this.append(li);
    if (e.own) this.drawFigures();
  }

  private note(text: string): void {
    this.append(h('li', { class: 'note' }, text));
  }

  private append(li: HTMLElement): void {
    const s = this.stream;
    const atBottom = s.scrollTop + s.clientHeight >= s.scrollHeight - 8;
    s.append(li);
    while (s.childElementCount > MAX_LINES) s.firstElementChild!.remove();
    if (atBottom) s.scrollTop = s.scrollHeight;
  }

  private drawFigures(): void {
    const j = this.joined;
    if (!j) return;
    const rows: HTMLElement[] = [];
    const cell = (id: string, v: number | null | undefined) =>
      h('td', { id }, v === null || v === undefined ? '—' : ms(v));
    for (const a of ACTIONS) {
      const key = j.fleet.latency[a];
      if (!key || !j.actions[a].ok) continue;
      const mine = this.rtt.get(a);
      const fleet = this.fleetLatency.get(key);
      rows.push(
        h(
          'tr',
          {},
          h('th', {}, `Round trip: ${a}`),
          cell(`room-rtt-${a}`, mine?.last),
          cell(`room-rtt-${a}-median`, mine?.median()),
          cell(`room-fleet-rtt-${a}-p50`, fleet?.[0]),
          cell(`room-fleet-rtt-${a}-p99`, fleet?.[2]),
        ),
      );
    }
    for (const [name, mine] of [...this.delivery].sort((a, b) => b[1].count - a[1].count).slice(0, 5)) {
      const fleet = this.fleetDelivery.get(name);
      rows.push(
        h(
          'tr',
          {},
          h('th', {}, `Delivery to you: ${name}`),
          cell(`room-delivery-${name}`, mine.last),
          cell(`room-delivery-${name}-median`, mine.median()),
          cell(`room-fleet-delivery-${name}-p50`, fleet?.[0]),
          cell(`room-fleet-delivery-${name}-p99`, fleet?.[2]),
        ),
      );
    }
    if (j.fleet.echo)
      rows.push(
        h(
          'tr',
          {},
          h('th', {}, `Your ${j.fleet.echo}, sent → back`),
          cell('room-echo', this.echo.last),
          cell('room-echo-median', this.echo.median()),
          h('td', { class: 'muted' }, '—'),
          h('td', { class: 'muted' }, '—'),
        ),
      );
    fill(this.figures, rows);
  }
}
