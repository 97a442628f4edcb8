import hdr from 'hdr-histogram-js';
import type { BitBucketSize, Histogram, JsHistogram } from 'hdr-histogram-js';

export type { Histogram };

/** One hour in microseconds: the largest latency kept; longer ones are clamped to it. */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;
export const SIGNIFICANT_DIGITS = 3;

/**
 * The recorder's live histograms count in 32 bits: the fastest record() and half
 * the memory of 64 bits (bench/stats-record.ts, docs/BENCHMARKS.md). A process
 * cannot put 2^32 values into one bucket within one second, so it cannot wrap.
 */
const RECORDING_BUCKETS: BitBucketSize = 32;
/**
 * Everything that merges (snapshots, decoded windows, the timeline, totals) counts
 * in 64-bit floats, exact up to 2^53: a Uint32Array would wrap silently over a long run.
 */
const MERGING_BUCKETS: BitBucketSize = 64;

function build(bitBucketSize: BitBucketSize): JsHistogram {
  return hdr.build({
    bitBucketSize,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    lowestDiscernibleValue: 1,
    autoResize: false,
    useWebAssembly: false,
  }) as JsHistogram;
}

export function newRecordingHistogram(): JsHistogram {
  return build(RECORDING_BUCKETS);
}

export function newHistogram(): JsHistogram {
  return build(MERGING_BUCKETS);
}

const probe = newRecordingHistogram();
if (probe.unitMagnitude !== 0 || probe.subBucketHalfCountMagnitude !== 10) {
  throw new Error('hdr-histogram-js lays out buckets differently than recordInto() assumes');
}

/**
 * Records v (an integer in [0, HIGHEST_TRACKABLE_US]) like h.recordValue(v), with the
 * bucket index from integer ops. hdr-histogram-js computes it with Math.log2 and
 * Math.pow, which only fold away when V8 sees one constant histogram: loaded from
 * an array, as the recorder holds them, recordValue() costs ~90 ns, this ~6 ns
 * (docs/BENCHMARKS.md). Tests check the index against countsArrayIndex().
 */
export function recordInto(h: JsHistogram, v: number): void {
  // Values below 2^11 sit in bucket 0; each bucket above covers twice the range at half the resolution.
  const bucket = Math.max(21 - Math.clz32(v), 0);
  h.incrementCountAtIndex((bucket << 10) + (v >>> bucket));
  h.incrementTotalCount();
  if (v > h.maxValue) h.maxValue = v;
  if (v !== 0 && v < h.minNonZeroValue) h.minNonZeroValue = v;
}

/** The lowest value counted at a bucket index (the inverse of recordInto's index). */
export function lowestValueAt(index: number): number {
  if (index < 2048) return index;
  const bucket = (index >> 10) - 1;
  return (index - (bucket << 10)) * 2 ** bucket;
}

/** How many consecutive values share the bucket at index (1 below 2048, then 2, 4, …). */
export function valuesAt(index: number): number {
  return index < 2048 ? 1 : 2 ** ((index >> 10) - 1);
}

/**
 * target += source, bucket by bucket (both made here, so their layouts match).
 * Like HDR's add(), but it walks only the source's occupied range, not all
 * 23,552 buckets: latencies rarely reach the top half of a one-hour range.
 */
export function addInto(target: Histogram, source: Histogram): void {
  const t = target as JsHistogram;
  const s = source as JsHistogram;
  if (s.totalCount === 0) return;
  const first = s.getCountAtIndex(0) > 0 ? 0 : s.countsArrayIndex(s.minNonZeroValue);
  const last = s.countsArrayIndex(s.maxValue);
  for (let i = first; i <= last; i++) {
    const count = s.getCountAtIndex(i);
    if (count !== 0) t.addToCountAtIndex(i, count);
  }
  t.setTotalCount(t.totalCount + s.totalCount);
  if (s.maxValue > t.maxValue) t.maxValue = s.maxValue;
  if (s.minNonZeroValue < t.minNonZeroValue) t.minNonZeroValue = s.minNonZeroValue;
}

/** A 64-bit copy; the source may be reset or reused afterwards. */
export function copyHistogram(source: Histogram): JsHistogram {
  const copy = newHistogram();
  addInto(copy, source);
  return copy;
}

/** Integer microseconds in [0, HIGHEST_TRACKABLE_US]; NaN and negatives become 0. */
export function clampMicros(micros: number): number {
  if (!(micros > 0)) return 0;
  if (micros >= HIGHEST_TRACKABLE_US) return HIGHEST_TRACKABLE_US;
  return Math.floor(micros);
}

/** The JS implementation behind every histogram this lib creates (never the WASM one). */
export function asJs(h: Histogram): JsHistogram {
  return h as JsHistogram;
}
