// Fills in the benchmark's scenario templates (hold.yaml, heartbeat.yaml, short.yaml).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SCENARIO_DIR = fileURLToPath(new URL('.', import.meta.url));

/** The scenario text of `name` (a .yaml beside this file) with ${KEY} replaced by vars[KEY]. */
export function scenarioText(name, vars) {
  const text = readFileSync(new URL(`./${name}.yaml`, import.meta.url), 'utf8');
  return text.replace(/\$\{(\w+)\}/g, (_, k) => {
    if (!(k in vars)) throw new Error(`${name}.yaml: no value for \${${k}}`);
    return String(vars[k]);
  });
}

/**
 * `count` source addresses 127.<a>.<b>.2… in a /24 nobody used lately: the ports of
 * the last run's sockets stay in TIME_WAIT for ~60 s (docs/SCALE.md). 5,000 sockets
 * an address leaves room below the ~28,000 ports the kernel hands out per address.
 */
export function freshAddresses(a, b, count) {
  return Array.from({ length: count }, (_, i) => `127.${a}.${b}.${i + 2}`);
}
