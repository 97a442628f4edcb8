import type { Random } from '@loadfleet/schedule';

/** What a worker asks for (a QuotaRequest without the run id). */
export interface QuotaAsk {
  workerId: string;
  freeCapacity: number;
  weight: number;
  activeUsers: number;
  /** What the worker holds of earlier grants (for a controller taking over the run; 0 or absent: nothing). */
  grantedThrough?: number;
  lastUserId?: number;
  lastGrantAt?: number;
  /**
   * Over every grant of this run the worker accepted (from any leader): the users
   * granted and the drops carried to it. What the allocator sent beyond these never
   * arrived (a reply lost to a timeout, or a leader that died).
   */
  usersGranted?: number;
  dropsReceived?: number;
  /** Users granted and not started yet; absent: estimated from the grants' windows. */
  pendingStarts?: number;
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
  /** A lost worker's unstarted arrivals are carried as drops once it has not come back for this long (5 s), or at the schedule's end. */
  confirmLossMs?: number;
  /** Closed model: replacement starts are spread over this window. */
  replaceWindowMs?: number;
  /** Take over a run another controller was pacing (docs/FARM.md, "Several controllers"). */
  resume?: ResumeFrom;
}

/**
 * Where a run's schedule stood, saved by its leader about once a second (with
 * the run record) so that another controller can take over its pacing.
 */
export interface SchedulePosition {
  /** Epoch ms of the save. */
  savedAt: number;
  /** Fencing token and id of the controller that saved it. */
  fence: number;
  controllerId: string;
  /** The next user id to grant (ids of granted and dropped arrivals are below it). */
  nextUserId: number;
  /** Epoch ms: every arrival intended before this was granted or dropped. */
  grantedThrough: number;
  /** Epoch ms of the last answer to a quota request (0: none yet). */
  lastGrantAt: number;
  usersGranted: number;
  dropped: number;
  /** The run's owner timeout: workers stop it when no leader has been heard for this long (no take-over after it). */
  ownerTimeoutMs?: number;
}

export interface ResumeFrom {
  /** Epoch ms the new leader took the run over. */
  at: number;
  /** The last position the previous leader saved (null: none was saved). */
  saved: SchedulePosition | null;
  /** How long to collect the workers' own account of their grants before granting (default 750 ms: 3 requests each). */
  listenMs?: number;
}

/** What a take-over cost, once the new leader grants again. */
export interface Handover {
  /** Epoch ms of the last answer the previous leader gave (known from the workers, else its last save). */
  lastGrantAt: number;
  /** Epoch ms of the new leader's first grant. */
  resumedAt: number;
  /** Epoch ms: the schedule resumed here; arrivals intended from `grantedThrough` to it were not granted. */
  grantedThrough: number;
  /** Arrivals intended in that gap: not granted (no burst catch-up), counted as dropped. */
  missed: number;
  /** Drops of the previous leaders that no worker had been told of (they died with it): carried now. */
  recovered: number;
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
  /** Arrivals intended while no controller led (a take-over), not granted late (part of `dropped`). */
  droppedByHandover: number;
  /** Users of grants whose reply never reached the worker (its request timed out): not started (part of `dropped`). */
  droppedInTransit: number;
  /** Arrivals written off for a worker taken for lost that asked again (alive after all): not dropped. */
  writeOffsTakenBack: number;
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
