import { inflateSync } from 'node:zlib';
import hdr from 'hdr-histogram-js';
import type { JsHistogram } from 'hdr-histogram-js';
import { StatsError } from './errors.js';
import { asJs, HIGHEST_TRACKABLE_US, newHistogram, SIGNIFICANT_DIGITS, type Histogram } from './histogram.js';

/**
 * Histograms travel in HdrHistogram's V2 compressed encoding (the format every
 * HdrHistogram port reads): cookie, length, zlib-deflated V2 payload of
 * ZigZag-LEB128 bucket counts with runs of zeros. hdr-histogram-js writes it; we
 * read it ourselves because its decoder trusts the header: a corrupt length or a
 * huge zero run would allocate or loop for as long as the bytes say.
 */
const COMPRESSED_COOKIE = 0x1c849314;
const UNCOMPRESSED_COOKIE = 0x1c849313;
const HEADER_BYTES = 40;
const MAX_WORD_BYTES = 9;

export function encodeHistogram(h: Histogram): Uint8Array {
  const base64 = hdr.encodeIntoCompressedBase64(h);
  const bytes = Buffer.from(base64, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes into a 64-bit histogram; exact max and min (µs) restore what buckets round. */
export function decodeHistogram(bytes: Uint8Array, maxValue: number, minNonZeroValue: number): Histogram {
  const h = newHistogram();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || view.getUint32(0) !== COMPRESSED_COOKIE) fail('not an HdrHistogram V2 compressed histogram');
  if (view.getInt32(4) !== bytes.length - 8) fail('histogram length does not match its bytes');
  let payload: Buffer;
  try {
    const limit = HEADER_BYTES + h.countsArrayLength * MAX_WORD_BYTES;
    payload = inflateSync(bytes.subarray(8), { maxOutputLength: limit });
  } catch (err) {
    fail('histogram does not inflate', err);
  }
  readHeader(payload);
  restoreExtremes(h, readCounts(h, payload), maxValue, minNonZeroValue);
  return h;
}

function readHeader(p: Buffer): void {
  if (p.length < HEADER_BYTES || p.readUInt32BE(0) !== UNCOMPRESSED_COOKIE) fail('bad histogram header');
  if (p.readInt32BE(4) !== p.length - HEADER_BYTES) fail('histogram payload length does not match');
  if (p.readInt32BE(12) !== SIGNIFICANT_DIGITS) fail('histogram precision is not 3 significant digits');
  if (p.readUInt32BE(16) !== 0 || p.readUInt32BE(20) !== 1) fail('histogram lowest value is not 1 µs');
}

/** Adds counts by index: no value-to-index arithmetic per bucket. Returns [lowest, highest] non-zero index. */
function readCounts(h: JsHistogram, p: Buffer): [number, number] {
  let index = 0;
  let pos = HEADER_BYTES;
  let total = 0;
  let lowest = -1;
  let highest = -1;
  while (pos < p.length) {
    let raw = 0;
    let scale = 1;
    let byte = 0x80;
    for (let i = 0; i < MAX_WORD_BYTES && byte & 0x80; i++) {
      if (pos >= p.length) fail('histogram payload ends inside a count');
      byte = p[pos++]!;
      raw += (byte & 0x7f) * scale;
      scale *= 128;
    }
    if (raw > Number.MAX_SAFE_INTEGER) fail('histogram count beyond 2^53');
    const word = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    if (word < 0) {
      index -= word;
    } else {
      if (word > 0) {
        if (index >= h.countsArrayLength) fail('histogram bucket beyond the tracked range');
        h.addToCountAtIndex(index, word);
        total += word;
        if (lowest < 0) lowest = index;
        highest = index;
      }
      index++;
    }
    if (index > h.countsArrayLength) fail('histogram buckets beyond the tracked range');
  }
  if (total > Number.MAX_SAFE_INTEGER) fail('histogram total count beyond 2^53');
  h.setTotalCount(total);
  return [lowest, highest];
}

/** The exact max and min non-zero value sent along must lie in the top and lowest non-zero buckets. */
function restoreExtremes(
  h: JsHistogram,
  [lowest, highest]: [number, number],
  maxValue: number,
  minNonZero: number,
): void {
  if (highest < 0) return;
  if (maxValue > HIGHEST_TRACKABLE_US || h.countsArrayIndex(maxValue) !== highest)
    fail('histogram max is not in its top bucket');
  h.maxValue = maxValue;
  const lowestNonZero = lowest === 0 ? (highest === 0 ? -1 : nextNonZero(h, 1)) : lowest;
  if (lowestNonZero < 0) return;
  if (minNonZero === 0 || h.countsArrayIndex(minNonZero) !== lowestNonZero)
    fail('histogram min is not in its lowest bucket');
  h.minNonZeroValue = minNonZero;
}

function nextNonZero(h: JsHistogram, from: number): number {
  for (let i = from; i < h.countsArrayLength; i++) if (h.getCountAtIndex(i) > 0) return i;
  return -1;
}

/** The exact extremes to send along with the buckets (0 when absent). */
export function extremesOf(h: Histogram): { max: number; minNonZero: number } {
  const js = asJs(h);
  const hasNonZero = js.totalCount > js.getCountAtIndex(0);
  return { max: js.totalCount === 0 ? 0 : js.maxValue, minNonZero: hasNonZero ? js.minNonZeroValue : 0 };
}

function fail(message: string, cause?: unknown): never {
  throw new StatsError('LF_ERR_STATS_DECODE', message, cause === undefined ? undefined : { cause });
}
