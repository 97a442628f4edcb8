/**
 * Prometheus text exposition format (0.0.4), read for monitoring: each metric's
 * samples summed over their labels (a total over kinds, processes, …), its type
 * from `# TYPE`. Histogram buckets and quantiles are skipped (their _sum and
 * _count stay); NaN and infinite values are skipped.
 */
export interface PromFamily {
  value: number;
  type: 'counter' | 'gauge' | 'untyped' | 'histogram' | 'summary';
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+\S+)?\s*$/;

export function parsePrometheusText(text: string): Map<string, PromFamily> {
  const types = new Map<string, PromFamily['type']>();
  const out = new Map<string, PromFamily>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const t = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (t)
        types.set(
          t[1]!,
          (['counter', 'gauge', 'histogram', 'summary'].includes(t[2]!) ? t[2] : 'untyped') as PromFamily['type'],
        );
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const [, name, labels, valueText] = m as unknown as [string, string, string | undefined, string];
    if (name.endsWith('_bucket') || (labels !== undefined && /(^|[{,])\s*quantile=/.test(labels))) continue;
    const value = Number(valueText);
    if (!Number.isFinite(value)) continue;
    const type = types.get(name) ?? (name.endsWith('_total') ? 'counter' : 'untyped');
    const prev = out.get(name);
    out.set(name, { value: (prev?.value ?? 0) + value, type: prev?.type ?? type });
  }
  return out;
}
