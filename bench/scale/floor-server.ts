// The floor's server (bench:scale --floor, docs/BENCHMARKS.md "Scale: the floor"): a
// bare Node chat server that answers the bench:scale scenario's frames as the
// loadfleet chat server does — login → LoginAck, joinRoom → Joined and a join event to
// the room, heartbeat → HeartbeatAck, like → Ack and a likes event, chat → Ack and a
// chat event — with nothing else: no sessions' state machine, no deadlines, no
// stats but two counters, frames spliced and peeked at by hand. The same process
// layout as the chat server: node:cluster, SCHED_NONE (each process accepts by
// itself), one process stops accepting at `--cap` connections; room events reach
// the other processes over Unix-socket links, batched every 2 ms (RELAY_DELAY_MS),
// sent to every other process (no membership table).
// node bench/dist/scale/floor-server.js --port P --procs N --cap C  → prints {"ready":true,...} once all listen.
import cluster from 'node:cluster';
import http from 'node:http';
import net from 'node:net';
import { splitFrames } from '../lib/varint-frames.js';

/** A client connection: its partial frame, its room (latin1 key) and user. */
type FloorSocket = net.Socket & { carry: Buffer | null; room: string | null; userId: number };
/** A relay link from another process: its partial record. */
type LinkSocket = net.Socket & { carry: Buffer | null };
/** What a server process tells the primary. */
type FromWorker = { t: 'open'; n: number } | { t: 'listening'; port: number } | { t: 'linked' };

const argv = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? def : (argv[i + 1] ?? def);
};
const PORT = Number(opt('port', '0'));
const PROCS = Number(opt('procs', '2'));
const CAP = Number(opt('cap', '18000'));
const RELAY_DELAY_MS = 2;
// Abstract Unix sockets, named after the primary's pid: several servers may run at once.
const linkPath = (slot: number): string => `\0lf-floor-${process.env.FLOOR_PRIMARY ?? process.pid}-${slot}`;

if (cluster.isPrimary) {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const workers: ReturnType<typeof cluster.fork>[] = [];
  const open: number[] = new Array<number>(PROCS).fill(0);
  let listening = 0;
  let port = PORT;
  let linked = 0;
  // /stats: connections open, summed over the processes (each reports its count every 500 ms).
  const stats = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ connections: { open: open.reduce((a, b) => a + b, 0) }, byProcess: open }));
  });
  stats.listen(0, '127.0.0.1', () => {
    for (let i = 0; i < PROCS; i++) {
      const w = cluster.fork({ FLOOR_SLOT: String(i), FLOOR_PRIMARY: String(process.pid) });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (m.t === 'open') open[i] = m.n;
        else if (m.t === 'listening') {
          port = m.port;
          if (++listening === PROCS) for (const x of workers) x.send({ t: 'link' });
        } else if (m.t === 'linked' && ++linked === PROCS) {
          console.log(
            JSON.stringify({
              ready: true,
              port,
              httpPort: (stats.address() as net.AddressInfo).port,
              pids: [process.pid, ...workers.map((x) => x.process.pid)],
            }),
          );
        }
      });
    }
  });
  const stop = () => {
    for (const w of workers) w.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 200);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  runWorker(Number(process.env.FLOOR_SLOT));
}

// --- frames (protocols/chat/chat.proto, Envelope), by hand ---------------------------------------

