// Fills in the benchmark's scenario templates (hold.yaml, heartbeat.yaml, short.yaml).
import { readFileSync } from 'node:fs';
import { benchPath } from '../lib/paths.js';

export const SCENARIO_DIR = benchPath('worker/');

/** The scenario text of `name` (a .yaml beside this file) with ${KEY} replaced by vars[KEY]. */
export function scenarioText(name: string, vars: Record<string, string | number>): string {
  const text = readFileSync(`${SCENARIO_DIR}${name}.yaml`, 'utf8');
  return text.replace(/\$\{(\w+)\}/g, (_, k: string) => {
    if (!(k in vars)) throw new Error(`${name}.yaml: no value for \${${k}}`);
    return String(vars[k]);
  });
}

/**
 * `count` source addresses 127.<a>.<b>.2… in a /24 nobody used lately: the ports of
 * the last run's sockets stay in TIME_WAIT for ~60 s (docs/SCALE.md). 5,000 sockets
 * an address leaves room below the ~28,000 ports the kernel hands out per address.
 */
export function freshAddresses(a: number, b: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `127.${a}.${b}.${i + 2}`);
}
