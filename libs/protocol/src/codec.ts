import protobuf from 'protobufjs/minimal.js';
import { ProtocolError } from './errors.js';
import { Envelope, type EnvelopeInit } from './messages.js';

let writer = protobuf.Writer.create();

/**
 * Encodes one envelope as a length-delimited frame. The returned buffer is
 * the caller's (it is written to a socket, possibly many times).
 */
export function encodeFrame(msg: EnvelopeInit): Uint8Array {
  writer.reset();
  writer.fork();
  try {
    Envelope.encode(msg, writer);
  } catch (err) {
    // A throw inside a nested message (e.g. a bigint in a number field) leaves forks on the
    // shared writer's stack; reset() pops only one, so the next frames would carry stale bytes.
    writer = protobuf.Writer.create();
    throw err;
  }
  writer.ldelim();
  return writer.finish();
}

/** Decodes a frame payload (without its length prefix) into an envelope, or a ProtocolError. */
export function decodeEnvelope(payload: Uint8Array): Envelope | ProtocolError {
  let env: Envelope;
  try {
    env = Envelope.decode(payload);
  } catch (err) {
    return new ProtocolError('LF_ERR_UNDECODABLE', `undecodable frame: ${(err as Error).message}`, { cause: err });
  }
  if (env.body === undefined) {
    return new ProtocolError('LF_ERR_EMPTY_BODY', 'frame has no known message body');
  }
  return env;
}
