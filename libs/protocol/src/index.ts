export { ProtocolError, type ProtocolErrorCode } from './errors.js';
export { FrameDecoder, DEFAULT_MAX_FRAME, type FrameSink } from './decoder.js';
export { encodeFrame, decodeEnvelope } from './codec.js';
export * from './messages.js';
export * from './control.js';
