export {
  Counters,
  CLOSE,
  CLOSE_REASONS,
  REPLY,
  REPLY_KINDS,
  ERROR_NAMES,
  EVENT,
  BODY_INDEX,
  emptyStats,
  sumStats,
  type ChatStats,
  type CloseReason,
  type ReplyKind,
  type ErrorName,
} from './counters.js';
export { ChatCore, type ChatCoreOptions } from './core.js';
export { Session, NEW, ACTIVE, CLOSING, CLOSED, type Transport } from './session.js';
export { Fanout, type FanoutHost } from './fanout.js';
export { Room, LikeBatch } from './rooms.js';
export { RelayOutbox, NO_RELAY, packBatch, frameAt, type RoomRelay, type RelayBatch } from './relay.js';
export { RelayHub } from './hub.js';
export { renderPrometheus } from './metrics.js';
export { encodeEvent } from './events.js';
