import { codecs, isSafeToken } from '@loadfleet/bus';
import type { StoredWindow } from './window-store.js';

/** One entry of the stats stream: its id and the bytes of field "r" (null when absent). */
export interface StreamEntry {
  readonly id: string;
  readonly record: Uint8Array | null;
}

export interface DecodedBatch {
  /** Windows to store, in stream order. */
  windows: StoredWindow[];
  /** Entries that are not StatsRecords: acked too (they would come back forever), and counted. */
  bad: { id: string; why: string }[];
  /** Every entry id of the batch: ack them once the windows are stored. */
  ack: string[];
}

/**
 * Stats stream entries -> the windows to store. Bytes from the network never
 * throw here: a bad entry is reported in `bad` and acknowledged like the rest.
 */
export function decodeEntries(entries: readonly StreamEntry[]): DecodedBatch {
  const out: DecodedBatch = { windows: [], bad: [], ack: [] };
  for (const e of entries) {
    out.ack.push(e.id);
    const why = problemOf(e, out.windows);
    if (why !== null) out.bad.push({ id: e.id, why });
  }
  return out;
}

function problemOf(e: StreamEntry, into: StoredWindow[]): string | null {
  if (e.record === null || e.record.length === 0) return 'no "r" field';
  const r = codecs.statsRecord.decode(e.record);
  if (r === null) return 'not a StatsRecord';
  if (!isSafeToken(r.runId)) return `bad run id "${r.runId.slice(0, 80)}"`;
  if (!isSafeToken(r.workerId)) return `bad worker id "${r.workerId.slice(0, 80)}"`;
  if (!r.window || r.window.length === 0) return 'empty window';
  into.push({ runId: r.runId, second: r.second, workerId: r.workerId, window: r.window });
  return null;
}

/** Compares two stream ids ("ms-seq"): negative, 0 or positive like a sort comparator. */
export function compareStreamIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}
