import type { Checker, Fields } from './check.js';
import type { Distribution } from './plan.js';
import { MAX_DURATION_MS, formatDuration } from './durations.js';
import { keyPath } from './paths.js';
import type { YNode } from './source.js';

export const DISTRIBUTIONS = ['constant', 'uniform', 'exponential', 'normal'] as const;
const KEYS: Record<(typeof DISTRIBUTIONS)[number], readonly string[]> = {
  constant: ['distribution', 'value'],
  uniform: ['distribution', 'min', 'max'],
  exponential: ['distribution', 'mean', 'min', 'max'],
  normal: ['distribution', 'mean', 'stddev', 'min', 'max'],
};
const EXPECTED = 'a duration, or {distribution: constant|uniform|exponential|normal, ...}';

/**
 * A think time: `2s` (constant), or a distribution. Draws are clamped to
 * [min, max]. Defaults: min 0; max 10 × mean for exponential, mean + 5 × stddev
 * for normal (so that a long tail stays bounded).
 */
export function readDistribution(c: Checker, node: YNode, path: string): Distribution | undefined {
  if (node.kind === 'scalar') {
    const ms = c.duration(node, path);
    return ms === undefined ? undefined : { kind: 'constant', ms };
  }
  if (node.kind !== 'map') return c.expected(node, path, EXPECTED);
  const kindNode = node.entries.find((e) => e.key === 'distribution')?.value;
  const kindPath = keyPath(path, 'distribution');
  if (!kindNode) return c.fail(node, kindPath, `missing required field (expected one of ${DISTRIBUTIONS.join(', ')})`);
  const kind = c.oneOf(kindNode, kindPath, DISTRIBUTIONS);
  if (!kind) return undefined;
  const f = c.fields(node, path, KEYS[kind]);
  if (!f) return undefined;
  const dur = (key: string, positive = false) =>
    f.req(key, 'a duration') && c.duration(f.get(key)!, f.at(key), { positive });
  const optDur = (key: string, fallback: number) => f.opt(key, fallback, (n, p) => c.duration(n, p));
  switch (kind) {
    case 'constant': {
      const ms = dur('value');
      return ms === undefined ? undefined : { kind, ms };
    }
    case 'uniform': {
      const [minMs, maxMs] = [dur('min'), dur('max')];
      if (minMs === undefined || maxMs === undefined) return undefined;
      return ordered(f, minMs, maxMs) ? { kind, minMs, maxMs } : undefined;
    }
    case 'exponential': {
      const meanMs = dur('mean', true);
      if (meanMs === undefined) return undefined;
      const [minMs, maxMs] = [optDur('min', 0), optDur('max', Math.min(meanMs * 10, MAX_DURATION_MS))];
      if (minMs === undefined || maxMs === undefined) return undefined;
      return ordered(f, minMs, maxMs) ? { kind, meanMs, minMs, maxMs } : undefined;
    }
    case 'normal': {
      const [meanMs, stddevMs] = [dur('mean'), dur('stddev')];
      if (meanMs === undefined || stddevMs === undefined) return undefined;
      const [minMs, maxMs] = [optDur('min', 0), optDur('max', Math.min(meanMs + 5 * stddevMs, MAX_DURATION_MS))];
      if (minMs === undefined || maxMs === undefined) return undefined;
      return ordered(f, minMs, maxMs) ? { kind, meanMs, stddevMs, minMs, maxMs } : undefined;
    }
  }
}

function ordered(f: Fields, min: number, max: number): boolean {
  if (min <= max) return true;
  f.c.fail(
    f.get('max') ?? f.node,
    f.at('max'),
    `expected a duration ≥ min (${formatDuration(min)}), got ${formatDuration(max)}`,
  );
  return false;
}
