import protobuf from 'protobufjs';
import { compileEnvelope, type EnvelopeShape } from './envelope.js';
import { ProtocolError } from './errors.js';
import { FrameWriter } from './frame-writer.js';
import { FixedHeader, createSplitter, type FrameSplitter, type HeaderValues } from './framing.js';
import { compileKinds, type CompiledPath, type Kind } from './kinds.js';
import { Peeker } from './peek.js';
import type { ProtocolPlugin } from './plugin.js';
import { loadProtoRoot } from './proto-files.js';
import type { ProtocolSpec } from './spec.js';

/** A received message decoded in full. */
export interface Decoded {
  kind: Kind;
  /** The kind's message (protobufjs object; `toPlain` for matching and extraction). */
  body: protobuf.Message;
  /** The seq it echoes (0 when none). */
  seq: number;
  /** Events: origin send time (epoch ms, 0 = unknown) and stats index (-1 = none). */
  originMs: number;
  event: number;
}

/** Options of protobufjs's toObject that give scenario-friendly values: enum names, int64 as text, every field. */
const PLAIN: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  bytes: String,
  defaults: true,
  oneofs: true,
};

/**
 * A protocol compiled once per run from its ProtocolSpec: the kinds, the
 * framing, the hot-path reader (peek) and writer, and the full decoder. Shared by
 * every connection of the run; stateless apart from the peek's results.
 */
export class WireProtocol {
  readonly name: string;
  readonly root: protobuf.Root;
  readonly kinds: readonly Kind[];
  /** Stats names of received events: event.in.<name>, delivery.<name>. */
  readonly eventNames: readonly string[];
  readonly heartbeatKind: number;
  readonly loginKind: number;
  readonly match: ProtocolSpec['match']['mode'];
  /** The largest seq the wire can carry (a header field may be narrower than 32 bits). */
  readonly maxSeq: number;
  readonly peeker: Peeker;
  private readonly shape: EnvelopeShape;
  private readonly header: FixedHeader;
  private readonly writer: FrameWriter;
  private readonly byName = new Map<string, Kind>();
  private readonly headerValues: HeaderValues = { typeId: -1, seq: -1 };
  private readonly originPaths: (CompiledPath | null)[];

  constructor(
    readonly spec: ProtocolSpec,
    private readonly plugin: ProtocolPlugin | null = null,
  ) {
    this.name = spec.name;
    this.root = loadProtoRoot(spec.protoFiles);
    const { kinds, eventNames } = compileKinds(spec, this.root);
    this.kinds = kinds;
    this.eventNames = eventNames;
    for (const k of kinds) {
      this.byName.set(k.name, k);
      if (k.alias) this.byName.set(k.alias, k);
    }
    this.heartbeatKind = spec.heartbeatKind;
    this.loginKind = spec.loginKind;
    this.match = spec.match.mode;
    const headerSeq = spec.framing.header.find((h) => h.kind === 'seq');
    this.maxSeq = headerSeq && headerSeq.kind === 'seq' ? 2 ** (8 * headerSeq.bytes) - 1 : 0xfffffffe;
    this.shape = compileEnvelope(spec, this.root, kinds);
    this.header = new FixedHeader(spec.framing.header);
    this.writer = new FrameWriter(spec, this.shape, this.header, kinds, spec.framing);
    this.peeker = new Peeker(this.shape, kinds);
    this.originPaths = kinds.map((k) => k.origin);
  }

  kind(name: string): Kind | undefined {
    return this.byName.get(name);
  }

  /** A splitter for a stream transport (TCP, TLS); frames over `maxFrameBytes` are protocol errors. */
  newSplitter(maxFrameBytes = this.spec.framing.maxFrameBytes): FrameSplitter {
    return (
      this.plugin?.createSplitter?.(maxFrameBytes) ?? createSplitter(this.spec.framing, this.header, maxFrameBytes)
    );
  }

  /** Reads the header of a message transport's message (WebSocket): the payload after it, or a ProtocolError. */
  messagePayload(message: Uint8Array, out: HeaderValues): Uint8Array | ProtocolError {
    const size = this.header.sizeWithoutLength;
    if (message.length < size) return new ProtocolError('LF_ERR_BAD_LENGTH', 'message shorter than its header');
    if (message.length - size > this.spec.framing.maxFrameBytes) {
      return new ProtocolError(
        'LF_ERR_FRAME_TOO_LARGE',
        `message of ${message.length} bytes exceeds the ${this.spec.framing.maxFrameBytes}-byte limit`,
      );
    }
    const bad = this.header.read(message, 0, false, out);
    return bad ?? message.subarray(size);
  }

  /** The kind's message from plain values (names as in the .proto; enums by name or number), encoded. */
  encodeBody(kind: Kind, values: Record<string, unknown>): Uint8Array {
    const type = kind.type;
    return type.encode(type.fromObject(values)).finish();
  }

  /** A whole frame for `kind` around its encoded message, stamped with seq and send time. */
  frame(kind: Kind, body: Uint8Array, seq: number, nowMs: number, stream: boolean): Uint8Array {
    if (this.plugin?.encodeFrame) return this.plugin.encodeFrame(kind.name, body, { seq, sentAtMs: nowMs, stream });
    return this.writer.frame(kind, body, seq, nowMs, stream);
  }

