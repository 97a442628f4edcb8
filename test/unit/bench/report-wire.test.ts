/** The per-wire block of docs/BENCHMARKS.md that `npm run bench:worker -- --wire … --write-docs` refreshes. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkerResult } from '../../../bench/worker/phases.js';
import { writeWireDocs } from '../../../bench/worker/report-wire.js';

const client = (cpuPer1000: number) => ({
  users: 15000,
  windows: 3,
  windowS: 60,
  roundTripsPerS: 3000,
  cpuPct: 10,
  cpuPer1000,
  cpuPer1000Min: cpuPer1000,
  cpuPer1000Max: cpuPer1000,
  procCpuPer1000: cpuPer1000,
  p50Ms: 0.5,
  p99Ms: 2,
  bytesPerUser: 2048,
  heapUsedPerUser: 1024,
  serverHeartbeats: 180000,
  clientTrips: 180000,
  serverHeld: 30000,
  serverCheck: { wire: 'im-lite', wireOk: true, openOnTransport: 30000, openOther: 0 },
});
/** A run's result with the fields the block reads (a whole WorkerResult has many more). */
const run = (wire: string, minute: number): WorkerResult =>
  ({
    date: `2026-12-03T17:${String(minute).padStart(2, '0')}:00.000Z`,
    node: 'v20',
    command: `npm run bench:worker -- --wire ${wire} --only cpu`,
    options: { wire, procs: 4 },
    loadavgStart: [1, 2, 3],
    loadavg: [1, 2, 3],
    cpu: { mode: 'together', loadfleet: client(0.02), bare: client(0.04) },
  }) as unknown as WorkerResult;

describe('bench:worker per-wire docs block', () => {
  it('keeps the last two runs of each wire and leaves the rest of the document alone', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lf-wire-docs-')), 'B.md');
    writeFileSync(
      path,
      'before\n<!-- bench:worker-wire:start -->\nSTALE TEXT\n<!-- bench:worker-wire:end -->\nafter\n',
    );
    writeWireDocs(path, run('im-lite', 1));
    writeWireDocs(path, run('ws', 2));
    writeWireDocs(path, run('im-lite', 3));
    writeWireDocs(path, run('im-lite', 4));
    const doc = readFileSync(path, 'utf8');
    expect(doc.startsWith('before\n<!-- bench:worker-wire:start -->\n')).toBe(true);
    expect(doc.endsWith('<!-- bench:worker-wire:end -->\nafter\n')).toBe(true);
    expect(doc).not.toContain('STALE TEXT');
    expect(doc).not.toContain('17:01');
    for (const t of ['17:02', '17:03', '17:04']) expect(doc).toContain(`2026-12-03 ${t}`);
    // The command's "--" is escaped inside the data comment, which itself ends only once.
    const data = doc.slice(doc.indexOf('<!-- bench:worker-wire:data'));
    expect(data.slice(4, data.indexOf('-->'))).not.toContain('--');
    expect(doc).toContain('| im-lite over TCP |');
    expect(doc).toContain('| bundled protocol over WebSocket |');
    expect(doc).toContain('**0.0200**');
    expect(doc).toContain('0.50×');
  });
});
