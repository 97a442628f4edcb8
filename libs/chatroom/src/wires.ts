import { chatWire } from './chat-wire.js';
import { imLiteWire } from './im-lite-wire.js';
import type { Wire } from './wire.js';

/** The wire formats the reference server speaks, by the name --wire takes. */
export const WIRES: Readonly<Record<string, Wire>> = { chat: chatWire, 'im-lite': imLiteWire };

export function wireByName(name: string): Wire | undefined {
  return Object.hasOwn(WIRES, name) ? WIRES[name] : undefined;
}
