export {
  Counters,
  CLOSE,
  CLOSE_REASONS,
  TRANSPORTS,
  emptyStats,
  sumStats,
  type WireStats,
  type ChatStats,
  type CloseReason,
  type TransportName,
} from './counters.js';
export { ChatCore, type ChatCoreOptions } from './core.js';
export { Session, NEW, ACTIVE, CLOSING, CLOSED, type Transport } from './session.js';
export { Fanout, type FanoutHost } from './fanout.js';
export { Room, LikeBatch } from './rooms.js';
export { NO_RELAY, type RoomRelay } from './relay.js';
export { MeshRelay, RoomTable, type MeshLinks } from './mesh.js';
export { MeshDecoder, MeshProtocolError, encodeHello, encodeCount, encodeEventRecord, HELLO } from './mesh-codec.js';
export { AcceptBalancer, balanceSlack, type AcceptCommand } from './accept.js';
export {
  chatMetrics,
  serverMetrics,
  processRegistry,
  processMetrics,
  renderMetrics,
  METRICS_CONTENT_TYPE,
  type MetricJson,
  type Registry,
} from './metrics.js';
export { REPLY, EVENT, ERROR_NAMES, type ErrorName, type Wire, type WireNames, type FrameError } from './wire.js';
export { chatWire, BODY_INDEX } from './chat-wire.js';
export { imLiteWire, IM } from './im-lite-wire.js';
/** The im-lite messages, generated from examples/protocols/im-lite/im_lite.proto (npm run proto). */
export { imlite } from '../generated/im-lite.js';
export { ImLiteDecoder, ImLiteFrameError, imLiteFrame } from './im-lite-framing.js';
export { DelayLine } from './delay.js';
export { wireByName, WIRES } from './wires.js';
