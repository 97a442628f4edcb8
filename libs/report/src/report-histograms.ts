import { decodeHistogram, encodeHistogram, extremesOf, type Histogram, type StatsWindow } from '@loadfleet/stats';
import { byHistogramOrder } from './report-totals.js';
import type { EncodedHistogram } from './types.js';

/** The run's merged latency histograms as report.json carries them (non-empty ones, in report order). */
export function encodeHistograms(totals: StatsWindow): Record<string, EncodedHistogram> {
  const out: Record<string, EncodedHistogram> = {};
  for (const name of Object.keys(totals.histograms).sort(byHistogramOrder)) {
    const h = totals.histograms[name]!;
    if (h.totalCount === 0) continue;
    const { max, minNonZero } = extremesOf(h);
    out[name] = { hdr: Buffer.from(encodeHistogram(h)).toString('base64'), maxUs: max, minNonZeroUs: minNonZero };
  }
  return out;
}

/** One of report.json's histograms back as an exact HDR histogram (throws StatsError on bytes that are not one). */
export function decodeReportHistogram(e: EncodedHistogram): Histogram {
  const bytes = Buffer.from(e.hdr, 'base64');
  return decodeHistogram(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), e.maxUs, e.minNonZeroUs);
}
