import type { Random } from '@loadfleet/schedule';

/** What a worker asks for (a QuotaRequest without the run id). */
export interface QuotaAsk {
  workerId: string;
  freeCapacity: number;
  weight: number;
  activeUsers: number;
}

/** The answer to a QuotaAsk. */
export type { Grant } from '@loadfleet/bus';

export interface AllocatorOptions {
  /** Epoch ms at which the schedule starts (RunSpec.startAt). */
  startAt: number;
  /** For Poisson arrivals; seed it for a reproducible schedule. */
  rng?: Random;
  /** Arrivals intended up to this far ahead may be granted (1 s). */
  leadMs?: number;
  /** Arrivals whose intended time passed this long ago are dropped, not granted. */
  staleMs?: number;
  /** A worker that has not asked for this long no longer shares the run's arrivals. */
  liveMs?: number;
  /** Arrivals this close to due that their owner has not taken go to any worker that asks. */
  borrowAheadMs?: number;
  /** Arrivals enter the queue no earlier than this long before startAt, so every worker that found the run has asked once. */
  warmupMs?: number;
  /** Closed model: replacement starts are spread over this window. */
  replaceWindowMs?: number;
}

export interface AllocatorStats {
  requests: number;
  /** Grants that started at least one user. */
  grants: number;
  usersGranted: number;
  /** Arrivals no worker could take in time, or that the fleet-wide maxUsers did not allow. */
  dropped: number;
  droppedByCap: number;
  /** Arrivals granted to workers that were lost before they could start them (part of `dropped`). */
  droppedByLoss: number;
  usersStopped: number;
}

export interface WorkerShareInfo {
  workerId: string;
  weight: number;
  activeUsers: number;
  committedUsers: number;
  freeCapacity: number;
  usersGranted: number;
  lastSeen: number;
}
