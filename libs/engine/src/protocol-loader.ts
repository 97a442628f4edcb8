import { pathToFileURL } from 'node:url';
import { WireProtocol, type ProtocolPlugin, type ProtocolSpec } from '@loadfleet/protocol';
import { EngineError } from './errors.js';

const PARTS = ['createSplitter', 'encodeFrame', 'decodeFrame'] as const;

/**
 * Compiles a run's protocol, with its plugin when it has one: the plugin module's
 * default export is a ProtocolPlugin, or a function of the spec that returns one.
 * Only local runs load plugins (they are code); the farm's workers refuse them.
 */
export async function loadProtocol(spec: ProtocolSpec): Promise<WireProtocol> {
  if (!spec.plugin) return new WireProtocol(spec);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(spec.plugin).href)) as { default?: unknown };
  } catch (err) {
    throw new EngineError(
      'LF_ERR_PLUGIN_NOT_LOADED',
      `cannot load the plugin of protocol ${spec.name} (${spec.plugin}): ${(err as Error).message}`,
      { cause: err },
    );
  }
  const made = typeof mod.default === 'function' ? (mod.default as (s: ProtocolSpec) => unknown)(spec) : mod.default;
  if (
    typeof made !== 'object' ||
    made === null ||
    !PARTS.some((p) => typeof (made as Record<string, unknown>)[p] === 'function')
  ) {
    throw new EngineError(
      'LF_ERR_PLUGIN_NOT_LOADED',
      `the plugin of protocol ${spec.name} (${spec.plugin}) exports no ProtocolPlugin: its default export needs one of ${PARTS.join(', ')}`,
    );
  }
  return new WireProtocol(spec, made as ProtocolPlugin);
}
