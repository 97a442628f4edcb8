import type { MetricJson, WireStats } from '@loadfleet/chatroom';
import type { Peer } from './mesh-link.js';

/** Primary -> worker. */
export type ToWorker =
  | { t: 'peers'; peers: Peer[] }
  | { t: 'accept'; on: boolean }
  | { t: 'stats?'; id: number; metrics: boolean }
  | { t: 'shutdown' };

/** Worker -> primary. */
export type ToPrimary =
  /** Listening on the shared ports and on its mesh socket. */
  | { t: 'up'; mesh: string; port: number; wsPort: number }
  | { t: 'listen-failed'; message: string }
  /** Every mesh link is up. */
  | { t: 'mesh-up' }
  | { t: 'load'; open: number }
  /** Confirms an 'accept' command. */
  | { t: 'accepting'; on: boolean }
  | { t: 'stats'; id: number; pid: number; stats: WireStats; view: RoomsView; metrics?: MetricJson[] };

/** What one process knows of every room (its copy of the relay's table). */
export interface RoomsView {
  count: number;
  members: number;
}

/** The environment variable that tells a worker its slot. */
export const SLOT_ENV = 'LOADFLEET_CHAT_SLOT';
/** Cross-process relay batching delay: a process's room events reach the others within this (ms). */
export const RELAY_DELAY_MS = 2;
/** Load reports to the primary: at least this often while the count changes (ms). */
export const LOAD_REPORT_MS = 100;
/** How long /stats waits for every worker's counters. */
export const STATS_TIMEOUT_MS = 3000;
/** How long the primary waits for its workers to stop before killing them. */
export const STOP_TIMEOUT_MS = 8000;
/** How long the primary waits for every worker to listen and link up. */
export const STARTUP_TIMEOUT_MS = 20_000;
