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
export { csrfMatches } from './console-auth.js';
export { RoomPanels, PANEL_USER_ID_BASE } from './room/room-panels.js';
export {
  RoomBridge,
  ROOM_LIMITS,
  type RoomLimits,
  type BrowserSide,
  type RoomBridgeOptions,
} from './room/room-bridge.js';
export {
  RoomSession,
  type RoomSessionOptions,
  type RoomSessionHooks,
  type RequestResult,
} from './room/room-session.js';
export { roomPlanOf, fillFields, type RoomPlan, type PanelAction } from './room/room-plan.js';