  /** The fast reading of a frame (see Peeker); -1 when it must be decoded in full. */
  peek(payload: Uint8Array, typeId: number, headerSeq: number): number {
    if (this.plugin?.decodeFrame) return -1;
    return this.peeker.peek(payload, typeId, headerSeq);
  }

  /** Decodes a frame in full; bad bytes are a ProtocolError (returned, not thrown). */
  decode(payload: Uint8Array, typeId: number, headerSeq: number): Decoded | ProtocolError {
    if (this.plugin?.decodeFrame) return this.decodeByPlugin(payload, typeId, headerSeq);
    const shape = this.shape;
    let kind: Kind | undefined;
    let body: protobuf.Message;
    let wire: protobuf.Message | null = null;
    try {
      switch (shape.mode) {
        case 'typeId':
          kind = shape.kindByTypeId.get(typeId);
          if (kind === undefined) return unknownType(typeId);
          body = kind.type.decode(payload);
          break;
        case 'oneof': {
          wire = shape.type.decode(payload);
          const member = (wire as unknown as Record<string, unknown>)[shape.oneof] as string | undefined;
          kind = member === undefined ? undefined : shape.kindByMember.get(member);
          if (kind === undefined) return new ProtocolError('LF_ERR_EMPTY_BODY', 'frame has no known message body');
          body = (wire as unknown as Record<string, protobuf.Message>)[member!]!;
          break;
        }
        case 'field': {
          wire = shape.type.decode(payload);
          const w = wire as unknown as Record<string, unknown>;
          const id = toNumber(w[shape.kindFieldName]);
          kind = shape.kindByTypeId.get(id);
          if (kind === undefined) return unknownType(id);
          body = kind.type.decode((w[shape.payloadFieldName] as Uint8Array | undefined) ?? new Uint8Array(0));
          break;
        }
      }
    } catch (err) {
      return new ProtocolError('LF_ERR_UNDECODABLE', `undecodable frame: ${(err as Error).message}`, { cause: err });
    }
    const seqSource = shape.seqField > 0 ? wire : kind.seqField > 0 ? body : null;
    const seqName = shape.seqFieldName;
    const seq =
      headerSeq > 0 ? headerSeq : seqSource ? toNumber((seqSource as unknown as Record<string, unknown>)[seqName]) : 0;
    let originMs = 0;
    let event = -1;
    if (kind.role === 'event') {
      const path = this.originPaths[kind.index];
      if (path) originMs = toNumber(readNames(body, path.names)) * kind.originMsPerUnit;
      if (kind.splitOneof === null) event = kind.eventIndex;
      else {
        const member = (body as unknown as Record<string, unknown>)[kind.splitOneof] as string | undefined;
        event = member === undefined ? -1 : (kind.splitByName.get(member) ?? -1);
      }
    }
    return { kind, body, seq, originMs, event };
  }

  /** The message as plain values (enum names, int64 as text, defaults filled in) for matching and extraction. */
  toPlain(d: Decoded): Record<string, unknown> {
    return d.kind.type.toObject(d.body, PLAIN);
  }

  private decodeByPlugin(payload: Uint8Array, typeId: number, headerSeq: number): Decoded | ProtocolError {
    const r = this.plugin!.decodeFrame!(payload, { typeId, seq: headerSeq });
    if (r instanceof ProtocolError) return r;
    const kind = this.byName.get(r.kind);
    if (kind === undefined)
      return new ProtocolError('LF_ERR_UNKNOWN_TYPE', `plugin decoded an unknown kind "${r.kind}"`);
    let body: protobuf.Message;
    try {
      body = r.body instanceof Uint8Array ? kind.type.decode(r.body) : kind.type.fromObject(r.body);
    } catch (err) {
      return new ProtocolError('LF_ERR_UNDECODABLE', `undecodable frame: ${(err as Error).message}`, { cause: err });
    }
    const d: Decoded = { kind, body, seq: r.seq ?? 0, originMs: 0, event: -1 };
    if (kind.role === 'event') {
      const path = this.originPaths[kind.index];
      if (path) d.originMs = toNumber(readNames(body, path.names)) * kind.originMsPerUnit;
      d.event =
        kind.splitOneof === null
          ? kind.eventIndex
          : (kind.splitByName.get(String((body as unknown as Record<string, unknown>)[kind.splitOneof])) ?? -1);
    }
    return d;
  }
}

function unknownType(id: number): ProtocolError {
  return new ProtocolError('LF_ERR_UNKNOWN_TYPE', `frame of unknown message type ${id}`);
}

function readNames(obj: unknown, names: readonly string[]): unknown {
  let cur = obj;
  for (const n of names) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[n];
  }
  return cur;
}

/** A decoded number, a Long (int64 fields), or absent (0). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'object' && typeof (v as { toNumber?: unknown }).toNumber === 'function') {
    return (v as { toNumber(): number }).toNumber();
  }
  return Number(v);
}
