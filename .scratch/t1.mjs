import { Checker } from '../libs/scenario/dist/check.js';
import { readProtocol } from '../libs/scenario/dist/protocol/folder.js';
import { WireProtocol, encodeFrame, decodeEnvelope } from '../libs/protocol/dist/index.js';
import { readFileSync } from 'node:fs';
const c = new Checker('x.yaml');
const chat = readProtocol(c, {}, undefined, 'protocol');
console.log(c.issues, chat.kinds.map(k => `${k.name}:${k.role}:${k.reply}`).join(' '));
const wp = new WireProtocol(chat);
console.log(wp.eventNames, wp.heartbeatKind, wp.loginKind);
// static encode a room event and compare peek
const ev = encodeFrame({ seq: 0, event: { room: 'r1', originUser: 5, originSentAt: 1700000000123.5, chat: { text: 'hi' } } });
const payload = ev.subarray(1);
const k = wp.peek(payload, -1, -1);
console.log('peek', k, wp.kinds[k]?.name, wp.peeker.originMs, wp.peeker.event, wp.eventNames[wp.peeker.event]);
const d = wp.decode(payload, -1, -1);
console.log('decode', d.kind.name, d.originMs, d.event, wp.toPlain(d));
// encode a login request via the generic path, decode with static codec
const login = wp.kind('login');
const body = wp.encodeBody(login, { user_id: 7, token: 'abc' });
const fr = wp.frame(login, body, 42, 1700000000000.25, true);
console.log(Buffer.from(fr).toString('hex'));
const env = decodeEnvelope(fr.subarray(1));
console.log(env);
// heartbeat ack peek
const hb = encodeFrame({ seq: 9, heartbeatAck: { serverTime: 123 } }).subarray(1);
console.log('hbpeek', wp.kinds[wp.peek(hb, -1, -1)].name, wp.peeker.seq);
// im-lite
const c2 = new Checker('y.yaml');
const im = readProtocol(c2, { readFile: (p) => readFileSync(p, 'utf8'), baseDir: 'examples' }, { kind: 'scalar', value: './protocols/im-lite', line: 1, col: 1 }, 'protocol');
console.log(c2.issues, im && im.kinds.map(k => `${k.name}:${k.role}:${k.reply}:${k.id}`).join(' '));
const wi = new WireProtocol(im);
const tp = wi.kind('textPush');
const tb = wi.encodeBody(tp, { meta: { room_id: 'r', from_uid: 3, origin_time_us: '1700000000123456' }, text: 'yo' });
const tf = wi.frame(tp, tb, 0, 0, true);
console.log(Buffer.from(tf).toString('hex'));
const sp = wi.newSplitter();
sp.feed(tf, { onFrame(p, typeId, seq) { const k = wi.peek(p, typeId, seq); console.log('im peek', k, wi.kinds[k]?.name, wi.peeker.originMs, wi.eventNames[wi.peeker.event]); const d = wi.decode(p, typeId, seq); console.log(d.kind.name, d.originMs, wi.toPlain(d)); return true; } });
const lr = wi.kind('loginReq');
const lf = wi.frame(lr, wi.encodeBody(lr, { uid: 5, ticket: 't' }), 1, 1700000000000.5, true);
console.log(Buffer.from(lf).toString('hex'));