function varintLen(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}
function putVarint(b: Buffer, p: number, n: number): number {
  while (n >= 0x80) {
    b[p++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  b[p++] = n;
  return p;
}
/** A frame: [length][0x08 seq]?[body tag (two bytes: fields 16-23)][body length][body]. */
function frame(seq: number, tag: number, body: Buffer): Buffer {
  const inner = (seq > 0 ? 1 + varintLen(seq) : 0) + 2 + varintLen(body.length) + body.length;
  const f = Buffer.allocUnsafe(varintLen(inner) + inner);
  let p = putVarint(f, 0, inner);
  if (seq > 0) {
    f[p++] = 0x08;
    p = putVarint(f, p, seq);
  }
  f[p++] = tag;
  f[p++] = 0x01;
  p = putVarint(f, p, body.length);
  body.copy(f, p);
  return f;
}
/** Fields 10-15 take one tag byte, as in a reply's body. */
function frame1(seq: number, tag: number, body: Buffer): Buffer {
  const inner = 1 + varintLen(seq) + 1 + varintLen(body.length) + body.length;
  const f = Buffer.allocUnsafe(varintLen(inner) + inner);
  let p = putVarint(f, 0, inner);
  f[p++] = 0x08;
  p = putVarint(f, p, seq);
  f[p++] = tag;
  p = putVarint(f, p, body.length);
  body.copy(f, p);
  return f;
}
const timeBody = () => {
  const b = Buffer.allocUnsafe(9);
  b[0] = 0x09; // field 1, double
  b.writeDoubleLE(Date.now(), 1);
  return b;
};
const TAG_HEARTBEAT_ACK = 0xaa; // field 21
const TAG_ACK = 0xb2; // field 22
const TAG_EVENT = 0xba; // field 23
const TAG_LOGIN_ACK = (11 << 3) | 2;
const TAG_JOINED = (13 << 3) | 2;

/** RoomEvent{room, origin_user, origin_sent_at, <kind field> {payload}}. */
function eventFrame(room: Buffer, user: number, sentAt: number, kindTag: number, payload: Buffer): Buffer {
  const b = Buffer.allocUnsafe(
    2 + room.length + 1 + varintLen(user) + 9 + 1 + varintLen(payload.length) + payload.length,
  );
  let p = 0;
  b[p++] = 0x0a;
  b[p++] = room.length;
  p += room.copy(b, p);
  b[p++] = 0x10;
  p = putVarint(b, p, user);
  b[p++] = 0x19;
  b.writeDoubleLE(sentAt, p);
  p += 8;
  b[p++] = kindTag;
  p = putVarint(b, p, payload.length);
  payload.copy(b, p);
  return frame(0, TAG_EVENT, b.subarray(0, p + payload.length));
}

// --- one server process --------------------------------------------------------------------------

function runWorker(slot: number): void {
  // An orderly exit, so that --cpu-prof writes its profile.
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
  /** Room name (latin1 string) → local member sockets. */
  const rooms = new Map<string, Set<FloorSocket>>();
  let open = 0;
  let accepting = false;
  let boundPort = PORT;
  const links: net.Socket[] = []; // outgoing links to the other processes
  let pending: Buffer[] = []; // relay records not yet sent
  let relayArmed = false;

  const send = (m: FromWorker) => process.send!(m);
  const report = () => send({ t: 'open', n: open });
  setInterval(report, 500).unref();

  function deliver(roomKey: string, f: Buffer) {
    const members = rooms.get(roomKey);
    if (members) for (const s of members) s.write(f);
  }
  function flushRelay() {
    relayArmed = false;
    const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    pending = [];
    for (const l of links) l.write(data);
  }
  /** An event made here: to our members, and to every other process. */
  function publish(roomKey: string, room: Buffer, f: Buffer) {
    deliver(roomKey, f);
    if (PROCS < 2) return;
    const rec = Buffer.allocUnsafe(1 + room.length + 4);
    rec[0] = room.length;
    room.copy(rec, 1);
    rec.writeUInt32LE(f.length, 1 + room.length);
    pending.push(rec, f);
    if (!relayArmed) {
      relayArmed = true;
      setTimeout(flushRelay, RELAY_DELAY_MS);
    }
  }
  function onRelay(this: LinkSocket, chunk: Buffer) {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    let p = 0;
    while (p < buf.length) {
      const rl = buf[p]!;
      if (p + 1 + rl + 4 > buf.length) break;
      const fl = buf.readUInt32LE(p + 1 + rl);
      if (p + 1 + rl + 4 + fl > buf.length) break;
      const key = buf.toString('latin1', p + 1, p + 1 + rl);
      deliver(key, buf.subarray(p + 5 + rl, p + 5 + rl + fl));
      p += 5 + rl + fl;
    }
    if (p < buf.length) this.carry = Buffer.from(buf.subarray(p));
  }

  function onFrame(s: FloorSocket, buf: Buffer, pos: number, end: number) {
    let seq = 0;
    if (buf[pos] === 0x08) {
      pos++;
      for (let shift = 0; ; shift += 7) {
        const b = buf[pos++]!;
        seq += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) break;
      }
    }
    let sentAt = 0;
    if (buf[pos] === 0x11) {
      sentAt = buf.readDoubleLE(pos + 1);
      pos += 9;
    }
    const tag = buf[pos];
    if (tag === 0xa2) {
      // heartbeat (field 20)
      s.write(frame(seq, TAG_HEARTBEAT_ACK, timeBody()));
      return;
    }
    if (tag === 0x82 || tag === 0x8a) {
      // chat (16) or like (17): {room = 1, text = 2 | count = 2}
      const bodyStart = pos + 3;
      const rl = buf[bodyStart + 1]!;
      const room = buf.subarray(bodyStart + 2, bodyStart + 2 + rl);
      const key = room.toString('latin1');
      s.write(frame(seq, TAG_ACK, timeBody()));
      let payload: Buffer;
      let kindTag: number;
      if (tag === 0x82) {
        // ChatEvent{text = 1} (field 10 of RoomEvent): the text as sent (ChatMessage's field 2)
        payload = Buffer.from(buf.subarray(bodyStart + 2 + rl, end));
        payload[0] = 0x0a;
        kindTag = 0x52;
      } else {
        // LikesEvent{count 1, senders 1} (field 11)
        payload = LIKES;
        kindTag = 0x5a;
      }
      publish(key, Buffer.from(room), eventFrame(Buffer.from(room), s.userId, sentAt, kindTag, payload));
      return;
    }
    if (tag === (10 << 3) + 2) {
      // login {user_id = 1, token = 2}
      let p = pos + 2; // tag, length (short body)
      let user = 0;
      if (buf[p] === 0x08) {
        p++;
        for (let shift = 0; ; shift += 7) {
          const b = buf[p++]!;
          user += (b & 0x7f) * 2 ** shift;
          if (b < 0x80) break;
        }
      }
      s.userId = user;
      const body = Buffer.allocUnsafe(9 + 1 + varintLen(user));
      body[0] = 0x09;
      body.writeDoubleLE(Date.now(), 1);
      body[9] = 0x10;
      putVarint(body, 10, user);
      s.write(frame1(seq, TAG_LOGIN_ACK, body));
      return;
    }
    if (tag === (12 << 3) + 2) {
      // joinRoom {room = 1}
      const rl = buf[pos + 3]!;
      const room = Buffer.from(buf.subarray(pos + 4, pos + 4 + rl));
      const key = room.toString('latin1');
      let members = rooms.get(key);
      if (!members) rooms.set(key, (members = new Set()));
      members.add(s);
      s.room = key;
      const body = Buffer.allocUnsafe(9 + 2 + rl + 1 + 5);
      body[0] = 0x09;
      body.writeDoubleLE(Date.now(), 1);
      body[9] = 0x12;
      body[10] = rl;
      room.copy(body, 11);
      body[11 + rl] = 0x18;
      const e = putVarint(body, 12 + rl, members.size);
      s.write(frame1(seq, TAG_JOINED, body.subarray(0, e)));
      // MemberEvent{member_count} as the join event (field 14)
      const count = Buffer.from([0x08, Math.min(members.size, 127)]);
      publish(key, room, eventFrame(room, s.userId, sentAt, 0x72, count));
    }
  }

  function onData(this: FloorSocket, chunk: Buffer) {
    this.carry = splitFrames(this.carry, chunk, this, onFrame);
  }
  function onClose(this: FloorSocket) {
    open--;
    if (this.room) {
      const m = rooms.get(this.room);
      m?.delete(this);
      if (m?.size === 0) rooms.delete(this.room);
    }
    if (!accepting && open < CAP) listen();
  }
  const server = net.createServer((sock) => {
    const s = sock as FloorSocket;
    open++;
    s.setNoDelay(true);
    s.carry = null;
    s.room = null;
    s.userId = 0;
    s.on('data', onData);
    s.on('error', () => {});
    s.on('close', onClose);
    if (open >= CAP && accepting) {
      accepting = false;
      server.close();
    }
  });
  function listen(first = false) {
    accepting = true;
    server.listen({ port: boundPort, host: '127.0.0.1', backlog: 4096 }, () => {
      boundPort = (server.address() as net.AddressInfo).port;
      if (first) send({ t: 'listening', port: boundPort });
    });
  }
  // The relay links: this process listens on its own abstract socket; it connects to each other one.
  const mesh = net.createServer((sock) => {
    const s = sock as LinkSocket;
    s.carry = null;
    s.on('data', onRelay);
    s.on('error', () => {});
  });
  mesh.listen(linkPath(slot), () => listen(true));
  process.on('message', (m: { t?: string }) => {
    if (m.t !== 'link') return;
    let up = 0;
    for (let j = 0; j < PROCS; j++) {
      if (j === slot) continue;
      const l = net.connect(linkPath(j), () => {
        if (++up === PROCS - 1) send({ t: 'linked' });
      });
      l.setNoDelay(true);
      links.push(l);
    }
    if (PROCS < 2) send({ t: 'linked' });
  });
}
const LIKES = Buffer.from([0x08, 0x01, 0x10, 0x01]);
