import { hostname } from 'node:os';
import type { WorkerHeartbeatInit } from '@loadfleet/protocol';
import type { HealthSample } from '@loadfleet/stats';
import type { RecordBuffer, WorkerRun } from '@loadfleet/worker';
import { LOADFLEET_VERSION } from './version.js';

export interface HeartbeatFacts {
  workerId: string;
  capacity: number;
  capacityLimit: string;
  weight: number;
  openFilesLimit: number;
}

/** The WorkerHeartbeat of this second: capacity, health, buffered records, and each run's users. */
export function heartbeatOf(
  facts: HeartbeatFacts,
  health: HealthSample,
  runs: Iterable<WorkerRun>,
  buffer: RecordBuffer,
  leaving = false,
): WorkerHeartbeatInit {
  let activeUsers = 0;
  let openSockets = 0;
  const perRun = [];
  for (const run of runs) {
    activeUsers += run.activeUsers;
    openSockets += run.openSockets;
    perRun.push({ runId: run.runId, activeUsers: run.activeUsers, openSockets: run.openSockets });
  }
  return {
    workerId: facts.workerId,
    host: hostname(),
    pid: process.pid,
    capacity: facts.capacity,
    activeUsers,
    weight: facts.weight,
    cpuPct: health.cpuPct,
    rssBytes: health.rssBytes,
    loopDelayP99Ms: health.loopDelayP99Ms,
    openSockets,
    openFilesLimit: facts.openFilesLimit,
    bufferedRecords: buffer.size,
    droppedRecords: buffer.dropped,
    runs: perRun,
    sentAt: Date.now(),
    capacityLimit: facts.capacityLimit,
    version: LOADFLEET_VERSION,
    leaving,
  };
}
