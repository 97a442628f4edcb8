// The bundled chat protocol and the im-lite example, compiled as a run would compile them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WireProtocol, type ProtocolSpec } from '@loadfleet/protocol';
import { parseScenario } from '@loadfleet/scenario';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/** The spec of a protocol as a scenario naming it gets it (`chat`, or a folder relative to examples/). */
export function specOf(protocol: string): ProtocolSpec {
  const text = `name: p\nprotocol: ${protocol}\ntarget: 127.0.0.1:7000\nload: { phases: [{ duration: 1s, rate: 1 }] }\nsessions: [{ name: s, steps: [connect] }]\n`;
  return parseScenario(text, { file: `${EXAMPLES}p.yaml`, baseDir: EXAMPLES, readFile: (p) => readFileSync(p, 'utf8') })
    .protocol;
}

export const chatProtocol = (): WireProtocol => new WireProtocol(specOf('chat'));
export const imLiteProtocol = (): WireProtocol => new WireProtocol(specOf('./protocols/im-lite'));
