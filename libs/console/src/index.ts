export { SESSION_COOKIE, parseCookies, sessionCookie, clearedSessionCookie, type CookieOptions } from './cookies.js';
export { SessionStore, randomId, type Session, type SessionStoreOptions } from './sessions.js';
export {
  authenticate,
  checkSameOrigin,
  CSRF_HEADER,
  type Authenticated,
  type RequestCredentials,
} from './console-auth.js';
export { liveMeta, liveFrame, thresholdStates, historyFrames } from './live-frame.js';
export { workerDigest, WORKER_ROWS_PER_FRAME } from './worker-digest.js';
export { outcomeFromReport, matchesFilter, type RunOutcome, type RunFilter } from './run-summary.js';
export type * from './wire.js';
