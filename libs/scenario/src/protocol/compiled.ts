import { WireProtocol, type ProtocolSpec } from '@loadfleet/protocol';
import type { Checker } from '../check.js';
import type { Pos } from '../source.js';

const cache = new WeakMap<ProtocolSpec, WireProtocol>();

/**
 * The protocol compiled as a worker would, for checking steps against it. A spec
 * the binding reader accepted compiles; if it does not, that is reported where
 * the scenario names the protocol rather than thrown.
 */
export function compileForChecks(c: Checker, spec: ProtocolSpec, at: Pos): WireProtocol | undefined {
  const cached = cache.get(spec);
  if (cached) return cached;
  try {
    const wp = new WireProtocol(spec);
    cache.set(spec, wp);
    return wp;
  } catch (err) {
    return c.fail(
      at,
      'protocol',
      `protocol ${spec.name} does not compile: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
