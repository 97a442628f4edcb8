import type { RequestKind } from './plan.js';

/**
 * What the scenario language knows of proto/chat.proto: request bodies with their
 * fields, replies, and room events. Field names are camelCase, as in the generated
 * code; field paths compile to the shape of the decoded message.
 */
export type FieldType = 'string' | 'uint32';

export const REQUEST_FIELDS: Readonly<Record<RequestKind, Readonly<Record<string, FieldType>>>> = {
  login: { userId: 'uint32', token: 'string' },
  joinRoom: { room: 'string' },
  leave: { room: 'string' },
  chat: { room: 'string', text: 'string' },
  like: { room: 'string', count: 'uint32' },
  gift: { room: 'string', giftId: 'uint32', count: 'uint32', value: 'uint32' },
  beam: { room: 'string', beamId: 'uint32', value: 'uint32' },
  heartbeat: {},
};
export const REQUEST_KINDS = Object.keys(REQUEST_FIELDS) as RequestKind[];

export const REPLY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  loginAck: ['serverTime', 'userId'],
  joined: ['serverTime', 'room', 'memberCount'],
  left: ['serverTime', 'room'],
  heartbeatAck: ['serverTime'],
  ack: ['serverTime'],
  error: ['code', 'reason'],
  kick: ['reason', 'detail'],
};

/** The reply body that answers each request (an `error` may answer any). */
export { REPLY_OF } from '@loadfleet/protocol';

export const EVENT_COMMON_FIELDS: readonly string[] = ['room', 'originUser', 'originSentAt'];
export const EVENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  chat: ['text'],
  likes: ['count', 'senders'],
  gift: ['giftId', 'count', 'value'],
  beam: ['beamId', 'value'],
  join: ['memberCount'],
  leave: ['memberCount'],
};
export const EVENT_KINDS = Object.keys(EVENT_FIELDS);

/** Every `expect:` type: reply kinds, `event`, and `event.<kind>`. */
export const EXPECT_TYPES: readonly string[] = [
  ...Object.keys(REPLY_FIELDS),
  'event',
  ...EVENT_KINDS.map((k) => `event.${k}`),
];

/**
 * A field path of a received body, as written in `match:` or `extract:`, in the
 * shape of the decoded message; or an error message. Reply fields are flat. Room
 * events carry `room`, `originUser`, `originSentAt`, and their kind's fields under
 * the kind's name (`chat.text`); in an `event.<kind>` expect, a kind field may be
 * written bare (`text` means `chat.text`).
 */
export function resolveBodyPath(type: string, path: string): { path: string } | { error: string } {
  const reply = Object.hasOwn(REPLY_FIELDS, type) ? REPLY_FIELDS[type] : undefined;
  if (reply) {
    return reply.includes(path)
      ? { path }
      : { error: `${type} has no field "${path}"; its fields: ${reply.join(', ')}` };
  }
  if (EVENT_COMMON_FIELDS.includes(path)) return { path };
  const kind = type.startsWith('event.') ? type.slice('event.'.length) : undefined;
  const dot = path.indexOf('.');
  if (dot > 0) {
    const [k, f] = [path.slice(0, dot), path.slice(dot + 1)];
    if ((kind === undefined || kind === k) && Object.hasOwn(EVENT_FIELDS, k) && EVENT_FIELDS[k]!.includes(f)) {
      return { path };
    }
  } else if (kind !== undefined && EVENT_FIELDS[kind]!.includes(path)) {
    return { path: `${kind}.${path}` };
  }
  const own = kind
    ? EVENT_FIELDS[kind]!.flatMap((f) => [f, `${kind}.${f}`])
    : EVENT_KINDS.flatMap((k) => EVENT_FIELDS[k]!.map((f) => `${k}.${f}`));
  return { error: `${type} has no field "${path}"; its fields: ${[...EVENT_COMMON_FIELDS, ...own].join(', ')}` };
}
