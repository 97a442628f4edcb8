// Writes loadfleet's measured figures into libs/capacity/src/measured.ts, the
// defaults of `loadfleet plan` and of the worker's memory bound. Only a run that
// held every user updates it; `tsc -b libs/capacity` picks the new figures up.
import { readFileSync, writeFileSync } from 'node:fs';
import { rootPath } from '../lib/paths.js';
import type { ScaleResult } from './figures.js';

const FILE = rootPath('libs/capacity/src/measured.ts');
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** Replaces the values of `fields` in the MEASURED object literal, keeping the file's shape and comments. */
export function writeMeasured(fields: Record<string, string | number>): void {
  let text = readFileSync(FILE, 'utf8');
  for (const [key, value] of Object.entries(fields)) {
    const re = new RegExp(`(\\n  ${key}: )[^\\n]*,`);
    if (!re.test(text)) throw new Error(`measured.ts has no field ${key}`);
    const literal =
      typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(value);
    text = text.replace(re, (_, lead: string) => `${lead}${literal},`);
  }
  writeFileSync(FILE, text);
}

/** Called for a clean run only (every user held): the per-user figures exist. */
export function updateMeasured(r: ScaleResult): void {
  const g = r.memory.generator;
  writeMeasured({
    generatorKbPerUser: round(g.kibPerUser!, 2),
    generatorIdleMb: round(g.idleMiB / g.processes, 1),
    usersPerProcess: r.maxPerWorker,
    usersPerCore: Math.round(r.usersPerGeneratorCore! / 1000) * 1000,
    heartbeatS: 30,
    serverKbPerUser: round(r.memory.server.kibPerUser!, 2),
    measuredAt: r.date,
    command: r.command,
    users: r.held,
  });
}
