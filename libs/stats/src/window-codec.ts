import protobuf from 'protobufjs/minimal.js';
import { StatsError } from './errors.js';
import { decodeHistogram, encodeHistogram, extremesOf } from './hdr-codec.js';
import { emptyWindow, freezeWindow, type MutableStatsWindow, type StatsWindow } from './window.js';

/**
 * A window as the StatsWindow message of proto/control.proto, written and read by
 * hand: the hot path of every worker and aggregator, with no object per value
 * (test/unit/stats/window-proto.test.ts checks it byte for byte against the
 * generated code). Unknown fields are skipped, so later versions can add some.
 *
 *   1 fixed32 magic "LFSW"   2 uint32 version = 1   3 uint32 second   4 uint32 sources
 *   5 Value counters*   6 Value gauges*   7 Hist histograms*
 *   Value: 1 string name, 2 sint32 int | 3 double num
 *   Hist:  1 string name, 2 bytes hdr (HdrHistogram V2 compressed), 3 uint32 max µs, 4 uint32 min non-zero µs
 */
const MAGIC = 0x5753464c;
const VERSION = 1;
const UINT32_MAX = 0xffffffff;

const writer = protobuf.Writer.create();

export function encodeWindow(w: StatsWindow): Uint8Array {
  if (!Number.isInteger(w.second) || w.second < 0 || w.second > UINT32_MAX) {
    throw new StatsError('LF_ERR_STATS_ENCODE', `second ${w.second} is not an integer in 0..2^32-1`);
  }
  writer.reset();
  writer.uint32(0x0d).fixed32(MAGIC);
  writer.uint32(0x10).uint32(VERSION);
  writer.uint32(0x18).uint32(w.second);
  writer.uint32(0x20).uint32(w.sources);
  for (const name in w.counters) writeValue(0x2a, name, w.counters[name]!);
  for (const name in w.gauges) writeValue(0x32, name, w.gauges[name]!);
  for (const name in w.histograms) {
    const h = w.histograms[name]!;
    const { max, minNonZero } = extremesOf(h);
    writer.uint32(0x3a).fork();
    writer.uint32(0x0a).string(name);
    writer.uint32(0x12).bytes(encodeHistogram(h));
    writer.uint32(0x18).uint32(max);
    writer.uint32(0x20).uint32(minNonZero);
    writer.ldelim();
  }
  return writer.finish();
}

function writeValue(tag: number, name: string, value: number): void {
  writer.uint32(tag).fork();
  writer.uint32(0x0a).string(name);
  // Most values are small integers: a varint is 1-3 bytes where a double is 8 (and keeps -0).
  if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff && !Object.is(value, -0)) {
    writer.uint32(0x10).sint32(value);
  } else writer.uint32(0x19).double(value);
  writer.ldelim();
}

/** Decodes bytes from encodeWindow; anything else throws LF_ERR_STATS_DECODE. */
export function decodeWindow(bytes: Uint8Array): StatsWindow {
  try {
    return readWindow(protobuf.Reader.create(bytes));
  } catch (err) {
    if (err instanceof StatsError) throw err;
    throw new StatsError('LF_ERR_STATS_DECODE', `undecodable stats window: ${(err as Error).message}`, { cause: err });
  }
}

function readWindow(r: protobuf.Reader): StatsWindow {
  const w = emptyWindow(0);
  let magic = 0;
  let version = 0;
  while (r.pos < r.len) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        magic = r.fixed32();
        break;
      case 2:
        version = r.uint32();
        break;
      case 3:
        w.second = r.uint32();
        break;
      case 4:
        w.sources = r.uint32();
        break;
      case 5:
        readValue(r, w.counters);
        break;
      case 6:
        readValue(r, w.gauges);
        break;
      case 7:
        readHistogram(r, w);
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  if (magic !== MAGIC) fail('not a stats window (no LFSW magic)');
  if (version !== VERSION) fail(`unsupported stats window version ${version}`);
  return freezeWindow(w);
}

function readValue(r: protobuf.Reader, into: Record<string, number>): void {
  const end = messageEnd(r);
  let name: string | undefined;
  let value: number | undefined;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) name = r.string();
    else if (tag === 0x10) value = r.sint32();
    else if (tag === 0x19) value = r.double();
    else r.skipType(tag & 7);
  }
  checkEnd(r, end);
  if (name === undefined || value === undefined || !Number.isFinite(value))
    fail('stats value without a name or a finite value');
  into[name] = value;
}

function readHistogram(r: protobuf.Reader, w: MutableStatsWindow): void {
  const end = messageEnd(r);
  let name: string | undefined;
  let bytes: Uint8Array | undefined;
  let max = 0;
  let minNonZero = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) name = r.string();
    else if (tag === 0x12) bytes = r.bytes();
    else if (tag === 0x18) max = r.uint32();
    else if (tag === 0x20) minNonZero = r.uint32();
    else r.skipType(tag & 7);
  }
  checkEnd(r, end);
  if (name === undefined || bytes === undefined) fail('histogram without a name or buckets');
  w.histograms[name] = decodeHistogram(bytes, max, minNonZero);
}

function messageEnd(r: protobuf.Reader): number {
  const end = r.uint32() + r.pos;
  if (end > r.len) fail('nested message runs past the end');
  return end;
}

function checkEnd(r: protobuf.Reader, end: number): void {
  if (r.pos !== end) fail('nested message field runs past its message');
}

function fail(message: string): never {
  throw new StatsError('LF_ERR_STATS_DECODE', message);
}
