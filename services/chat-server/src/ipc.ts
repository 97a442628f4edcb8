import type { ChatStats, RelayBatch } from '@loadfleet/chatroom';

/** Primary -> worker. */
export type ToWorker = RelayBatch | { t: 'stats?'; id: number } | { t: 'shutdown' };
/** Worker -> primary. */
export type ToPrimary = RelayBatch | { t: 'stats'; id: number; stats: ChatStats; pid: number };

/** Cross-process relay batching delay: a worker's room events reach the other workers within this (ms). */
export const RELAY_DELAY_MS = 2;
/** How long /stats waits for every worker's counters. */
export const STATS_TIMEOUT_MS = 3000;
/** How long the primary waits for its workers to stop before killing them. */
export const STOP_TIMEOUT_MS = 8000;
